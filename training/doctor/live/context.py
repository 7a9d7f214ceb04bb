"""What the live rules need besides the rows: the run's config and the loss of a model that only guesses."""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from training.config.studio import StudioConfig
from training.insight.quantities import texts_per_row
from training.insight.schedule import horizon, learning_rates
from training.lifecycle.runs import load_config


@dataclass
class LiveContext:
    config: StudioConfig
    chance: float | None = None  # ln C: InfoNCE candidates per query, or classes; None for SFT
    candidates: int | None = None
    _schedules: dict[int, tuple[int, list[float]]] = field(default_factory=dict, repr=False, compare=False)

    def schedule(self, total_steps: int) -> tuple[int, list[float]]:
        """(warmup steps, LR after each step) for the length the trainer reported, computed once."""
        if total_steps not in self._schedules:
            config = copy.deepcopy(self.config)
            config.training.max_steps = total_steps
            span = horizon(config)
            self._schedules[total_steps] = (span.warmup_steps, learning_rates(config, span))
        return self._schedules[total_steps]


def live_context(config: StudioConfig, num_labels: int | None = None) -> LiveContext:
    """Chance is ln(batch) for MNRL (ln(2 × batch) with a hard negative each), ln(classes) for classification."""
    if config.task == "embedding":
        # every positive of the batch (and its hard negative, when asked) competes for each anchor
        candidates = config.training.per_device_train_batch_size * (texts_per_row(config) - 1)
    elif config.task == "classification":
        candidates = num_labels or config.model.num_labels or None
    else:
        candidates = None  # a language model's chance is ln(vocabulary), far above any real starting loss
    if not candidates or candidates < 2:
        return LiveContext(config)
    return LiveContext(config, math.log(candidates), candidates)


def saved_num_labels(run_dir: str | Path) -> int | None:
    """The head size from the run's saved model config, or its newest checkpoint's; None before either exists."""
    run_dir = Path(run_dir)
    checkpoints = sorted((run_dir / "checkpoints").glob("checkpoint-*/config.json"), key=lambda p: p.stat().st_mtime)
    for path in [run_dir / "model" / "config.json", *reversed(checkpoints)]:
        if path.exists():
            saved = json.loads(path.read_text(encoding="utf-8"))
            return saved.get("num_labels") or len(saved.get("id2label", {})) or None
    return None


def run_context(run_dir: str | Path, num_labels: int | None = None) -> LiveContext:
    config = load_config(run_dir)
    if config.task == "classification" and not (num_labels or config.model.num_labels):
        num_labels = saved_num_labels(run_dir)
    return live_context(config, num_labels)
