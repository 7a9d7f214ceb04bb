"""The time a step takes, measured by the run's own command for a few steps (training/insight/pace.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from core import locks, settings
from tests.training.builders import cli, tiny_config
from training.config.studio import save_yaml
from training.insight.pace import PACE_STEPS, Pace, PaceBusy, PaceFailed, measure, probe_config, speed_key
from training.insight.schedule import run_horizon
from training.lifecycle import runs
from training.visitors import access, workspace


def test_the_probe_keeps_what_a_step_costs_and_fixes_the_rest(tiny_model: Path) -> None:
    config = tiny_config(tiny_model, per_device_train_batch_size=4, gradient_accumulation_steps=2, eval_steps=3)
    probe = probe_config(config)
    assert probe.training.max_steps == PACE_STEPS
    assert probe.training.per_device_train_batch_size == 4 and probe.training.gradient_accumulation_steps == 2
    assert (probe.model, probe.data, probe.lora, probe.task) == (config.model, config.data, config.lora, config.task)
    assert probe.training.eval_steps > PACE_STEPS and probe.training.save_steps > PACE_STEPS  # steps only are timed
    assert probe.training.report_to == [] and not probe.early_stopping.load_best_model_at_end
    assert config.training.max_steps == 6  # the form's config is left as it was


def test_configs_whose_steps_cost_the_same_share_one_measurement(tiny_model: Path) -> None:
    base = tiny_config(tiny_model)
    same_cost = tiny_config(tiny_model, learning_rate=5e-4, max_steps=600, warmup_ratio=0.1, seed=7)
    bigger_batch = tiny_config(tiny_model, per_device_train_batch_size=16)
    longer = tiny_config(tiny_model)
    longer.model.max_seq_length = 64
    assert speed_key(base) == speed_key(same_cost)
    assert len({speed_key(base), speed_key(bigger_batch), speed_key(longer)}) == 3


def test_a_pace_estimates_start_up_plus_steps() -> None:
    pace = Pace(seconds_per_step=2.0, startup_seconds=30.0, steps=3, key="k", measured_at=0.0)
    assert pace.seconds_for(75) == 30.0 + 150.0


@pytest.mark.slow
def test_measure_times_real_steps_and_the_cli_says_the_same(tiny_model: Path, data_dir: Path, tmp_path: Path) -> None:
    config = tiny_config(tiny_model)
    pace = measure(config)
    assert pace.steps == PACE_STEPS - 1 and pace.seconds_per_step > 0 and pace.startup_seconds >= 0
    assert pace.key == speed_key(config)

    save_yaml(config, tmp_path / "config.yaml")
    result = cli("pace", str(tmp_path / "config.yaml"), "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    said = json.loads(result.stdout)
    assert said["total_steps"] == run_horizon(config).total_steps == 6
    expected = said["startup_seconds"] + 6 * said["seconds_per_step"]
    assert said["estimated_seconds"] == pytest.approx(expected, abs=0.1)


@pytest.mark.slow
def test_a_probe_that_cannot_train_says_why_with_its_log(tiny_model: Path, data_dir: Path, tmp_path: Path) -> None:
    config = tiny_config(tiny_model)
    config.model.name_or_path = str(tmp_path / "no-such-model")
    with pytest.raises(PaceFailed) as failed:
        measure(config)
    assert "no-such-model" in failed.value.log


def test_no_measurement_while_a_run_trains_or_another_probe_runs(tiny_model: Path, data_dir: Path) -> None:
    """Either would share this machine's cores with the probe and the pace would be too slow: refused, with a rule."""
    config = tiny_config(tiny_model)
    run_dir = runs.create_run(config, runs.runs_dir())
    runs.write_status(run_dir, state="running", pid=os.getpid(), pid_start=runs.process_start(os.getpid()))
    with pytest.raises(PaceBusy) as busy:
        workspace.measure_pace(access.MACHINE, config)
    assert busy.value.rule == "training"
    runs.write_status(run_dir, state="finished")
    with locks.held(settings.data_dir() / "locks" / "pace.lock"), pytest.raises(PaceBusy) as busy:
        workspace.measure_pace(access.MACHINE, config)
    assert busy.value.rule == "measuring"
