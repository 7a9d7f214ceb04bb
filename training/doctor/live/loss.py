"""Live rules on the training loss: its first value against chance, NaN or zero, flat in warmup, a plateau."""

from __future__ import annotations

import math
from bisect import bisect_right

from training.config.studio import StudioConfig
from training.doctor.findings import Finding, Fix
from training.doctor.live.context import LiveContext
from training.doctor.live.series import logged, lr_share, prefix_sums, series, total_steps, trend
from training.doctor.probe import PROBE_RATIO

Hit = tuple[int, Finding]  # the step at which a rule first held, and what it found

INITIAL_RATIO = PROBE_RATIO  # an initial loss over 3× chance is not noise: the logits are too large
# "Flat" means a line fitted through the window changes the loss by less than the tolerance even at the edge of its
# 95% interval (two standard errors): noisy single-batch losses then never look flat by chance.
FLAT_WINDOW = 8  # loss logs in a warmup window
FLAT_CHANGE = 0.03  # a change under 3% across them is flat
PLATEAU_LOGS = 8  # a plateau needs at least this many loss logs...
PLATEAU_SPAN = 0.1  # ...spanning at least a tenth of the run, so a short lull is not called a plateau
PLATEAU_CHANGE = 0.02  # under 2% across a tenth of the run at full LR: the loss has stopped falling
AT_CHANCE = 0.05  # a plateau within 5% of ln C is a model that still guesses, not one that converged
FULL_LR = 0.5  # "full LR": past warmup and above half the peak; a plateau late in the decay is convergence
NAN_LR_FACTOR = 0.3  # a divergence needs a clearly smaller step, not a nudge: one notch down the 1-3-10 LR grid
SMALLER_LR_FACTOR = 0.5  # halving the LR halves the update (a plateau's noise floor, a step clipping cuts back)


def lower_lr(config: StudioConfig, factor: float) -> Fix:
    return Fix("training.learning_rate", float(f"{config.training.learning_rate * factor:.2g}"))


def initial_loss(rows: list[dict], ctx: LiveContext) -> Hit | None:
    losses = series(rows, "loss")
    if ctx.chance is None or not losses or not math.isfinite(losses[0][1]):
        return None
    step, loss, _ = losses[0]
    if loss <= INITIAL_RATIO * ctx.chance:
        return None
    fix = None
    if ctx.config.task == "embedding" and ctx.config.loss.temperature < 0.05:
        fix = Fix("loss.temperature", 0.05)  # scale 20, the sentence-transformers default
    values = {
        "case": "logged",
        "loss": loss,
        "step": step,
        "candidates": ctx.candidates,
        "chance": ctx.chance,
        "ratio": loss / ctx.chance,
    }
    return step, Finding("initial_loss", "error", values, fix)


def bad_loss(rows: list[dict], ctx: LiveContext) -> Hit | None:
    """NaN or infinity ends learning for good; exactly zero means there is nothing left to learn from."""
    losses = series(rows, "loss")
    for i, (step, loss, row) in enumerate(losses):
        before = {"case": "after", "last_loss": losses[i - 1][1], "last_step": losses[i - 1][0]} if i else {}
        if not math.isfinite(loss):
            fp16 = ctx.config.training.mixed_precision == "fp16"
            fix = Fix("training.mixed_precision", "bf16") if fp16 else lower_lr(ctx.config, NAN_LR_FACTOR)
            values = {"case": "first", **before, "loss": logged(row.get("loss")), "step": step}
            values["grad_norm"] = logged(row.get("grad_norm"))
            return step, Finding("loss_nan", "error", values, fix)
        if loss == 0.0:
            return step, Finding("loss_zero", "warning", {"case": "first", **before, "step": step})
    return None


def warmup_flat(rows: list[dict], ctx: LiveContext) -> Hit | None:
    total = total_steps(rows)
    if total is None:
        return None
    warmup, rates = ctx.schedule(total)
    losses = [x for x in series(rows, "loss") if x[0] < warmup and math.isfinite(x[1])]
    sums = prefix_sums(losses)
    for end in range(FLAT_WINDOW, len(losses) + 1):
        (first, _, _), (step, _, row) = losses[end - FLAT_WINDOW], losses[end - 1]
        line = trend(sums, end - FLAT_WINDOW, end, first, step)
        if line and line.flat(FLAT_CHANGE):
            rate, share = lr_share(row, step, rates, ctx.config.training.learning_rate)
            values = {
                "step": step,
                "first": first,
                "warmup_steps": warmup,
                "lr": rate,
                "lr_share": share,
                "peak": ctx.config.training.learning_rate,
                **line.values(),
            }
            return step, Finding("warmup_flat", "info", values)
    return None


def plateau(rows: list[dict], ctx: LiveContext) -> Hit | None:
    total = total_steps(rows)
    if total is None:
        return None
    warmup, rates = ctx.schedule(total)
    peak = ctx.config.training.learning_rate
    losses = [x for x in series(rows, "loss") if x[0] >= warmup and lr_share(x[2], x[0], rates, peak)[1] >= FULL_LR]
    losses = [x for x in losses if math.isfinite(x[1])]
    steps, sums = [s for s, _, _ in losses], prefix_sums(losses)
    for end, step in enumerate(steps):
        # the shortest window ending here that holds enough logs and spans enough of the run
        start = min(end - PLATEAU_LOGS + 1, bisect_right(steps, step - PLATEAU_SPAN * total) - 1)
        if start < 0:
            continue
        window = losses[start : end + 1]
        line = trend(sums, start, end + 1, steps[start], step)
        if line and line.flat(PLATEAU_CHANGE):
            _, share = lr_share(window[-1][2], step, rates, peak)
            values = {"logs": len(window), "first": window[0][0], "step": step, "lr_share": share, **line.values()}
            if ctx.chance and abs(line.end / ctx.chance - 1) < AT_CHANCE:
                values.update(case="at_chance", candidates=ctx.candidates, chance=ctx.chance)
                return step, Finding("plateau", "warning", values)
            values["case"] = "moving"
            return step, Finding("plateau", "warning", values, lower_lr(ctx.config, SMALLER_LR_FACTOR))
    return None
