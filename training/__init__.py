"""The training engine: config, runs, trainers and evaluation. Never imports gradio."""
