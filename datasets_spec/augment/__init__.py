"""Ways to make more training data from what a person already has: slot templates, pseudo-queries, model variants."""
