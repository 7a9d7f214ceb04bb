"""Asking a trained model: answers, labels or search results, for the Playground tab and `python -m training ask`."""
