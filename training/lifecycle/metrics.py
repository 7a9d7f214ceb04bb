"""Metrics on disk: one JSON line per log (written by callbacks.MetricsWriter); readers resume from their last
offset. Reading needs no torch or transformers, so the page and the CLI stay light."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core import atomic

METRICS_FILE = "metrics.jsonl"
STOP_FILE = "STOP"
HEARTBEAT_FILE = "heartbeat"  # touched while the run's process lives (train.py): its sign of life elsewhere


def normalise_key(key: str) -> str:
    """`eval_validation_cosine_ndcg@10` → `eval_ndcg@10`: one name per metric whatever the evaluator is called."""
    if key.startswith("eval_") and "_cosine_" in key:
        return "eval_" + key.split("_cosine_", 1)[1]
    return key


def keep_rows_until(run_dir: str | Path, step: int) -> int:
    """Drop the rows logged after `step` (and torn lines), so a run resumed from the checkpoint at `step` logs each
    later step exactly once. Rewritten atomically; returns how many rows were dropped."""
    path = Path(run_dir) / METRICS_FILE
    if not path.exists():
        return 0
    kept, dropped = [], 0
    for line in path.read_bytes().splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            dropped += 1
            continue
        if row.get("step", 0) > step:
            dropped += 1
        else:
            kept.append(line)
    atomic.write_bytes(path, b"".join(line + b"\n" for line in kept))
    return dropped


def read_metrics(run_dir: str | Path, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Rows written since `offset`, and the offset to pass next time; a half-written last line waits for later."""
    return read_new_lines(Path(run_dir) / METRICS_FILE, offset)


def read_new_lines(path: Path, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """The JSON lines of any append-only file (metrics, a recipe job's progress) written since `offset`, and the
    offset to pass next time."""
    if not path.exists():
        return [], offset
    with path.open("rb") as handle:
        handle.seek(offset)
        data = handle.read()
    end = data.rfind(b"\n") + 1
    rows = []
    for line in data[:end].splitlines():
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a torn line from a killed writer; the next full line still counts
    return rows, offset + end
