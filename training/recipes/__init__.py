"""Recipes: whole chains from raw inputs to a scored model, each stage a call the CLI and the page make anyway."""
