"""The global batch over processes and machines: the studio's steps per epoch are the Trainer's own on accelerate's
sharded data, and the LR scaling rules give the numbers their docstring says."""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import pytest
from accelerate.data_loader import prepare_data_loader
from torch.utils.data import DataLoader
from transformers import Trainer, TrainingArguments

from training.config.studio import StudioConfig
from training.insight.scaling import global_batch, keeping_accumulation
from training.insight.schedule import horizon


def config_of(batch: int, accumulation: int, processes: int, machines: int, lr: float = 2e-4) -> StudioConfig:
    config = StudioConfig()
    t = config.training
    t.per_device_train_batch_size, t.gradient_accumulation_steps = batch, accumulation
    t.num_processes, t.num_machines, t.learning_rate = processes, machines, lr
    t.max_steps, t.num_train_epochs = -1, 1.0
    return config


# rows, per-device batch, accumulation, processes per machine, machines
SHAPES = [
    (1000, 16, 2, 4, 2),  # the docstring's: 256 a step, 4 steps
    (1000, 16, 1, 1, 1),
    (999, 8, 3, 2, 1),
    (100, 8, 4, 3, 1),  # the last process's batches run out first: accelerate evens them out
    (17, 4, 2, 8, 2),  # fewer rows than one step's batch
    (4096, 32, 8, 8, 4),
]


@pytest.mark.parametrize(("rows", "batch", "accumulation", "processes", "machines"), SHAPES)
def test_steps_per_epoch_are_the_trainers_on_accelerates_sharded_data(
    tmp_path: Path, rows: int, batch: int, accumulation: int, processes: int, machines: int
) -> None:
    """Each process's dataloader is the one accelerate.prepare makes of the whole data; the Trainer's own
    set_initial_training_values counts an epoch's optimiser steps from it."""
    world = processes * machines
    args = TrainingArguments(
        output_dir=str(tmp_path), per_device_train_batch_size=batch, gradient_accumulation_steps=accumulation,
        num_train_epochs=1, report_to="none",
    )  # fmt: skip
    trainer = SimpleNamespace(get_total_train_batch_size=lambda a: 0, get_sp_size=lambda: 1, num_examples=len)
    steps = set()
    for index in range(world):
        whole = DataLoader(range(rows), batch_size=batch)
        loader = prepare_data_loader(whole, num_processes=world, process_index=index)
        steps.add(Trainer.set_initial_training_values(trainer, args, loader)[1])
    span = horizon(config_of(batch, accumulation, processes, machines), train_rows=rows)
    assert steps == {span.steps_per_epoch} == {math.ceil(rows / (batch * accumulation * world))}


def test_global_batch_and_the_rates_each_scaling_rule_pairs_with_it() -> None:
    found = global_batch(config_of(16, 2, 4, 2))
    assert (found.total, found.reference, found.ratio) == (256, 32, 8.0)
    assert (found.learning_rate, found.linear_lr) == (2e-4, pytest.approx(1.6e-3))
    assert found.sqrt_lr == 5.66e-4  # 5.657e-4, to the 3 digits a person would set
    against_last = global_batch(config_of(16, 2, 4, 2), reference=128)
    assert (against_last.ratio, against_last.linear_lr) == (2.0, pytest.approx(4e-4))
    one = global_batch(config_of(16, 2, 1, 1))
    assert (one.total, one.ratio, one.linear_lr, one.sqrt_lr) == (32, 1.0, 2e-4, 2e-4)


@pytest.mark.parametrize(
    ("processes", "machines", "target", "keeps"),
    [(4, 1, 128, 2), (8, 1, 128, 1), (1, 1, 128, 8), (3, 1, 32, None), (4, 2, 32, None), (2, 2, 256, 4)],
)
def test_the_accumulation_that_keeps_a_global_batch(processes: int, machines: int, target: int, keeps) -> None:
    """Per-device batch 16: 128 over 4 processes is 2 steps of accumulation; 32 cannot be split over 3 or over 8."""
    assert keeping_accumulation(config_of(16, 1, processes, machines), target) == keeps
