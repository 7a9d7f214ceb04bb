"""One module per task, each with the same three functions: `build_trainer(config, run_dir, callbacks)`,
`save_model(trainer, run_dir)` and `training_row_count(config)`."""

from __future__ import annotations

import importlib
from types import ModuleType


def task_module(task: str) -> ModuleType:
    """The module that trains `task` (embedding, sft, classification), imported only when a run needs it."""
    return importlib.import_module(f"training.tasks.{task}")
