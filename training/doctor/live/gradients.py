"""Live rules on gradient norms: clipped on most steps while the loss stopped falling, or too small to move."""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from collections.abc import Iterator

from training.doctor.findings import Finding
from training.doctor.live.context import LiveContext
from training.doctor.live.loss import SMALLER_LR_FACTOR, Hit, lower_lr
from training.doctor.live.series import prefix_sums, series, total_steps, trend

GRAD_WINDOW = 10  # gradient-norm logs judged together
GRAD_CLIPPED_SHARE = 0.5  # clipped on more than half of them: clipping is the rule, not the exception
GRAD_TINY = 1e-4  # every norm below this: the weights barely move
CLIPPED_FALL = 0.02  # ...and the loss surely (at the 95% edge) fell less than 2% across those steps


def norm_windows(rows: list[dict], after: int = 0) -> Iterator[tuple[list[float], int, int]]:
    norms = [x for x in series(rows, "grad_norm") if math.isfinite(x[1]) and x[0] >= after]
    for end in range(GRAD_WINDOW, len(norms) + 1):
        window = norms[end - GRAD_WINDOW : end]
        yield [v for _, v, _ in window], window[0][0], window[-1][0]


def grad_clipped(rows: list[dict], ctx: LiveContext) -> Hit | None:
    """Clipping on most steps while the loss still falls is common and harmless (InfoNCE LoRA runs clip nearly
    always at max_grad_norm 1.0 and learn well), so it is reported only when the loss has stopped falling too.
    Judged after warmup: a fresh model's first gradients are large whatever the LR."""
    clip, total = ctx.config.training.max_grad_norm, total_steps(rows)
    if clip <= 0:
        return None  # clipping is off
    losses = [x for x in series(rows, "loss") if math.isfinite(x[1])]
    sums = prefix_sums(losses)
    steps = [s for s, _, _ in losses]
    for values, first, step in norm_windows(rows, ctx.schedule(total)[0] if total else 0):
        clipped = sum(v > clip for v in values)
        if clipped <= GRAD_CLIPPED_SHARE * GRAD_WINDOW:
            continue
        start, end = bisect_right(steps, first - 1), bisect_right(steps, step)
        line = trend(sums, start, end, first, step)
        if line is None or line.change - line.margin < -CLIPPED_FALL:
            continue  # still learning, or too noisy to say it stopped: clipping only shortens the steps
        found = {
            "clipped": clipped,
            "window": GRAD_WINDOW,
            "max_grad_norm": clip,
            "first": first,
            "step": step,
            "median": statistics.median(values),
            "largest": max(values),
            **line.values(),
        }
        return step, Finding("grad_clipped", "warning", found, lower_lr(ctx.config, SMALLER_LR_FACTOR))
    return None


def grad_tiny(rows: list[dict], ctx: LiveContext) -> Hit | None:
    for values, first, step in norm_windows(rows):
        if max(values) < GRAD_TINY:
            found = {"tiny": GRAD_TINY, "window": GRAD_WINDOW, "largest": max(values), "first": first, "step": step}
            return step, Finding("grad_tiny", "warning", found)
    return None
