"""Metric series out of the logged rows, and the least-squares line the loss rules judge a window by."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

Point = tuple[int, float, dict]  # step, value, the row it came from


def number(value: Any) -> float | None:
    """A float from a metric value; MetricsWriter writes NaN and infinity as the strings "nan" and "inf"."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def series(rows: list[dict], key: str) -> list[Point]:
    return [(r.get("step", 0), v, r) for r in rows if "event" not in r and (v := number(r.get(key))) is not None]


def logged(value: Any) -> Any:
    """A logged value as a finding keeps it: a finite number, else as written ("nan", "inf"; "?" when missing), so
    the finding reads back from JSON equal to itself."""
    if value is None:
        return "?"
    v = number(value)
    return value if v is not None and math.isfinite(v) else str(value)


@dataclass(frozen=True)
class Trend:
    """A least-squares line through (step, loss): where it starts and ends, and how sure it is."""

    start: float
    end: float
    change: float  # relative: -0.1 = fell 10% across the window
    margin: float  # two standard errors of that change

    def flat(self, tolerance: float) -> bool:
        return abs(self.change) + self.margin < tolerance

    def values(self) -> dict[str, float]:
        return {
            "trend_start": self.start,
            "trend_end": self.end,
            "trend_change": self.change,
            "trend_margin": self.margin,
        }


def prefix_sums(points: list[Point]) -> list[tuple[float, ...]]:
    """Running n, Σx, Σy, Σx², Σxy, Σy² (x = step), so a window's line costs the same at any length."""
    sums, total = [(0.0,) * 6], [0.0] * 6
    for step, y, _ in points:
        x = float(step)
        total = [a + b for a, b in zip(total, (1.0, x, y, x * x, x * y, y * y), strict=True)]
        sums.append(tuple(total))
    return sums


def trend(sums: list[tuple[float, ...]], start: int, end: int, first: float, last: float) -> Trend | None:
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


def total_steps(rows: list[dict]) -> int | None:
    return next((r["max_steps"] for r in rows if (r.get("max_steps") or 0) > 0), None)


def lr_share(row: dict, step: int, rates: list[float], peak: float) -> tuple[float, float]:
    """(LR, share of peak) at a logged step: the LR the trainer logged, else the schedule's for that step (the
    trainer logs the LR step s trained with, which the scheduler held after s - 1 steps)."""
    rate = number(row.get("learning_rate"))
    rate = rates[max(0, min(step - 1, len(rates) - 1))] if rate is None else rate
    return rate, rate / peak if peak else 0.0
