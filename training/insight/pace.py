"""Seconds per training step, measured: the run's own command for a few steps on this machine, not a guess.

A guess from FLOPs or a table misses what decides a CPU step here (tokenisation, the loss's extra passages, other
processes on a shared machine); the Train tab's estimate before Start multiplies the run's steps by this pace.
"""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from training.config.studio import StudioConfig, dump_yaml, save_yaml
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics

# Step 1 pays for warm-up (allocations, lazy initialisation): the pace runs from the end of step 1 to the last.
PACE_STEPS = 4
NO_EVALUATION = 10**6  # eval and save steps the probe never reaches: only training steps are timed
PACE_TIMEOUT = 900.0  # seconds: a model that loads for longer than this is not one to start from the page


class PaceFailed(RuntimeError):
    """The probe run ended without timing two steps; `log` is the end of its train.log."""

    def __init__(self, log: str) -> None:
        super().__init__("pace_failed")
        self.log = log


class PaceBusy(RuntimeError):
    """Not measured now, so the number stays true: `rule` "measuring" (another probe runs) or "training" (a run
    trains on this machine; both would share its cores and the pace would be too slow)."""

    def __init__(self, rule: str) -> None:
        super().__init__(f"pace_busy_{rule}")
        self.rule = rule


@dataclass(frozen=True)
class Pace:
    """What the probe measured, and which config it measured (`key`)."""

    seconds_per_step: float
    startup_seconds: float  # the command's start to its first step: process, model load, data
    steps: int  # steps timed
    key: str
    measured_at: float  # unix time

    def seconds_for(self, total_steps: int) -> float:
        """A run of `total_steps`: start-up plus its steps at the measured pace (evaluations not included)."""
        return self.startup_seconds + total_steps * self.seconds_per_step

    def to_dict(self) -> dict:
        return asdict(self)


def probe_config(config: StudioConfig) -> StudioConfig:
    """The config as the probe runs it: the same model, data, batch, length, LoRA and hardware; a few steps, no
    evaluation, checkpoint or tracker. Fields that don't change a step's cost are fixed, so two configs that differ
    only there share one measurement (`speed_key`)."""
    training = replace(
        config.training,
        max_steps=PACE_STEPS,
        num_train_epochs=1.0,
        learning_rate=1e-4,
        warmup_ratio=0.0,
        lr_scheduler_type="constant",
        logging_steps=1,
        eval_steps=NO_EVALUATION,
        eval_corpus_size=1,  # the evaluation at step 0 searches only the validation's own passages
        save_steps=NO_EVALUATION,
        save_total_limit=1,
        seed=0,
        report_to=[],
    )
    stopping = replace(config.early_stopping, patience=0, load_best_model_at_end=False)
    sft = replace(config.sft, eval_generations=0)
    return replace(config, training=training, early_stopping=stopping, sft=sft)


def speed_key(config: StudioConfig) -> str:
    """Equal for configs whose steps cost the same: a measured pace is reused across LR, schedule and length edits."""
    return hashlib.sha256(dump_yaml(probe_config(config)).encode()).hexdigest()[:16]


def measure(config: StudioConfig, *, timeout: float = PACE_TIMEOUT) -> Pace:
    """Run `python -m training run` on the probe config in a scratch folder and time its logged steps."""
    probe = probe_config(config)
    with tempfile.TemporaryDirectory(prefix="pace-") as scratch:
        run_dir = Path(scratch)
        save_yaml(probe, run_dir / "config.yaml")
        started = time.time()
        # What was timed before the limit still counts.
        with (run_dir / "train.log").open("wb") as log, contextlib.suppress(subprocess.TimeoutExpired):
            subprocess.run(
                runs.yielding(runs.command(run_dir)),  # at the run's own priority
                cwd=runs.PROJECT_ROOT,
                env=runs.child_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        rows, _ = read_metrics(run_dir)
        log_tail = (run_dir / "train.log").read_text(errors="replace")[-2000:]
    steps = [r for r in rows if r.get("event") is None and "step" in r and "loss" in r and "time" in r]
    if len(steps) < 2 or steps[-1]["step"] <= steps[0]["step"]:
        raise PaceFailed(log_tail)
    per_step = (steps[-1]["time"] - steps[0]["time"]) / (steps[-1]["step"] - steps[0]["step"])
    first = steps[0]["time"] - steps[0]["step"] * per_step  # when step 1 began, at the measured pace
    return Pace(
        seconds_per_step=per_step,
        startup_seconds=max(0.0, first - started),
        steps=steps[-1]["step"] - steps[0]["step"],
        key=speed_key(config),
        measured_at=time.time(),
    )
