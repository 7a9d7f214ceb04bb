"""Rules that read a config, the dataset's statistics and, on request, a one-batch probe, before any step runs.

Each rule returns findings with the numbers that show the problem and, where one exists, the config edit that
fixes it; the rules are grouped by what they read: the run's shape (shape.py), the data (data.py), the model and the
machine (model.py), the devices a run spreads over (devices.py). Typical ranges come with their source in the
studio's wording, so a user can judge the advice.
"""

from __future__ import annotations

from training.doctor.findings import Finding
from training.doctor.preflight.context import Context, LastRun
from training.doctor.preflight.data import (
    DATA_TASK,
    TASK_OF_DATA,
    classes,
    offered_lengths,
    popular_positives,
    task_fits_data,
    truncation,
)
from training.doctor.preflight.devices import global_batch_change, memory_over
from training.doctor.preflight.model import hardware, initial_loss, lora
from training.doctor.preflight.shape import batch, intervals, learning_rate, warmup

__all__ = ["DATA_TASK", "RULES", "TASK_OF_DATA", "Context", "LastRun", "offered_lengths", "preflight"]

RULES = [
    task_fits_data,
    warmup,
    learning_rate,
    batch,
    intervals,
    truncation,
    classes,
    popular_positives,
    hardware,
    memory_over,
    global_batch_change,
    lora,
    initial_loss,
]


def preflight(ctx: Context) -> list[Finding]:
    """Every rule's findings, errors first."""
    findings = [f for rule in RULES for f in rule(ctx)]
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order[f.severity])
