"""Benchmarks: each prints its figure and, where there is a reference, the ratio against it."""
