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


def frame(*named: tuple[str, Points]) -> pd.DataFrame | None:
    """One long frame of (x, value, series); None while there is nothing to draw.

    A Gradio line plot that once received an empty frame never draws its colour series afterwards, so an empty
    chart gets None (cleared), never an empty frame.
    """
    rows = [(x, value, name) for name, pts in named for x, value in pts]
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
class ShortCurve:
    """Why a chart has fewer points than a line needs, and when the next one comes."""

    chart: str  # "loss" or "eval"
    points: int
    next_step: int | None


def short_curves(rows: list[dict[str, Any]], logging_steps: int, eval_steps: int) -> list[ShortCurve]:
    """Charts with under two points: a line needs two, so each such chart says so instead of looking broken."""
    out = []
    last_log = max([s for s, _ in series(rows, "loss")] or [0])
    losses = len(series(rows, "loss"))
    if losses < 2:
        out.append(ShortCurve("loss", losses, last_log + max(1, logging_steps)))
    evals = [r["step"] for r in rows if any(k in r for k in ("eval_loss", *EVAL_METRICS))]
    if len(evals) < 2:
        out.append(ShortCurve("eval", len(evals), (max(evals or [0]) + eval_steps) if eval_steps else None))
    return out
