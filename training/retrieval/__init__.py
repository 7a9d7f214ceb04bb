"""Retrieval quality: IR evaluation, BM25 / dense / hybrid search, scoreboards, paired comparisons, cached corpus
embeddings."""
