"""Hard negatives: BM25, the embedding model, or articles of the same law; the options and the CLI."""
