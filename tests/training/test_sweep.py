"""Sweeps: trials from grids and ranges, checked against the config, queued as real runs and ranked."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import yaml

from datasets_spec import store
from tests.training.builders import cli, tiny_config
from training.config.studio import ConfigError, save_yaml
from training.lifecycle import runs
from training.lifecycle.sweep import parse_sweep, trials


def test_a_grid_is_every_combination_and_random_draws_stay_in_range() -> None:
    grid = parse_sweep(
        {"base": "embedding-lora-cpu", "parameters": {"training.learning_rate": [1e-4, 3e-4], "lora.r": [8, 16, 32]}}
    )
    combos = trials(grid)
    assert len(combos) == 6 and {"training.learning_rate": 3e-4, "lora.r": 32} in combos
    assert grid.ranked_by == "eval_ndcg@10"

    draws = parse_sweep(
        {
            "base": "embedding-lora-cpu",
            "method": "random",
            "trials": 20,
            "seed": 3,
            "parameters": {
                "training.learning_rate": {"min": 1e-5, "max": 1e-3, "log": True},
                "lora.r": {"min": 4, "max": 64},
            },
        }
    )
    drawn = trials(draws)
    assert len(drawn) == 20 and drawn == trials(draws), "seeded: the same draws every time"
    assert all(1e-5 <= d["training.learning_rate"] <= 1e-3 for d in drawn)
    assert all(isinstance(d["lora.r"], int) and 4 <= d["lora.r"] <= 64 for d in drawn)
    # Log-uniform: about as many draws below 1e-4 as above it.
    assert 4 <= sum(d["training.learning_rate"] < 1e-4 for d in drawn) <= 16


@pytest.mark.parametrize(
    ("parameters", "method", "message"),
    [
        ({"training.learnig_rate": [1e-4]}, "grid", "'training.learnig_rate' is not a config field"),
        ({"training.learning_rate": [1e-4, -1]}, "grid", "training.learning_rate = -1.0: must be > 0"),
        ({"lora.r": {"min": 4, "max": 32}}, "grid", "a range needs method random"),
        ({"lora.r": []}, "grid", "non-empty list"),
        ({}, "grid", "names no field"),
        ({"lora.r": [8]}, "bayes", "must be one of grid, random"),
    ],
)
def test_a_bad_sweep_says_which_parameter_is_wrong(parameters: dict, method: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_sweep({"base": "embedding-lora-cpu", "method": method, "parameters": parameters})


@pytest.mark.slow
def test_a_sweep_queues_real_runs_that_run_one_at_a_time_and_are_ranked(
    tiny_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    store.load(store.SAMPLE_NAME)
    save_yaml(tiny_config(tiny_model, max_steps=3, eval_steps=3), tmp_path / "base.yaml")
    sweep_file = tmp_path / "lr.yaml"
    sweep_file.write_text(
        yaml.safe_dump({"base": "base.yaml", "parameters": {"training.learning_rate": [1e-12, 3e-3]}}),
        encoding="utf-8",
    )
    root = tmp_path / "runs"
    queued = cli("sweep", str(sweep_file), "--runs-root", str(root), data_dir=data_dir)
    assert queued.returncode == 0, queued.stderr[-2000:]
    assert "queued 2 runs of sweep 'lr'" in queued.stdout
    found = runs.list_runs(root)
    assert sorted(r.state for r in found) == ["queued", "running"]

    deadline = time.time() + 240
    while any(r.state in ("queued", "running") for r in runs.list_runs(root)):
        assert time.time() < deadline, "the sweep did not finish"
        time.sleep(0.5)
    assert all(r.state == "finished" for r in runs.list_runs(root))

    ranked = json.loads(
        cli("sweep", str(sweep_file), "--runs-root", str(root), "--rank", "--json", data_dir=data_dir).stdout
    )
    assert [r["metric"] for r in ranked] == ["eval_ndcg@10"] * 2
    assert ranked[0]["best"] >= ranked[1]["best"]
    assert {r["training.learning_rate"] for r in ranked} == {1e-12, 3e-3}
    assert all(r["at_step"] in (0, 3) for r in ranked)
