"""The shared base every layer may import: settings, the data folder, the `knob` field declaration and
ConfigError, atomic file writes, locks, and model access (finding, converting and loading models). Imports nothing
first-party above it."""
