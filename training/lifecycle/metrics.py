"""Metrics on disk: the trainer callback appends one JSON line per log, readers resume from their last offset."""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

from core import atomic

METRICS_FILE = "metrics.jsonl"
STOP_FILE = "STOP"


def _clean(value: Any) -> Any:
    """JSON has no NaN or infinity; keep them visible as strings so the doctor can still see them."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def normalise_key(key: str) -> str:
    """`eval_validation_cosine_ndcg@10` → `eval_ndcg@10`: one name per metric whatever the evaluator is called."""
    if key.startswith("eval_") and "_cosine_" in key:
        return "eval_" + key.split("_cosine_", 1)[1]
    return key


class MetricsWriter(TrainerCallback):
    """Append every log to metrics.jsonl and flush it, so a reload, a restarted UI or a crash loses nothing."""

    def __init__(self, run_dir: Path) -> None:
        self.path = Path(run_dir) / METRICS_FILE
        self.started = time.time()

    def _append(self, row: dict[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def on_train_begin(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:  # one set of metrics however many processes train
            return
        self._append(
            {
                "event": "train_begin",
                "step": state.global_step,
                "max_steps": state.max_steps,
                "num_train_epochs": state.num_train_epochs,
                # examples per optimiser step over all processes: samples/s is steps/s times this
                "examples_per_step": args.per_device_train_batch_size
                * args.gradient_accumulation_steps
                * args.world_size,
                "time": time.time(),
            }
        )

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero:
            return
        row: dict[str, Any] = {
            "step": state.global_step,
            "epoch": round(state.epoch or 0.0, 4),
            "max_steps": state.max_steps,
            "time": time.time(),
            "elapsed": round(time.time() - self.started, 3),
        }
        row.update({normalise_key(k): _clean(v) for k, v in (logs or {}).items()})
        self._append(row)


class StopFileCallback(TrainerCallback):
    """End training at the next step boundary when the run directory holds a STOP file, saving a checkpoint first."""

    def __init__(self, run_dir: Path) -> None:
        self.stop_file = Path(run_dir) / STOP_FILE
        self.stopped = False

    def on_step_end(self, args, state, control, **kwargs):
        if _any_process(self.stop_file.exists()):
            self.stopped = True
            control.should_training_stop = True
            control.should_save = True
        return control


def _any_process(flag: bool) -> bool:
    """True when any training process says so: processes that stopped at different steps would wait on each other
    forever."""
    import torch
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()):
        return flag
    value = torch.tensor([int(flag)])
    dist.all_reduce(value, op=dist.ReduceOp.MAX)
    return bool(value.item())


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
    path = Path(run_dir) / METRICS_FILE
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
