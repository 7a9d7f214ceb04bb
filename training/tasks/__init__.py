"""One module per task: data → model → trainer."""
