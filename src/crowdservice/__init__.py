"""CrowdService: community Q&A, knowledge base and case management in one system."""

__version__ = "0.1.0"
