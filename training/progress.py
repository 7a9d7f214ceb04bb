"""Where a run stands, from its metrics rows: step of total, elapsed, honest ETA, and chart-ready series."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

# The validation scores charted per task (all between 0 and 1); eval_loss is drawn with the training loss.
EVAL_METRICS = [
    "eval_ndcg@10",
    "eval_recall@1",
    "eval_recall@5",
    "eval_recall@10",
    "eval_mrr@10",
    "eval_accuracy",
    "eval_macro_f1",
    "eval_json_valid",
    "eval_schema_valid",
    "eval_field_match",
]


@dataclass
class Progress:
    step: int
    total: int
    elapsed: float  # seconds since training began
    eta: float | None  # seconds left, from the pace of the steps so far
    learning_rate: float | None
    loss: float | None

    @property
    def fraction(self) -> float:
        return min(1.0, self.step / self.total) if self.total > 0 else 0.0


def progress(rows: list[dict[str, Any]], *, now: float | None = None, running: bool = False) -> Progress:
    """ETA from the mean time per step since the first logged step, so model loading doesn't distort it."""
    begin = next((r for r in rows if r.get("event") == "train_begin"), None)
    logs = [r for r in rows if "step" in r and r.get("event") is None]
    total = max([r.get("max_steps") or 0 for r in rows] or [0])
    step = max([r["step"] for r in logs] or [0])
    start_time = begin["time"] if begin else (logs[0]["time"] if logs else None)
    last_time = (now or time.time()) if running else (logs[-1]["time"] if logs else start_time)
    elapsed = (last_time - start_time) if start_time else 0.0
    timed = [r for r in logs if "loss" in r]
    eta = None
    if len(timed) >= 2 and total and timed[-1]["step"] > timed[0]["step"]:
        per_step = (timed[-1]["time"] - timed[0]["time"]) / (timed[-1]["step"] - timed[0]["step"])
        eta = max(0.0, (total - step) * per_step)
    lr = next((r["learning_rate"] for r in reversed(logs) if "learning_rate" in r), None)
    loss = next((r["loss"] for r in reversed(logs) if isinstance(r.get("loss"), (int, float))), None)
    return Progress(step, total, elapsed, eta, lr, loss)


def series(rows: list[dict[str, Any]], key: str) -> list[tuple[int, float]]:
    """(step, value) for every row that has a finite number under `key`."""
    return [
        (r["step"], float(r[key]))
        for r in rows
        if isinstance(r.get(key), (int, float)) and not isinstance(r.get(key), bool)
    ]


def smoothed(points: list[tuple[int, float]], weight: float = 0.8) -> list[tuple[int, float]]:
    """TensorBoard-style exponential moving average, debiased so the first points aren't pulled toward zero."""
    out, average = [], 0.0
    for i, (step, value) in enumerate(points, start=1):
        average = weight * average + (1 - weight) * value
        out.append((step, average / (1 - weight**i)))
    return out


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
