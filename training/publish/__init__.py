"""Publishing a run: export to a folder, the model card, the Hub push and the demo Space."""
