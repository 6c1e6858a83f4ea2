"""Corpus-wide tables: documents (with duplicate clusters) and stories."""
