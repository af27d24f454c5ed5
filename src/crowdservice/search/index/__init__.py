"""The persistent search index: documents from providers, lexical backends, vectors, retrieval."""
