"""Readers for the dataset layouts the studio accepts."""
