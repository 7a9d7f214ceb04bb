"""The Gradio UI. Only widgets and wiring live here; every action calls into `training` or `datasets_spec`."""
