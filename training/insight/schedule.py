"""The learning-rate curve of a config, computed by the same transformers code the trainer runs.

Values are what the scheduler holds after `step` optimiser steps: with lr 1e-5, warmup_ratio 0.1 and 7,002 steps,
transformers rounds the warmup up to 701 steps, so step 500 has 500 / 701 × 1e-5 = 7.13e-6 (71% of peak).
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass

import torch
from torch.optim.lr_scheduler import LambdaLR
from transformers import TrainingArguments, get_scheduler

from training.config.studio import StudioConfig
from training.tasks import task_module


@dataclass(frozen=True)
class Horizon:
    """How long a run is, in optimiser steps, and how much of it is warmup."""

    total_steps: int
    warmup_steps: int
    steps_per_epoch: int | None


def effective_batch(config: StudioConfig) -> int:
    """Examples per optimiser step: batch × accumulation × processes of every machine (each takes its own batch)."""
    t = config.training
    return t.per_device_train_batch_size * t.gradient_accumulation_steps * t.total_processes


def horizon(config: StudioConfig, train_rows: int | None = None) -> Horizon:
    """`max_steps` when set, else epochs × ceil(rows / effective batch); warmup rounded as transformers does.

    Each of the job's processes (num_processes on each machine) takes its own batch, so an epoch has that many
    times fewer steps.
    """
    t = config.training
    per_epoch = None
    if train_rows is not None:
        per_epoch = max(1, math.ceil(train_rows / effective_batch(config)))
    if t.max_steps > 0:
        total = t.max_steps
    elif per_epoch is not None:
        total = math.ceil(t.num_train_epochs * per_epoch)
    else:
        raise ValueError("training.max_steps is -1, so the run's length depends on the data: give the number of rows")
    with tempfile.TemporaryDirectory() as tmp:
        warmup = TrainingArguments(output_dir=tmp, warmup_steps=t.warmup_ratio, report_to="none").get_warmup_steps(
            total
        )
    return Horizon(total, warmup, per_epoch)


def training_rows_of(config: StudioConfig) -> int:
    """How many training rows the config's stored dataset gives, counted the way its task builds them."""
    return task_module(config.task).training_row_count(config)


def run_horizon(config: StudioConfig) -> Horizon:
    """The horizon of this config on its own dataset (read only when max_steps leaves the length to the data)."""
    return horizon(config, None if config.training.max_steps > 0 else training_rows_of(config))


def scheduler_kwargs(config: StudioConfig, span: Horizon) -> dict:
    """The scheduler-specific arguments (TrainingArguments' `lr_scheduler_kwargs`) the config's fields imply."""
    t = config.training
    if t.lr_scheduler_type == "cosine_with_min_lr":
        return {"min_lr_rate": t.min_lr_rate}
    if t.lr_scheduler_type == "warmup_stable_decay":
        decay = round(t.decay_ratio * span.total_steps)
        # A decay that overlaps the warmup is refused before a run starts (rules.schedule_rule, shown on the Configure
        # status); the clip only keeps the preview of such a config drawable while the status says why it is wrong.
        return {"num_decay_steps": min(decay, span.total_steps - span.warmup_steps), "min_lr_ratio": t.min_lr_rate}
    return {}


def learning_rates(config: StudioConfig, span: Horizon) -> list[float]:
    """The learning rate after 0, 1, …, total steps, from `transformers.get_scheduler` itself."""
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([parameter], lr=config.training.learning_rate)
    scheduler = get_scheduler(
        config.training.lr_scheduler_type,
        optimizer,
        num_warmup_steps=span.warmup_steps,
        num_training_steps=span.total_steps,
        scheduler_specific_kwargs=scheduler_kwargs(config, span),
    )
    if isinstance(scheduler, LambdaLR):  # every schedule but plateau: its rate after k steps is base × λ(k)
        # The same numbers as stepping it, ~50× sooner: 200k steps took 13 s, paid when a run opens on the Train tab
        (factor,), (base,) = scheduler.lr_lambdas, scheduler.base_lrs
        return [base * factor(step) for step in range(span.total_steps + 1)]
    rates = [scheduler.get_last_lr()[0]]
    for _ in range(span.total_steps):
        optimizer.step()
        scheduler.step()
        rates.append(scheduler.get_last_lr()[0])
    return rates


@dataclass(frozen=True)
class Marker:
    """The LR at one step and its share of the peak: step 500, 7.13e-06, 0.71 (the studio says it in words)."""

    step: int
    rate: float
    share: float


def marker(rates: list[float], peak: float, step: int) -> Marker:
    return Marker(step, rates[step], rates[step] / peak if peak else 0.0)
