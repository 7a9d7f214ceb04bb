"""Model resolution offline, the metrics file's reader, progress/ETA, and run status when a process vanishes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.models.load import load_embedding_model, resolve_model_path
from training.config.studio import MINILM, StudioConfig
from training.lifecycle import runs
from training.lifecycle.metrics import METRICS_FILE, read_metrics
from training.lifecycle.progress import epoch_boundaries, format_duration, progress, series, smoothed


def test_minilm_loads_offline_from_its_package() -> None:
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    path = Path(resolve_model_path(MINILM))
    assert (path / "model.safetensors").exists() and "site-packages" in str(path)
    model = load_embedding_model(MINILM, max_seq_length=64)
    embedding = model.encode(["민법 제750조 불법행위"], normalize_embeddings=True)
    assert embedding.shape == (1, 384) and model.max_seq_length == 64


def test_other_ids_and_paths_pass_through_unchanged(tmp_path: Path) -> None:
    assert resolve_model_path("BAAI/bge-m3") == "BAAI/bge-m3"
    assert resolve_model_path(str(tmp_path)) == str(tmp_path)


def test_reader_resumes_from_its_offset_and_waits_for_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / METRICS_FILE
    path.write_text('{"step": 1, "loss": 2.0}\n{"step": 2, "loss": 1.5}\n{"step": 3, "lo', encoding="utf-8")
    rows, offset = read_metrics(tmp_path)
    assert [r["step"] for r in rows] == [1, 2]
    assert read_metrics(tmp_path, offset) == ([], offset)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('ss": 1.2}\n')
    rows, end = read_metrics(tmp_path, offset)
    assert rows == [{"step": 3, "loss": 1.2}] and end == path.stat().st_size
    assert read_metrics(tmp_path / "missing") == ([], 0)


def test_progress_eta_from_the_pace_of_steps() -> None:
    rows = [{"event": "train_begin", "time": 100.0, "max_steps": 10, "step": 0}]
    rows += [
        {"step": s, "time": 110.0 + 2 * s, "loss": 1.0 / s, "learning_rate": 1e-4 * s, "max_steps": 10}
        for s in range(1, 5)
    ]
    p = progress(rows, running=False)
    assert (p.step, p.total, p.fraction) == (4, 10, 0.4)
    assert p.eta == pytest.approx(12.0) and p.elapsed == pytest.approx(18.0)
    assert p.learning_rate == pytest.approx(4e-4) and p.loss == pytest.approx(0.25)
    assert format_duration(3725) == "1:02:05" and format_duration(None) == "–"


def test_pace_is_measured_over_the_recent_steps_with_all_processes() -> None:
    rows = [{"event": "train_begin", "time": 0.0, "max_steps": 100, "step": 0, "examples_per_step": 32}]
    slow_start = [{"step": 1, "time": 60.0, "loss": 2.0, "num_input_tokens_seen": 1000}]
    steady = [
        {"step": s, "time": 60.0 + 2 * (s - 1), "loss": 1.0, "num_input_tokens_seen": 1000 * s} for s in range(2, 40)
    ]
    p = progress(rows + slow_start + steady)
    assert p.samples_per_second == pytest.approx(16.0)  # 32 examples per 2 s step
    assert p.tokens_per_second == pytest.approx(500.0)
    assert progress(rows + slow_start).samples_per_second is None


@pytest.mark.parametrize(
    ("logged_every", "steps_per_epoch", "expected"),
    [(1, 25, [(1, 25.0), (2, 50.0)]), (4, 20, [(1, 20.0), (2, 40.0), (3, 60.0)])],
)
def test_epoch_boundaries_are_placed_between_logs(logged_every: int, steps_per_epoch: int, expected: list) -> None:
    rows = [{"step": s, "loss": 1.0, "epoch": s / steps_per_epoch} for s in range(1, 76, logged_every)]
    assert epoch_boundaries(rows) == [(e, pytest.approx(s)) for e, s in expected]


def test_series_skip_non_numbers_and_smoothing_is_debiased() -> None:
    rows = [{"step": 1, "loss": 4.0}, {"step": 2, "loss": "nan"}, {"step": 3, "loss": 2.0}, {"step": 4}]
    assert series(rows, "loss") == [(1, 4.0), (3, 2.0)]
    assert smoothed([(1, 4.0)])[0] == (1, pytest.approx(4.0))


def test_a_run_whose_process_vanished_reads_as_failed(tmp_path: Path) -> None:
    run_dir = runs.create_run(StudioConfig(), tmp_path)
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    runs.write_status(run_dir, state="running", pid=child.pid, pid_start=1.0)
    status = runs.read_status(run_dir)
    assert status["state"] == "failed" and "ended without reporting" in status["error"]
    assert json.loads((run_dir / "status.json").read_text())["state"] == "running", "reading never rewrites"
    runs.write_status(run_dir, state="running", pid=os.getpid(), pid_start=runs.process_start(os.getpid()))
    assert runs.read_status(run_dir)["state"] == "running"
    runs.write_status(run_dir, pid_start=0.0)  # same pid, different process start: the pid was reused
    assert runs.read_status(run_dir)["state"] == "failed"
