"""A run from start to end: its folder and state, the training process (one or several), metrics, checkpoints,
progress, history and sweeps."""
