"""The live doctor: rules over the metrics a run has logged so far, saved with the run as they are found.

Each rule scans the rows and reports the first step at which its condition held, looking only at rows up to that
step. So the same rows give the same findings however they arrive (one at a time from the UI, or all at once after
a restart), and a finding is recorded once, keyed by its rule and that step. Too few points means no finding.
"""

from __future__ import annotations

import copy
import json
import math
import statistics
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training.config.studio import StudioConfig
from training.doctor.findings import Finding, Fix
from training.doctor.preflight import PROBE_RATIO
from training.insight.schedule import horizon, learning_rates
from training.lifecycle.runs import load_config
from training.tasks.common import best_metric

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
GRAD_WINDOW = 10  # gradient-norm logs judged together
GRAD_CLIPPED_SHARE = 0.5  # clipped on more than half of them: clipping is the rule, not the exception
GRAD_TINY = 1e-4  # every norm below this: the weights barely move
NAN_LR_FACTOR = 0.3  # a divergence needs a clearly smaller step, not a nudge: one notch down the 1-3-10 LR grid
CLIPPED_FALL = 0.02  # ...and the loss surely (at the 95% edge) fell less than 2% across those steps
CLIPPED_LR_FACTOR = 0.5  # halving the LR halves the update that clipping keeps cutting back
OVERFIT_EVALS = 2  # evaluations after the best: one rise can be noise, two in a row are a trend
OVERFIT_RISE = 0.01  # eval loss at least 1% above its best
TRAIN_FALL = 0.02  # ...while the training loss fell at least 2% over the same steps
TRAIN_AVERAGE = 3  # loss logs averaged around an evaluation's step
STEP_LOGS = 4  # loss logs on each side of an epoch boundary
STEP_RATIO = 3.0  # the drop across the boundary must be 3× the drift and the noise inside the epoch
STEP_DROP = 0.1  # and at least 10% of the loss: smaller steps are not worth a fewer-epochs advice
STALL_EVALS = 3  # evaluations without a new best before the metric is called stalled (a common patience)

Hit = tuple[int, Finding]  # the step at which a rule first held, and what it found


@dataclass
class LiveContext:
    """What the rules need besides the rows: the config and the loss of a model that only guesses."""

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
        candidates = config.training.per_device_train_batch_size * (2 if config.loss.use_hard_negatives else 1)
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


def _number(value: Any) -> float | None:
    """A float from a metric value; MetricsWriter writes NaN and infinity as the strings "nan" and "inf"."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _series(rows: list[dict], key: str) -> list[tuple[int, float, dict]]:
    return [(r.get("step", 0), v, r) for r in rows if "event" not in r and (v := _number(r.get(key))) is not None]


@dataclass(frozen=True)
class Trend:
    """A least-squares line through (step, loss): where it starts and ends, and how sure it is."""

    start: float
    end: float
    change: float  # relative: -0.1 = fell 10% across the window
    margin: float  # two standard errors of that change

    def flat(self, tolerance: float) -> bool:
        return abs(self.change) + self.margin < tolerance

    def text(self) -> str:
        return f"{self.start:.3g} → {self.end:.3g} ({self.change:+.1%} ± {self.margin:.1%})"


def _prefix_sums(points: list[tuple[int, float, dict]]) -> list[tuple[float, ...]]:
    """Running n, Σx, Σy, Σx², Σxy, Σy² (x = step), so a window's line costs the same at any length."""
    sums, total = [(0.0,) * 6], [0.0] * 6
    for step, y, _ in points:
        x = float(step)
        total = [a + b for a, b in zip(total, (1.0, x, y, x * x, x * y, y * y), strict=True)]
        sums.append(tuple(total))
    return sums


def _trend(sums: list[tuple[float, ...]], start: int, end: int, first: float, last: float) -> Trend | None:
    """The least-squares line through points start..end-1, whose steps run from `first` to `last`."""
    n, sx, sy, sxx, sxy, syy = (b - a for a, b in zip(sums[start], sums[end], strict=True))
    if n < 3:
        return None
    mx, my = sx / n, sy / n
    vxx, vxy, vyy = sxx - sx * mx, sxy - sx * my, syy - sy * my
    if vxx <= 0 or my <= 0:
        return None
    slope, span = vxy / vxx, last - first
    residual = max(vyy - slope * vxy, 0.0) / (n - 2)
    ends = my + slope * (first - mx), my + slope * (last - mx)
    return Trend(*ends, slope * span / my, 2 * math.sqrt(residual / vxx) * span / my)


def _total_steps(rows: list[dict]) -> int | None:
    return next((r["max_steps"] for r in rows if (r.get("max_steps") or 0) > 0), None)


