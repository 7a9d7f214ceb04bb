"""The live doctor: rules over the metrics a run has logged so far, saved with the run as they are found.

Each rule scans the rows and reports the first step at which its condition held, looking only at rows up to that
step. So the same rows give the same findings however they arrive (one at a time from the UI, or all at once after
a restart), and a finding is recorded once, keyed by its rule and that step. Too few points means no finding. The
rules are grouped by what they read: the loss (loss.py), gradient norms (gradients.py), evaluations and epochs
(evaluation.py).
"""

from __future__ import annotations

from collections.abc import Callable

from training.doctor.findings import Finding
from training.doctor.live.context import LiveContext, live_context, run_context, saved_num_labels
from training.doctor.live.evaluation import epoch_steps, metric_stalled, overfitting
from training.doctor.live.gradients import grad_clipped, grad_tiny
from training.doctor.live.loss import Hit, bad_loss, initial_loss, plateau, warmup_flat

__all__ = [
    "RULES",
    "Hit",
    "LiveContext",
    "diagnose",
    "diagnose_steps",
    "live_context",
    "run_context",
    "saved_num_labels",
]

RULES: list[Callable[[list[dict], LiveContext], Hit | None]] = [
    initial_loss,
    bad_loss,
    warmup_flat,
    plateau,
    grad_clipped,
    grad_tiny,
    overfitting,
    epoch_steps,
    metric_stalled,
]


def diagnose_steps(rows: list[dict], ctx: LiveContext) -> list[Hit]:
    """Every rule's first hit on these rows, in step order."""
    return sorted((hit for rule in RULES if (hit := rule(rows, ctx))), key=lambda h: h[0])


def diagnose(rows: list[dict], ctx: LiveContext) -> list[Finding]:
    return [finding for _, finding in diagnose_steps(rows, ctx)]
