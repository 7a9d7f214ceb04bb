"""More examples written by a language model: the writer, the filters that keep only faithful ones, and the CLI."""
