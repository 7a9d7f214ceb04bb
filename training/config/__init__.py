"""The typed config and everything that reads it in: field groups, presets, imported keys, and the check that
a run can start."""
