"""One module per tab; each builds its components and returns them by name."""
