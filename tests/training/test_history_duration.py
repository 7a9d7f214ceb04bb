"""Run history's duration is wall clock from the run's first record to its last: a live run counts to now
(status.json's `updated` is only its last write, at the start), a resumed run keeps the time before its resume
(status.json's `started` is rewritten by it), and a run killed without a word ends at its last logged row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.config.studio import StudioConfig
from training.lifecycle import runs
from training.lifecycle.history import span, summary
from training.lifecycle.metrics import read_metrics
from training.lifecycle.progress import progress

T0 = 1_800_000_000.0


def logged(run_dir: Path, *stretches: tuple[float, float]) -> None:
    """metrics.jsonl as MetricsWriter writes it: a train_begin, then ten steps, for each process's stretch (a
    resumed process goes on from the step its predecessor reached)."""
    with (run_dir / "metrics.jsonl").open("a", encoding="utf-8") as handle:
        for n, (begin, end) in enumerate(stretches):
            handle.write(json.dumps({"event": "train_begin", "step": 10 * n, "max_steps": 75, "time": begin}) + "\n")
            for k in range(1, 11):
                row = {"step": 10 * n + k, "time": begin + (end - begin) * k / 10, "loss": 1.0}
                handle.write(json.dumps(row) + "\n")


def seconds(run_dir: Path, status: dict, now: float | None = None) -> float | None:
    first, last = span(run_dir, status, now)
    return None if first is None or last is None else last - first


def minutes(run_dir: Path) -> float | None:
    return summary(next(r for r in runs.list_runs(run_dir.parent) if r.path == run_dir))["minutes"]


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return runs.create_run(StudioConfig(), tmp_path / "runs")


def test_a_twelve_minute_run_is_twelve_minutes_while_it_runs_and_once_it_ended(run_dir: Path) -> None:
    runs.write_status(run_dir, state="running", started=T0)  # `updated` is now: the live run's last status write
    logged(run_dir, (T0 + 20, T0 + 600))  # the first step came after 20 s of loading
    live = {**runs.read_status(run_dir), "state": "running", "updated": T0 + 30}
    assert seconds(run_dir, live, now=T0 + 720) == pytest.approx(720)
    runs.write_status(run_dir, state="finished", ended=T0 + 725)
    assert minutes(run_dir) == pytest.approx(725 / 60, abs=0.05)


def test_a_resumed_run_counts_from_its_first_record_not_from_the_resume(run_dir: Path) -> None:
    """Stopped after 10 minutes and resumed for 2 more: 12 minutes on the clock, not the 2 since the resume."""
    logged(run_dir, (T0 + 5, T0 + 600), (T0 + 610, T0 + 720))
    runs.write_status(run_dir, state="finished", started=T0 + 605, ended=T0 + 725)  # the resume rewrote `started`
    assert minutes(run_dir) == pytest.approx(12.0, abs=0.05)
    assert summary(next(r for r in runs.list_runs(run_dir.parent)))["started"] == pytest.approx(T0 + 5)


def test_a_vanished_run_ends_at_its_last_row_and_a_queued_one_has_none(run_dir: Path) -> None:
    logged(run_dir, (T0 + 5, T0 + 125))
    assert seconds(run_dir, {"state": "failed", "started": T0, "updated": T0 + 1}) == pytest.approx(125)
    assert seconds(run_dir.parent / "nothing", {"state": "queued"}) is None
    assert minutes(runs.create_run(StudioConfig(), run_dir.parent, label="later")) is None  # queued: no time yet


def test_the_train_tabs_elapsed_agrees_and_its_eta_skips_the_pause_before_a_resume(run_dir: Path) -> None:
    """Ten steps in 100 s, a day's pause, ten more in 100 s: 10 s a step, whatever the pause."""
    logged(run_dir, (T0, T0 + 100), (T0 + 86_400, T0 + 86_500))
    rows = read_metrics(run_dir)[0]
    p = progress(rows, running=False)
    assert p.step == 20 and p.eta == pytest.approx((75 - 20) * 10)
    assert p.elapsed == pytest.approx(seconds(run_dir, {"state": "stopped"}))
