"""Cross-document analysis over the store."""
