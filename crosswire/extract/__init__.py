"""Per-document extractors: each a pure function of one document and its parse."""
