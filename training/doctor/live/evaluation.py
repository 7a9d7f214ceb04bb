"""Live rules on evaluation and epochs: validation rising while training falls, a drop at an epoch boundary (recall
of the training set), and the judged metric no longer improving."""

from __future__ import annotations

import math
import statistics

from training.config.studio import StudioConfig
from training.doctor.findings import Finding, Fix
from training.doctor.live.context import LiveContext
from training.doctor.live.loss import Hit
from training.doctor.live.series import Point, number, series
from training.tasks.common import best_metric

OVERFIT_EVALS = 2  # evaluations after the best: one rise can be noise, two in a row are a trend
OVERFIT_RISE = 0.01  # eval loss at least 1% above its best
TRAIN_FALL = 0.02  # ...while the training loss fell at least 2% over the same steps
TRAIN_AVERAGE = 3  # loss logs averaged around an evaluation's step
STEP_LOGS = 4  # loss logs on each side of an epoch boundary
STEP_RATIO = 3.0  # the drop across the boundary must be 3× the drift and the noise inside the epoch
STEP_DROP = 0.1  # and at least 10% of the loss: smaller steps are not worth a fewer-epochs advice
STALL_EVALS = 3  # evaluations without a new best before the metric is called stalled (a common patience)


def _train_loss_near(losses: list[Point], step: int) -> float | None:
    """The mean of the last few training losses logged at or before `step`: one batch's loss is noisy."""
    finite = [(s, v) for s, v, _ in losses if math.isfinite(v)]
    near = [v for s, v in finite if s <= step][-TRAIN_AVERAGE:] or [v for _, v in finite[:TRAIN_AVERAGE]]
    return statistics.fmean(near) if near else None


def _patience_fix(config: StudioConfig, patience: int) -> Fix | None:
    """None when early stopping is on: it will end the run itself."""
    return None if config.early_stopping.patience > 0 else Fix("early_stopping.patience", patience)


def overfitting(rows: list[dict], ctx: LiveContext) -> Hit | None:
    evals, losses = series(rows, "eval_loss"), series(rows, "loss")
    for i in range(OVERFIT_EVALS, len(evals)):
        best = min(range(i + 1), key=lambda j: evals[j][1])
        (best_step, low, _), (step, now, _) = evals[best], evals[i]
        if i - best < OVERFIT_EVALS or now < low * (1 + OVERFIT_RISE):
            continue
        then, later = _train_loss_near(losses, best_step), _train_loss_near(losses, step)
        if then is None or later is None or later > then * (1 - TRAIN_FALL):
            continue
        values = {
            "case": "best" if best_step else "start",  # whether a step has beaten the start yet
            "best_step": best_step,
            "best": low,
            "step": step,
            "now": now,
            "rise": now / low - 1,
            "train_then": then,
            "train_now": later,
            "train_change": later / then - 1,
        }
        return step, Finding("overfitting", "warning", values, _patience_fix(ctx.config, OVERFIT_EVALS))
    return None


def _stop_at_epoch(config: StudioConfig, boundary: int, end: int) -> Fix:
    if config.training.max_steps > 0:
        return Fix("training.max_steps", end)
    return Fix("training.num_train_epochs", float(boundary))


def epoch_steps(rows: list[dict], ctx: LiveContext) -> Hit | None:
    """Within an epoch every example is new; right after a boundary the model meets examples it has already fitted,
    so a sudden drop there is recall of the training set."""
    losses = [
        (s, v, e) for s, v, r in series(rows, "loss") if math.isfinite(v) and (e := number(r.get("epoch"))) is not None
    ]
    for boundary in range(1, math.ceil(losses[-1][2]) if losses else 1):
        before = [x for x in losses if x[2] <= boundary + 1e-9]  # the log at a boundary's last step says 1.0
        after = [x for x in losses if x[2] > boundary + 1e-9][:STEP_LOGS]
        if len(after) < STEP_LOGS:
            return None
        if len(before) < 2 * STEP_LOGS:
            continue
        earlier, last = [v for _, v, _ in before[-2 * STEP_LOGS : -STEP_LOGS]], [v for _, v, _ in before[-STEP_LOGS:]]
        a, b = statistics.fmean(last), statistics.fmean(v for _, v, _ in after)
        drift, noise = statistics.fmean(earlier) - a, statistics.stdev(last)
        if a - b > STEP_RATIO * max(drift, noise) and a - b > STEP_DROP * a:
            end = before[-1][0]
            values = {
                "boundary": boundary,
                "end": end,
                "logs": STEP_LOGS,
                "before": a,
                "after": b,
                "change": b / a - 1,
                "drift": drift,
                "noise": noise,
            }
            return after[-1][0], Finding("epoch_steps", "warning", values, _stop_at_epoch(ctx.config, boundary, end))
    return None


def metric_stalled(rows: list[dict], ctx: LiveContext) -> Hit | None:
    name = best_metric(ctx.config)
    evals = [x for x in series(rows, name) if math.isfinite(x[1])]
    sign = -1.0 if "loss" in name else 1.0  # loss is better lower, every other metric higher
    margin = ctx.config.early_stopping.threshold
    best = 0
    for i in range(1, len(evals)):
        if sign * (evals[i][1] - evals[best][1]) > margin:
            best = i
        elif i - best == STALL_EVALS:
            (best_step, value, _), since = evals[best], [v for _, v, _ in evals[best + 1 : i + 1]]
            fix = _patience_fix(ctx.config, STALL_EVALS)
            values = {
                "case": ("best" if best_step else "start") if fix else "patience_on",
                "metric": name,
                "evals": STALL_EVALS,
                "best": value,
                "best_step": best_step,
                "first": evals[best + 1][0],
                "last": evals[i][0],
                "reached": (max if sign > 0 else min)(since),
            }
            return evals[i][0], Finding("metric_stalled", "warning" if fix else "info", values, fix)
    return None
