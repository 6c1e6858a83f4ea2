"""Caches, code fingerprints, processes and locks: how the work is run, never what it computes."""
