"""Duplicate detection: the folded text, MinHash near-duplicates, and clusters."""
