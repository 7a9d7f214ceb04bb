"""The global batch of a job over several processes and machines, and the learning rates that the usual scaling
rules would pair with it.

Every process takes its own batch and the gradients are averaged over all of them, so one optimiser step sees
per-device batch × processes per machine × machines × accumulation examples (schedule.effective_batch), and an
epoch has that many times fewer steps: 16 × 4 × 2 × 2 = 256 examples a step, 1,000 rows → 4 steps an epoch.

A learning rate tuned at one batch is not the same step at another. Two rules are in use: linear (Goyal et al.
2017, for SGD: k× the batch, k× the LR) and square root (Malladi et al. 2022, for Adam: k× the batch, √k× the LR).
Neither is applied: the run trains at the LR the config sets, and these numbers are what a person may consider.
With LR 2e-4 tuned at one process's batch 32 and a job of 8 processes (256): linear 1.6e-3, square root 5.66e-4.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from training.config.studio import StudioConfig
from training.insight.schedule import effective_batch


@dataclass(frozen=True)
class GlobalBatch:
    per_device: int
    processes: int  # per machine
    machines: int
    accumulation: int
    total: int  # per_device × processes × machines × accumulation
    reference: int  # the global batch the learning rate was set at (one process's, unless told)
    learning_rate: float
    linear_lr: float  # learning_rate × total / reference, to 3 significant digits (a rate a person would set)
    sqrt_lr: float  # learning_rate × √(total / reference), likewise

    @property
    def ratio(self) -> float:
        return self.total / self.reference

    def to_dict(self) -> dict:
        return asdict(self) | {"ratio": self.ratio}


def one_process_batch(config: StudioConfig) -> int:
    """The global batch the same config has on one process: per device × accumulation."""
    t = config.training
    return t.per_device_train_batch_size * t.gradient_accumulation_steps


def global_batch(config: StudioConfig, reference: int | None = None) -> GlobalBatch:
    """The config's global batch, and the LR each rule scales to from `reference` (default: one process's batch)."""
    t = config.training
    total, reference = effective_batch(config), reference or one_process_batch(config)
    k = total / reference
    return GlobalBatch(
        t.per_device_train_batch_size,
        t.num_processes,
        t.num_machines,
        t.gradient_accumulation_steps,
        total,
        reference,
        t.learning_rate,
        float(f"{t.learning_rate * k:.3g}"),
        float(f"{t.learning_rate * math.sqrt(k):.3g}"),
    )


def keeping_accumulation(config: StudioConfig, target: int) -> int | None:
    """The gradient_accumulation_steps that gives `target` examples a step with this config's per-device batch and
    processes; None when no whole number does (3 processes cannot split a global batch of 32)."""
    t = config.training
    per_step = t.per_device_train_batch_size * t.total_processes
    return target // per_step if target % per_step == 0 and target >= per_step else None