def _lr_share(row: dict, step: int, rates: list[float], peak: float) -> tuple[float, float]:
    """(LR, share of peak) at a logged step: the LR the trainer logged, else the schedule's for that step (the
    trainer logs the LR step s trained with, which the scheduler held after s - 1 steps)."""
    rate = _number(row.get("learning_rate"))
    rate = rates[max(0, min(step - 1, len(rates) - 1))] if rate is None else rate
    return rate, rate / peak if peak else 0.0


def _lower(config: StudioConfig, factor: float, why: str) -> Fix:
    value = float(f"{config.training.learning_rate * factor:.2g}")
    return Fix("training.learning_rate", value, f"set learning_rate to {value:g} ({why})")


def initial_loss(rows: list[dict], ctx: LiveContext) -> Hit | None:
    losses = _series(rows, "loss")
    if ctx.chance is None or not losses or not math.isfinite(losses[0][1]):
        return None
    step, loss, _ = losses[0]
    if loss <= INITIAL_RATIO * ctx.chance:
        return None
    fix = None
    if ctx.config.task == "embedding" and ctx.config.loss.temperature < 0.05:
        fix = Fix("loss.temperature", 0.05, "set temperature to 0.05 (scale 20, the sentence-transformers default)")
    return step, Finding(
        "initial_loss",
        "error",
        f"Initial loss {loss:.3g} is {loss / ctx.chance:.0f}× what guessing scores",
        f"initial loss {loss:.3g} (step {step}) vs chance ln {ctx.candidates} = {ctx.chance:.3g} "
        f"({loss / ctx.chance:.0f}×)",
        "a fresh model should be about as unsure as guessing; far above it the logits are too large (a head "
        "initialised or scaled wrong, a too low temperature, labels mapped wrong) and the first steps undo that",
        fix,
    )


def bad_loss(rows: list[dict], ctx: LiveContext) -> Hit | None:
    """NaN or infinity ends learning for good; exactly zero means there is nothing left to learn from."""
    losses = _series(rows, "loss")
    for i, (step, loss, row) in enumerate(losses):
        if not math.isfinite(loss):
            before = f"; the last finite loss {losses[i - 1][1]:.3g} at step {losses[i - 1][0]}" if i else ""
            fp16 = ctx.config.training.mixed_precision == "fp16"
            fix = (
                Fix("training.mixed_precision", "bf16", "train in bf16 (fp32's range; needs an Ampere or newer GPU)")
                if fp16
                else _lower(ctx.config, NAN_LR_FACTOR, "a smaller step")
            )
            return step, Finding(
                "loss_nan",
                "error",
                f"The loss is {row.get('loss')} from step {step}",
                f"loss {row.get('loss')} at step {step}{before}; grad_norm {row.get('grad_norm', '?')}",
                "a NaN or infinite loss poisons every weight it reaches, and nothing after it trains: usually the LR "
                "is too high, or fp16 overflowed",
                fix,
            )
        if loss == 0.0:
            return step, Finding(
                "loss_zero",
                "warning",
                f"The loss is exactly 0 at step {step}",
                f"loss 0 at step {step} (the previous: {losses[i - 1][1]:.3g})" if i else f"loss 0 at step {step}",
                "a loss of exactly 0 gives no gradient: every label token may be masked (no answer left after "
                "truncation) or the answer leaks into the input",
            )
    return None


def warmup_flat(rows: list[dict], ctx: LiveContext) -> Hit | None:
    total = _total_steps(rows)
    if total is None:
        return None
    warmup, rates = ctx.schedule(total)
    losses = [x for x in _series(rows, "loss") if x[0] < warmup and math.isfinite(x[1])]
    sums = _prefix_sums(losses)
    for end in range(FLAT_WINDOW, len(losses) + 1):
        (first, _, _), (step, _, row) = losses[end - FLAT_WINDOW], losses[end - 1]
        trend = _trend(sums, end - FLAT_WINDOW, end, first, step)
        if trend and trend.flat(FLAT_CHANGE):
            rate, share = _lr_share(row, step, rates, ctx.config.training.learning_rate)
            return step, Finding(
                "warmup_flat",
                "info",
                f"Loss flat during warmup: step {step} of {warmup} warmup steps, LR at {share:.0%} of peak",
                f"loss {trend.text()} over steps {first}–{step}; step {step} of {warmup} "
                f"warmup steps, LR {rate:.3g} = {share:.0%} of {ctx.config.training.learning_rate:g}",
                f"a flat loss is expected while the LR is still low; judge the run after step {warmup}",
            )
    return None


