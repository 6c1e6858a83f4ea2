"""The only place domain code meets caches: each stage's function over the corpus, cached once."""
