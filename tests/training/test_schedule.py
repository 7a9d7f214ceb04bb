"""The LR curve comes from transformers' own scheduler and rounds warmup the way the trainer does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from transformers import get_scheduler

from training.__main__ import main
from training.config.studio import StudioConfig, save_yaml
from training.config.training_args import SCHEDULERS
from training.insight.schedule import Marker, horizon, learning_rates, marker, scheduler_kwargs

ROOT = Path(__file__).resolve().parents[2]


def config_with(**training: object) -> StudioConfig:
    config = StudioConfig()
    for key, value in training.items():
        setattr(config.training, key, value)
    return config


def test_warmup_of_a_tenth_leaves_the_lr_at_71_percent_at_step_500() -> None:
    config = config_with(learning_rate=1e-5, warmup_ratio=0.1, max_steps=7002)
    span = horizon(config)
    assert (span.total_steps, span.warmup_steps) == (7002, 701)  # ceil(700.2)
    rates = learning_rates(config, span)
    assert [f"{rates[s]:.3g}" for s in (10, 100, 500, 700)] == ["1.43e-07", "1.43e-06", "7.13e-06", "9.99e-06"]
    assert marker(rates, 1e-5, 500) == Marker(500, rates[500], pytest.approx(0.713, abs=1e-3))  # 71% of peak
    assert rates[-1] == 0.0


@pytest.mark.parametrize(
    ("scheduler", "middle", "end"),
    [("linear", 0.5, 0.0), ("cosine", 0.5, 0.0), ("constant", 1.0, 1.0), ("constant_with_warmup", 1.0, 1.0)],
)
def test_schedulers_shape(scheduler: str, middle: float, end: float) -> None:
    config = config_with(learning_rate=1.0, warmup_ratio=0.0, max_steps=100, lr_scheduler_type=scheduler)
    rates = learning_rates(config, horizon(config))
    assert rates[50] == pytest.approx(middle, abs=1e-6) and rates[100] == pytest.approx(end, abs=1e-6)


def test_horizon_from_rows_and_epochs() -> None:
    config = config_with(per_device_train_batch_size=16, gradient_accumulation_steps=2, num_train_epochs=3.0)
    span = horizon(config, train_rows=398)
    assert (span.steps_per_epoch, span.total_steps, span.warmup_steps) == (13, 39, 4)
    with pytest.raises(ValueError, match="give the number of rows"):
        horizon(config)


@pytest.mark.slow
def test_cli_schedule_json(tmp_path: Path) -> None:
    save_yaml(config_with(learning_rate=1e-5, warmup_ratio=0.1, max_steps=7002), tmp_path / "c.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "training", "schedule", str(tmp_path / "c.yaml"), "--at", "10,500", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["warmup_steps"] == 701 and out["at"]["500"] == pytest.approx(7.1327e-6, rel=1e-4)


def test_cli_schedule_prints_numbers_not_sentences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """In-process: the subprocess test above covers the entry point; the studio words these numbers per language."""
    save_yaml(config_with(learning_rate=1e-5, warmup_ratio=0.1, max_steps=7002), tmp_path / "c.yaml")
    assert main(["schedule", str(tmp_path / "c.yaml"), "--at", "500,7002"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "total_steps=7002 warmup_steps=701 lr_scheduler_type=linear peak=1e-05",
        "step=500 lr=7.13e-06 share_of_peak=71%",
        "step=7002 lr=0 share_of_peak=0%",
    ]


@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_each_schedule_gives_the_rates_its_scheduler_steps_through(scheduler: str) -> None:
    # The curve is read from λ(k) where the scheduler is a LambdaLR (200k steps stepped took 13 s when a run opened)
    config = config_with(learning_rate=3e-4, warmup_ratio=0.1, max_steps=257, lr_scheduler_type=scheduler)
    span = horizon(config)
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=3e-4)
    stepped = get_scheduler(
        scheduler,
        optimizer,
        num_warmup_steps=span.warmup_steps,
        num_training_steps=span.total_steps,
        scheduler_specific_kwargs=scheduler_kwargs(config, span),
    )
    expected = [stepped.get_last_lr()[0]]
    for _ in range(span.total_steps):
        optimizer.step()
        stepped.step()
        expected.append(stepped.get_last_lr()[0])
    assert learning_rates(config, span) == pytest.approx(expected, rel=1e-12, abs=1e-18)
