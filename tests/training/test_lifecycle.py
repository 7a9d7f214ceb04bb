"""A run's life on a tiny random BERT: killed and resumed, stopped early on a plateau, queued, and trained by two
processes at once."""

from __future__ import annotations

import math
import os
import signal
import time
from pathlib import Path

import pytest

from datasets_spec import store
from tests.training.builders import cli, tiny_config
from training.insight.schedule import horizon, learning_rates, training_rows_of
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics

pytestmark = pytest.mark.slow  # real runs in child processes: kill and resume, the queue, two at once, early stop


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def logged_steps(run_dir: Path) -> list[int]:
    return [r["step"] for r in read_metrics(run_dir)[0] if "loss" in r]


def wait_done(run_dir: Path, timeout: float = 240) -> dict:
    wait_until(lambda: runs.read_status(run_dir)["state"] not in ("queued", "running"), timeout, "the run to end")
    status = runs.read_status(run_dir)
    assert status["state"] in ("finished", "stopped"), (status, (run_dir / "train.log").read_text()[-3000:])
    return status


@pytest.fixture
def runs_root(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store.load(store.SAMPLE_NAME)  # import the sample once, before any child process races to do it
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return runs.runs_dir()


def test_a_killed_run_resumes_to_the_same_final_step_without_gaps_or_repeats(tiny_model: Path, runs_root: Path):
    # Slow steps (batch 32, full fine-tuning) so the kill lands mid-run; a checkpoint every 4 steps.
    config = tiny_config(
        tiny_model, max_steps=40, save_steps=4, eval_steps=0, per_device_train_batch_size=32, learning_rate=1e-4
    )
    config.lora.use_lora = False
    config.early_stopping.load_best_model_at_end = False
    run_dir = runs.submit(config, runs_root)
    wait_until(lambda: (run_dir / "checkpoints" / "checkpoint-8").exists(), 180, "a checkpoint at step 8")
    pid = runs.read_status(run_dir)["pid"]
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: runs.read_status(run_dir)["state"] == "failed", 30, "the killed run to read as failed")
    killed_at = max(logged_steps(run_dir))
    assert 8 <= killed_at < 40, "the kill must land between a checkpoint and the end"

    runs.resume(run_dir)
    status = wait_done(run_dir)
    assert status["state"] == "finished" and status["step"] == 40
    steps = logged_steps(run_dir)
    assert steps == list(range(1, 41)), "every step logged exactly once across the kill"
    # The scheduler's state came back with the checkpoint: each logged LR is the schedule's, before and after.
    rates = learning_rates(config, horizon(config))
    logged = [r["learning_rate"] for r in read_metrics(run_dir)[0] if "loss" in r]
    assert logged == pytest.approx(rates[:40])


def test_early_stopping_ends_a_plateaued_run_and_keeps_the_best_checkpoint(tiny_model: Path, runs_root: Path):
    # A learning rate this small cannot move NDCG: every evaluation after the first is "no improvement".
    config = tiny_config(tiny_model, max_steps=60, eval_steps=2, save_steps=2, learning_rate=1e-12)
    config.early_stopping.patience = 2
    run_dir = runs.submit(config, runs_root)
    status = wait_done(run_dir)
    assert status["state"] == "finished" and status["early_stopped"]
    assert status["step"] <= 8, f"stopped at step {status['step']} of 60"
    assert status["best_checkpoint"].endswith("checkpoint-2")


def test_the_queue_runs_one_at_a_time_and_starts_the_next_by_itself(tiny_model: Path, runs_root: Path):
    first = runs.submit(tiny_config(tiny_model, max_steps=6, eval_steps=0), runs_root, label="first")
    second = runs.submit(tiny_config(tiny_model, max_steps=3, eval_steps=0), runs_root, label="second")
    assert runs.read_status(first)["state"] == "running"
    assert runs.read_status(second)["state"] == "queued", "one run per device at a time"
    wait_done(first)
    # Nobody calls start_next here: the first run hands the device on when it ends.
    assert wait_done(second)["step"] == 3
    assert runs.read_status(second)["started"] >= runs.read_status(first)["ended"]


def test_two_cpu_processes_train_one_run_and_log_one_set_of_metrics(tiny_model: Path, data_dir: Path, tmp_path):
    from training.config.studio import save_yaml

    config = tiny_config(tiny_model, max_steps=4, eval_steps=2, num_processes=2)
    save_yaml(config, tmp_path / "config.yaml")
    run_dir = tmp_path / "run"
    result = cli("run", str(tmp_path / "config.yaml"), "--run-dir", str(run_dir), data_dir=data_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    status = runs.read_status(run_dir)
    assert status["state"] == "finished" and status["step"] == 4
    assert logged_steps(run_dir) == [1, 2, 3, 4], "rank 0 alone writes metrics"
    # Two processes each take a batch of 8, so an epoch of the sample's pairs takes half the steps of one process.
    rows = training_rows_of(config)
    epoch_at_4 = next(r["epoch"] for r in read_metrics(run_dir)[0] if r.get("step") == 4 and "loss" in r)
    # (within 10%: the no-duplicates batch sampler may leave a batch or so of each process's share for later)
    assert epoch_at_4 == pytest.approx(2 * 4 / math.ceil(rows / 8), rel=0.1)
