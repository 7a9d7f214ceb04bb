"""Findings about a run: before it starts (preflight, with an optional one-batch probe) and, later, while it runs."""
