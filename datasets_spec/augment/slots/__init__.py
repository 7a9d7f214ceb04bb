"""JSON-task examples from slot templates: the template spec, the generator, and the CLI."""
