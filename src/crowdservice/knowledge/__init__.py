"""The knowledge base: articles under editorial control, kept fresh by the community."""
