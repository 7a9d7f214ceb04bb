"""The Train tab's chart data from a run's metrics rows: pure functions (rows in, frames out), so they are tested
without a browser and the tab only wires them to its plots."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from training.lifecycle.progress import EVAL_METRICS, epoch_boundaries, series, smoothed

X_AXES = ("step", "time")
MARKER_COLOUR = "#b0b0b0"  # epoch boundaries: grey, behind the curves in the eye if not on the canvas
LOSS_COLOURS = ("#2563eb", "#f97316", "#16a34a")  # raw, smoothed, eval loss
MAX_EPOCH_MARKERS = 100  # colours are declared up front; a run with more epochs draws the first hundred

# Per series sent to a chart: about one per pixel of its ~650 px. A run logging every step sent 10k points to each
# chart at every tick, and the page's redraws left clicks waiting (issue 19's classification walk).
MAX_POINTS = 600

Points = list[tuple[float, float]]


@dataclass(frozen=True)
class View:
    """How the viewer wants the charts: x by step or by wall time (minutes since training began), and whether the
    loss is drawn on a log scale (Gradio's plots have no log axis, so the values are log₁₀ and the title says so)."""

    x_axis: str = "step"
    log_loss: bool = False


def marker_name(epoch: int, label: str) -> str:
    return f"{label} {epoch}"


def loss_colours(raw: str, smooth: str, epoch_label: str) -> dict[str, str]:
    """Every series the loss chart can draw needs a colour: the plot leaves series missing from its map blank."""
    named = dict(zip((raw, smooth, "eval_loss"), LOSS_COLOURS, strict=True))
    return named | {marker_name(n, epoch_label): MARKER_COLOUR for n in range(1, MAX_EPOCH_MARKERS + 1)}


def x_mapper(rows: list[dict[str, Any]], view: View) -> Callable[[float], float]:
    """Step → x: the step itself, or minutes since train_begin interpolated between the logged steps' times."""
    if view.x_axis == "step":
        return float
    first_time: dict[int, float] = {}  # a step's training log, not the evaluation that follows it
    for r in rows:
        if "event" not in r and "time" in r:
            first_time.setdefault(r["step"], r["time"])
    timed = sorted(first_time.items())
    begin = next((r["time"] for r in rows if r.get("event") == "train_begin" and "time" in r), None)
    if not timed:
        return lambda step: 0.0
    steps, times = np.array([s for s, _ in timed], dtype=float), np.array([t for _, t in timed])
    start = begin if begin is not None else times[0]
    return lambda step: round(float(np.interp(step, steps, times) - start) / 60, 3)


def points(rows: list[dict[str, Any]], key: str, x: Callable[[float], float]) -> Points:
    return [(x(step), value) for step, value in series(rows, key)]


def log10(values: Points) -> Points:
    return [(x, math.log10(v)) for x, v in values if v > 0]


def thinned(pts: Points, limit: int = MAX_POINTS) -> Points:
    """At most `limit` points of a series, its shape kept: the lowest and the highest point of each of limit / 2 - 1
    runs of neighbours (a spike stays drawn), the first and the last always."""
    if len(pts) <= limit:
        return pts
    values = np.array([value for _, value in pts])
    edges = np.linspace(0, len(pts), limit // 2).astype(int)  # limit / 2 - 1 runs, 2 points each, and the ends
    keep = {0, len(pts) - 1}
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        if high > low:
            part = values[low:high]
            keep |= {low + int(part.argmin()), low + int(part.argmax())}
    return [pts[i] for i in sorted(keep)]


def frame(*named: tuple[str, Points]) -> pd.DataFrame | None:
    """One long frame of (x, value, series); None while there is nothing to draw.

    A Gradio line plot that once received an empty frame never draws its colour series afterwards, so an empty
    chart gets None (cleared), never an empty frame.
    """
    rows = [(x, value, name) for name, pts in named for x, value in thinned(pts)]
    if not rows:
        return None
    return pd.DataFrame(rows, columns=["x", "value", "series"]).astype({"x": "float64", "value": "float64"})


def epoch_markers(rows: list[dict[str, Any]], x: Callable[[float], float], low: float, high: float, label: str):
    """A vertical segment per epoch boundary, each its own series so the segments are not joined to each other."""
    marks = epoch_boundaries(rows)[:MAX_EPOCH_MARKERS]
    return [(marker_name(epoch, label), [(x(step), low), (x(step), high)]) for epoch, step in marks]


@dataclass(frozen=True)
class ChartWords:
    raw: str
    smooth: str
    clip: str
    epoch: str


def loss_frame(rows: list[dict[str, Any]], view: View, words: ChartWords) -> pd.DataFrame | None:
    x = x_mapper(rows, view)
    raw, evals = points(rows, "loss", x), points(rows, "eval_loss", x)
    curves = [(words.raw, raw), (words.smooth, smooth_in_x(rows, x)), ("eval_loss", evals)]
    if view.log_loss:
        curves = [(name, log10(pts)) for name, pts in curves]
    values = [v for _, pts in curves for _, v in pts]
    markers = epoch_markers(rows, x, min(values), max(values), words.epoch) if len(values) > 1 else []
    return frame(*curves, *markers)


def smooth_in_x(rows: list[dict[str, Any]], x: Callable[[float], float]) -> Points:
    """Smoothed by step (the trainer's own order), then placed on the chosen x axis."""
    return [(x(step), value) for step, value in smoothed(series(rows, "loss"))]


def other_frames(rows: list[dict[str, Any]], view: View, max_grad_norm: float, words: ChartWords) -> dict[str, Any]:
    """Learning rate, gradient norm with the clipping threshold drawn, and the task's eval scores."""
    x = x_mapper(rows, view)
    grad = points(rows, "grad_norm", x)
    clip = [(gx, max_grad_norm) for gx, _ in grad] if max_grad_norm > 0 else []
    return {
        "lr": frame(("learning_rate", points(rows, "learning_rate", x))),
        "grad": frame(("grad_norm", grad), (words.clip, clip)),
        "eval": frame(*((key.removeprefix("eval_"), points(rows, key, x)) for key in EVAL_METRICS)),
    }


def eval_table(rows: list[dict[str, Any]]) -> pd.DataFrame | None:
    evals = [r for r in rows if any(k in r for k in EVAL_METRICS)]
    table = [
        {"step": r["step"], **{k.removeprefix("eval_"): round(r[k], 4) for k in EVAL_METRICS if k in r}} for r in evals
    ]
    return pd.DataFrame(table) if table else None


@dataclass(frozen=True)
class ChartNote:
    """Why a chart has no line yet (or none at all), by rule id and its numbers; the Train tab words it under the
    chart, so no chart is an empty box without a word."""

    rule: str  # wait_log, short_log, none_logged, wait_eval, wait_eval_epoch, short_eval, short_eval_epoch, no_eval
    values: dict[str, Any]


CHARTS = ("loss", "lr", "grad", "eval")
LOGGED = {"loss": "loss", "lr": "learning_rate", "grad": "grad_norm"}


def chart_notes(
    rows: list[dict[str, Any]], logging_steps: int, eval_steps: int, *, live: bool
) -> dict[str, ChartNote | None]:
    """A note per chart with under two points (a line needs two): while the run is live, when the next point
    comes (every `logging_steps`; validation every `eval_steps`, 0 = at each epoch's end); once it ended, that
    none came. None for a chart that draws its line."""
    every = max(1, logging_steps)
    notes: dict[str, ChartNote | None] = {}
    for chart, key in LOGGED.items():
        steps = [s for s, _ in series(rows, key)]
        if len(steps) >= 2:
            notes[chart] = None
        elif not steps:
            waiting = ChartNote("wait_log", {"every": every, "next": every})
            notes[chart] = waiting if live else ChartNote("none_logged", {})
        else:
            notes[chart] = ChartNote("short_log", {"n": 1, "next": steps[-1] + every})
    evals = sorted({r["step"] for r in rows if any(k in r for k in EVAL_METRICS)})
    by_epoch = not eval_steps
    if len(evals) >= 2:
        notes["eval"] = None
    elif not live and not evals:
        notes["eval"] = ChartNote("no_eval", {})
    elif not evals:
        first = {"every": eval_steps, "next": eval_steps}
        notes["eval"] = ChartNote("wait_eval_epoch", {}) if by_epoch else ChartNote("wait_eval", first)
    elif by_epoch:
        notes["eval"] = ChartNote("short_eval_epoch", {"n": 1})
    else:
        notes["eval"] = ChartNote("short_eval", {"n": 1, "next": evals[-1] + eval_steps})
    return notes


def x_axis(view: View, total: int) -> dict[str, Any]:
    """The plots' x axis: steps are whole numbers, so their ticks are too, over the run's whole horizon (at least
    MIN_STEP_SPAN steps wide: over a narrower span Vega puts ticks between steps, 0.5, 1.5, ...); minutes keep the
    ticks in hundredths (0.05 minutes is 3 s). Both are sent: a None would leave the steps' whole-number format."""
    if view.x_axis == "time":
        return {"x_axis_format": ".2f", "x_lim": None}
    return {"x_axis_format": "d", "x_lim": [0, max(total, MIN_STEP_SPAN)]}


MIN_STEP_SPAN = 20  # a chart about 650 px wide gets ~17 ticks (Vega: one per 40 px); 20 steps make them whole