def plateau(rows: list[dict], ctx: LiveContext) -> Hit | None:
    total = _total_steps(rows)
    if total is None:
        return None
    warmup, rates = ctx.schedule(total)
    peak = ctx.config.training.learning_rate
    losses = [x for x in _series(rows, "loss") if x[0] >= warmup and _lr_share(x[2], x[0], rates, peak)[1] >= FULL_LR]
    losses = [x for x in losses if math.isfinite(x[1])]
    steps, sums = [s for s, _, _ in losses], _prefix_sums(losses)
    for end, step in enumerate(steps):
        # the shortest window ending here that holds enough logs and spans enough of the run
        start = min(end - PLATEAU_LOGS + 1, bisect_right(steps, step - PLATEAU_SPAN * total) - 1)
        if start < 0:
            continue
        window = losses[start : end + 1]
        trend = _trend(sums, start, end + 1, steps[start], step)
        if trend and trend.flat(PLATEAU_CHANGE):
            _, share = _lr_share(window[-1][2], step, rates, peak)
            evidence = (
                f"loss {trend.text()} over {len(window)} logs at steps {window[0][0]}–{step}, after warmup, with the "
                f"LR at {share:.0%} of its peak"
            )
            if ctx.chance and abs(trend.end / ctx.chance - 1) < AT_CHANCE:
                return step, Finding(
                    "plateau",
                    "warning",
                    f"The loss is stuck at chance (steps {window[0][0]}–{step})",
                    f"{evidence}; chance is ln {ctx.candidates} = {ctx.chance:.3g}",
                    "a loss at chance after warmup means the model has learned nothing: check that gradients reach "
                    "the trained weights (grad_norm, LoRA targets), that labels match inputs, and that the LR is not "
                    "far too low",
                )
            return step, Finding(
                "plateau",
                "warning",
                f"The loss stopped falling at full learning rate (steps {window[0][0]}–{step})",
                evidence,
                "at full LR a loss that no longer falls is bouncing at the noise floor the step size sets (a smaller "
                "LR or a decaying schedule goes lower), or the model has learned what this data teaches: check the "
                "validation metric",
                _lower(ctx.config, CLIPPED_LR_FACTOR, "a smaller step settles lower"),
            )
    return None


def _norm_windows(rows: list[dict], after: int = 0) -> Iterator[tuple[list[float], int, int]]:
    norms = [x for x in _series(rows, "grad_norm") if math.isfinite(x[1]) and x[0] >= after]
    for end in range(GRAD_WINDOW, len(norms) + 1):
        window = norms[end - GRAD_WINDOW : end]
        yield [v for _, v, _ in window], window[0][0], window[-1][0]


def grad_clipped(rows: list[dict], ctx: LiveContext) -> Hit | None:
    """Clipping on most steps while the loss still falls is common and harmless (InfoNCE LoRA runs clip nearly
    always at max_grad_norm 1.0 and learn well), so it is reported only when the loss has stopped falling too.
    Judged after warmup: a fresh model's first gradients are large whatever the LR."""
    clip, total = ctx.config.training.max_grad_norm, _total_steps(rows)
    if clip <= 0:
        return None  # clipping is off
    losses = [x for x in _series(rows, "loss") if math.isfinite(x[1])]
    sums = _prefix_sums(losses)
    steps = [s for s, _, _ in losses]
    for values, first, step in _norm_windows(rows, ctx.schedule(total)[0] if total else 0):
        clipped = sum(v > clip for v in values)
        if clipped <= GRAD_CLIPPED_SHARE * GRAD_WINDOW:
            continue
        start, end = bisect_right(steps, first - 1), bisect_right(steps, step)
        trend = _trend(sums, start, end, first, step)
        if trend is None or trend.change - trend.margin < -CLIPPED_FALL:
            continue  # still learning, or too noisy to say it stopped: clipping only shortens the steps
        return step, Finding(
            "grad_clipped",
            "warning",
            f"Gradients are clipped on {clipped} of the last {GRAD_WINDOW} logged steps and the loss stopped falling",
            f"grad_norm above max_grad_norm {clip:g} on {clipped} of {GRAD_WINDOW} logs at steps {first}–{step} "
            f"(median {statistics.median(values):.3g}, largest {max(values):.3g}); loss {trend.text()}",
            "a clipped step has the same length whatever the LR: the LR stops setting the step size, and a run "
            "clipped most of the time without progress takes steps too large for its loss surface",
            _lower(ctx.config, CLIPPED_LR_FACTOR, "smaller updates that clipping leaves alone"),
        )
    return None


def grad_tiny(rows: list[dict], ctx: LiveContext) -> Hit | None:
    for values, first, step in _norm_windows(rows):
        if max(values) < GRAD_TINY:
            return step, Finding(
                "grad_tiny",
                "warning",
                f"Gradient norms are below {GRAD_TINY:g} on all of the last {GRAD_WINDOW} logged steps",
                f"grad_norm at most {max(values):.2g} at steps {first}–{step}",
                "the weights barely move: the trained parameters may not be the ones the loss depends on (LoRA "
                "targets, a frozen head), or the loss is saturated",
            )
    return None


