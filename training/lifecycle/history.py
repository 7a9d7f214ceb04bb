"""Past runs at a glance and side by side: one summary row per run, and the curves of several runs aligned by step
or by training examples seen (runs with different batch sizes line up by the data they have consumed)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from training.config.studio import ConfigError
from training.insight.schedule import effective_batch
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics
from training.lifecycle.sweep import best_value
from training.tasks.common import best_metric

ALIGN = ("step", "examples")


def summary(run: runs.RunInfo) -> dict[str, Any]:
    """Status, task, model, dataset, the task's key metric (best value) and duration of one run."""
    status = run.status
    try:
        metric = best_metric(runs.load_config(run.path))
    except (ConfigError, OSError):
        metric = None
    value, step = best_value(run.path, metric) if metric else (None, None)
    first, last = span(run.path, status)
    return {
        "run": run.id,
        "state": run.state,
        "task": status.get("task"),
        "model": status.get("model"),
        "dataset": status.get("dataset"),
        "metric": metric,
        "best": None if value is None else round(value, 4),
        "best_step": step,
        "steps": status.get("step"),
        "minutes": round((last - first) / 60, 1) if first and last else None,
        "started": first,
    }


def span(run_dir: str | Path, status: dict[str, Any], now: float | None = None) -> tuple[float | None, float | None]:
    """(first record, last record) of a run, wall clock, as a person times it and as the Train tab's elapsed counts:
    the first process start or logged row; `ended`, now while it runs, or the last logged row of a run killed
    without a word. status.json's `started` alone is the latest process's start (a resume rewrites it) and its
    `updated` only its last write: neither spans the run."""
    times = [row["time"] for row in read_metrics(run_dir)[0] if isinstance(row.get("time"), (int, float))]
    first = min([t for t in (status.get("started"), *times[:1]) if t], default=None)
    if status.get("state") == "running":
        return first, now or time.time()
    return first, max([t for t in (status.get("ended"), *times[-1:]) if t], default=None)


def history(runs_root: str | Path) -> list[dict[str, Any]]:
    """Every run, newest first."""
    return [summary(run) for run in runs.list_runs(runs_root)]


def delete(run_dir: str | Path) -> None:
    """Remove a run's folder; a queued or running run must be stopped first, so no process writes into a void.
    A watched run (watched.py) is forgotten instead: its link goes, the folder it names is never deleted."""
    run_dir = Path(run_dir)
    if run_dir.is_symlink():
        run_dir.unlink()
        return
    state = runs.read_status(run_dir).get("state")
    if state in ("queued", "running"):
        raise ValueError(f"run {run_dir.name} is {state}: stop it before deleting it")
    shutil.rmtree(run_dir)


def examples_per_step(run_dir: Path) -> int:
    """Training examples one optimiser step consumes: batch × accumulation × processes."""
    return effective_batch(runs.load_config(run_dir))


def overlay(run_dirs: list[Path], key: str, align: str = "step") -> list[tuple[float, float, str]]:
    """(x, value, run id) for every logged `key` of each run; x is the step or the examples seen by then."""
    if align not in ALIGN:
        raise ValueError(f"align must be one of {', '.join(ALIGN)}")
    points = []
    for run_dir in run_dirs:
        scale = examples_per_step(run_dir) if align == "examples" else 1
        for row in read_metrics(run_dir)[0]:
            value = row.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and row.get("event") is None:
                points.append((row["step"] * scale, float(value), run_dir.name))
    return points
