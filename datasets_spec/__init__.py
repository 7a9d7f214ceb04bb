"""Dataset formats, validation and splitting for Tuning Studio."""
