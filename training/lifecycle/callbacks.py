"""The trainer callbacks every run gets: metrics appended to metrics.jsonl as they are logged, and a clean stop
(with a checkpoint) when the run folder holds a STOP file."""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist
from transformers import TrainerCallback

from training.lifecycle.metrics import METRICS_FILE, STOP_FILE, normalise_key


def _clean(value: Any) -> Any:
    """JSON has no NaN or infinity; keep them visible as strings so the doctor can still see them."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


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
    if not (dist.is_available() and dist.is_initialized()):
        return flag
    value = torch.tensor([int(flag)])
    dist.all_reduce(value, op=dist.ReduceOp.MAX)
    return bool(value.item())
