"""Where a run stands, from its metrics rows: step of total, elapsed, honest ETA, and chart-ready series."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

PACE_LOGS = 20  # training logs the current speed is measured over

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
    samples_per_second: float | None = None  # over the recent steps, all processes together
    tokens_per_second: float | None = None  # non-padding tokens the trainer counted, over the same steps

    @property
    def fraction(self) -> float:
        return min(1.0, self.step / self.total) if self.total > 0 else 0.0


def progress(rows: list[dict[str, Any]], *, now: float | None = None, running: bool = False) -> Progress:
    """ETA from the mean time per step since the first logged step of the latest process, so neither model loading
    nor the pause before a resume distorts it; elapsed is wall clock since training first began."""
    begin = next((r for r in rows if r.get("event") == "train_begin"), None)
    logs = [r for r in rows if "step" in r and r.get("event") is None]
    total = max([r.get("max_steps") or 0 for r in rows] or [0])
    step = max([r["step"] for r in logs] or [0])
    start_time = begin["time"] if begin else (logs[0]["time"] if logs else None)
    last_time = (now or time.time()) if running else (logs[-1]["time"] if logs else start_time)
    elapsed = (last_time - start_time) if start_time else 0.0
    resumed = max([i for i, r in enumerate(rows) if r.get("event") == "train_begin"] or [0])
    timed = [r for r in rows[resumed:] if "loss" in r and r.get("event") is None]  # a resume's pause is no pace
    eta = None
    if len(timed) >= 2 and total and timed[-1]["step"] > timed[0]["step"]:
        per_step = (timed[-1]["time"] - timed[0]["time"]) / (timed[-1]["step"] - timed[0]["step"])
        eta = max(0.0, (total - step) * per_step)
    lr = next((r["learning_rate"] for r in reversed(logs) if "learning_rate" in r), None)
    loss = next((r["loss"] for r in reversed(logs) if isinstance(r.get("loss"), (int, float))), None)
    samples, tokens = pace(rows, timed)
    return Progress(step, total, elapsed, eta, lr, loss, samples, tokens)


def pace(rows: list[dict[str, Any]], timed: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    """(samples/s, tokens/s) over the last PACE_LOGS training logs: the current speed, not the average since a
    slow start (model loading, the first evaluation)."""
    recent = timed[-PACE_LOGS:]
    if len(recent) < 2 or recent[-1]["time"] <= recent[0]["time"] or recent[-1]["step"] <= recent[0]["step"]:
        return None, None
    seconds = recent[-1]["time"] - recent[0]["time"]
    per_step = next((r["examples_per_step"] for r in reversed(rows) if r.get("examples_per_step")), None)
    samples = per_step * (recent[-1]["step"] - recent[0]["step"]) / seconds if per_step else None
    seen = [r for r in recent if isinstance(r.get("num_input_tokens_seen"), (int, float))]
    tokens = None
    if len(seen) >= 2 and seen[-1]["time"] > seen[0]["time"]:
        tokens = (seen[-1]["num_input_tokens_seen"] - seen[0]["num_input_tokens_seen"]) / (
            seen[-1]["time"] - seen[0]["time"]
        )
    return samples, tokens


def epoch_boundaries(rows: list[dict[str, Any]]) -> list[tuple[int, float]]:
    """(epoch that ends, step where it ends) for every epoch boundary the training logs have crossed (the end of the
    last logged step is no boundary yet); the step is interpolated from the logged fractional epochs, so it holds
    with any logging_steps."""
    logs = [(r["step"], float(r["epoch"])) for r in rows if "loss" in r and isinstance(r.get("epoch"), (int, float))]
    marks = []
    for (step0, epoch0), (step1, epoch1) in zip(logs, logs[1:], strict=False):
        for ended in range(math.floor(epoch0) + 1, math.floor(epoch1) + 1):
            if epoch1 > epoch0 and ended > epoch0:
                marks.append((ended, step0 + (ended - epoch0) / (epoch1 - epoch0) * (step1 - step0)))
    return [(ended, step) for ended, step in marks if step < logs[-1][0]]


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