def _train_loss_near(losses: list[tuple[int, float, dict]], step: int) -> float | None:
    """The mean of the last few training losses logged at or before `step`: one batch's loss is noisy."""
    finite = [(s, v) for s, v, _ in losses if math.isfinite(v)]
    near = [v for s, v in finite if s <= step][-TRAIN_AVERAGE:] or [v for _, v in finite[:TRAIN_AVERAGE]]
    return statistics.fmean(near) if near else None


def _patience_fix(config: StudioConfig, patience: int, best_step: int) -> Fix | None:
    if config.early_stopping.patience > 0:
        return None  # early stopping is on and will end the run itself
    keeps = f"keeps step {best_step}'s checkpoint as the best" if best_step else "no step has beaten the start yet"
    return Fix("early_stopping.patience", patience, f"stop after {patience} evaluations without improvement ({keeps})")


def overfitting(rows: list[dict], ctx: LiveContext) -> Hit | None:
    evals, losses = _series(rows, "eval_loss"), _series(rows, "loss")
    for i in range(OVERFIT_EVALS, len(evals)):
        best = min(range(i + 1), key=lambda j: evals[j][1])
        (best_step, low, _), (step, now, _) = evals[best], evals[i]
        if i - best < OVERFIT_EVALS or now < low * (1 + OVERFIT_RISE):
            continue
        then, later = _train_loss_near(losses, best_step), _train_loss_near(losses, step)
        if then is None or later is None or later > then * (1 - TRAIN_FALL):
            continue
        return step, Finding(
            "overfitting",
            "warning",
            f"Validation loss rising since step {best_step} while the training loss falls",
            f"eval_loss {low:.3g} at step {best_step} (the best) → {now:.3g} at step {step} ({now / low - 1:+.0%}); "
            f"training loss {then:.3g} → {later:.3g} ({later / then - 1:+.0%})",
            "the model is fitting the training set at the expense of new data; the best model so far is the one "
            f"from step {best_step}",
            _patience_fix(ctx.config, OVERFIT_EVALS, best_step),
        )
    return None


def _stop_at_epoch(config: StudioConfig, boundary: int, end: int) -> Fix:
    if config.training.max_steps > 0:
        return Fix("training.max_steps", end, f"stop at step {end}, the end of epoch {boundary}, or add data")
    epochs = f"{boundary} epoch" + ("s" if boundary > 1 else "")
    return Fix("training.num_train_epochs", float(boundary), f"train {epochs}, or add data")


def epoch_steps(rows: list[dict], ctx: LiveContext) -> Hit | None:
    """Within an epoch every example is new; right after a boundary the model meets examples it has already fitted,
    so a sudden drop there is recall of the training set."""
    losses = [
        (s, v, e)
        for s, v, r in _series(rows, "loss")
        if math.isfinite(v) and (e := _number(r.get("epoch"))) is not None
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
            return after[-1][0], Finding(
                "epoch_steps",
                "warning",
                f"The loss drops in a step after epoch {boundary}: the model is memorising the training set",
                f"mean loss {a:.3g} over the {STEP_LOGS} logs before step {end} (end of epoch {boundary}) → "
                f"{b:.3g} over the {STEP_LOGS} after ({b / a - 1:+.0%}); the {STEP_LOGS} logs before those fell "
                f"{drift:.3g}, spread {noise:.2g}",
                "a drop at the boundary is the model recognising examples it has seen, not generalising; "
                "validation usually stops improving soon after",
                _stop_at_epoch(ctx.config, boundary, end),
            )
    return None


def metric_stalled(rows: list[dict], ctx: LiveContext) -> Hit | None:
    name = best_metric(ctx.config)
    evals = [x for x in _series(rows, name) if math.isfinite(x[1])]
    sign = -1.0 if "loss" in name else 1.0  # loss is better lower, every other metric higher
    margin = ctx.config.early_stopping.threshold
    best = 0
    for i in range(1, len(evals)):
        if sign * (evals[i][1] - evals[best][1]) > margin:
            best = i
        elif i - best == STALL_EVALS:
            (best_step, value, _), since = evals[best], [v for _, v, _ in evals[best + 1 : i + 1]]
            fix = _patience_fix(ctx.config, STALL_EVALS, best_step)
            return evals[i][0], Finding(
                "metric_stalled",
                "warning" if fix else "info",
                f"{name} has not improved for {STALL_EVALS} evaluations",
                f"{name} best {value:.4g} at step {best_step}; the {STALL_EVALS} evaluations since (steps "
                f"{evals[best + 1][0]}–{evals[i][0]}) reached {(max if sign > 0 else min)(since):.4g}",
                "more steps spend time without making the model better on the data it is judged by"
                + ("" if fix else "; early stopping is on and will end the run"),
                fix,
            )
    return None


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
