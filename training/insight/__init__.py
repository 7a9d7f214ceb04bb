"""Numbers a config implies before a run: the LR schedule, derived quantities, LoRA's size, plain-words
explanations and the diff of two configs."""
