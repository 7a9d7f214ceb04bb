"""Checkpoints a resume can trust: hand-made folders for each way a checkpoint can be torn, and a real run killed
with kill -9 whose newest checkpoint is then cut in half."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from datasets_spec import store
from studio.tabs.train import resume_note
from training.config.studio import StudioConfig, save_yaml
from training.lifecycle import checkpoints, runs
from training.lifecycle.checkpoints import MANIFEST, Resumable, Skipped, last_checkpoint, write_manifest
from training.lifecycle.metrics import read_metrics

WEIGHTS = "adapter_model.safetensors"
STATE = "trainer_state.json"


def make_checkpoint(run_dir: Path, step: int, *, manifest: bool = True) -> Path:
    """A folder shaped like the trainer's: weights, optimiser state, trainer state (written last)."""
    folder = run_dir / "checkpoints" / f"checkpoint-{step}"
    folder.mkdir(parents=True)
    save_file({"a": np.arange(64, dtype=np.float32), "b": np.ones((4, 4), dtype=np.float32)}, folder / WEIGHTS)
    (folder / "optimizer.pt").write_bytes(os.urandom(512))
    (folder / STATE).write_text(json.dumps({"global_step": step}), encoding="utf-8")
    if manifest:
        write_manifest(folder)
    return folder


def cut_in_half(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def append_a_byte(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"\0")


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_run_without_checkpoints_has_nothing_to_resume(tmp_path: Path) -> None:
    assert last_checkpoint(tmp_path) == Resumable(None, [])


def test_a_checkpoint_whose_files_match_its_manifest_is_the_one(tmp_path: Path) -> None:
    make_checkpoint(tmp_path, 4)
    newest = make_checkpoint(tmp_path, 12)
    manifest = json.loads((newest / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert set(manifest) == {WEIGHTS, "optimizer.pt", STATE}
    assert manifest[WEIGHTS]["size"] == (newest / WEIGHTS).stat().st_size and len(manifest[WEIGHTS]["sha256"]) == 64
    assert last_checkpoint(tmp_path) == Resumable(newest, [])
    assert last_checkpoint(tmp_path).describe() == "Resuming from checkpoint-12"


# (what happens to the newest checkpoint, what the resume says about it)
TORN: list[tuple[str, Callable[[Path], None], bool, str, str]] = [
    ("cut short", lambda f: cut_in_half(f / WEIGHTS), True, "cut_short", WEIGHTS),
    ("same size, other bytes", lambda f: flip_a_byte(f / "optimizer.pt"), True, "hash_differs", "optimizer.pt"),
    ("a listed file gone", lambda f: (f / "optimizer.pt").unlink(), True, "missing_file", "optimizer.pt"),
    ("grown", lambda f: append_a_byte(f / WEIGHTS), True, "size_differs", WEIGHTS),
    ("manifest torn", lambda f: (f / MANIFEST).write_text("{"), True, "unreadable", MANIFEST),
    ("legacy, weights cut short", lambda f: cut_in_half(f / WEIGHTS), False, "cut_short", WEIGHTS),
    ("legacy, header cut", lambda f: (f / WEIGHTS).write_bytes(b"\x40\x00"), False, "cut_short", WEIGHTS),
    ("legacy, header garbage", lambda f: (f / WEIGHTS).write_bytes(b"\4" + b"\0" * 15), False, "bad_header", WEIGHTS),
    ("legacy, no trainer state", lambda f: (f / STATE).unlink(), False, "missing_file", STATE),
    ("legacy, torn trainer state", lambda f: (f / STATE).write_text("{"), False, "unreadable", STATE),
]  # fmt: skip


@pytest.mark.parametrize(("case", "tear", "manifest", "reason", "file"), TORN, ids=[t[0] for t in TORN])
def test_a_torn_newest_checkpoint_is_skipped_with_its_reason(
    case: str, tear: Callable[[Path], None], manifest: bool, reason: str, file: str, tmp_path: Path
) -> None:
    previous = make_checkpoint(tmp_path, 20, manifest=manifest)
    tear(make_checkpoint(tmp_path, 24, manifest=manifest))
    found = last_checkpoint(tmp_path)
    assert found == Resumable(previous, [Skipped("checkpoint-24", reason, file)])
    assert found.describe().startswith("checkpoint-24 is incomplete (") and found.describe().endswith(
        "; resuming from checkpoint-20"
    )


def test_the_log_line_names_the_file_and_the_checkpoint_it_resumes_from(tmp_path: Path) -> None:
    make_checkpoint(tmp_path, 20)
    cut_in_half(make_checkpoint(tmp_path, 24) / WEIGHTS)
    assert last_checkpoint(tmp_path).describe() == (
        "checkpoint-24 is incomplete (adapter_model.safetensors is cut short); resuming from checkpoint-20"
    )


def test_a_whole_legacy_checkpoint_resumes_and_steps_sort_as_numbers(tmp_path: Path) -> None:
    make_checkpoint(tmp_path, 9, manifest=False)
    newest = make_checkpoint(tmp_path, 10, manifest=False)
    assert last_checkpoint(tmp_path) == Resumable(newest, [])


def test_when_every_checkpoint_is_torn_each_is_named(tmp_path: Path) -> None:
    cut_in_half(make_checkpoint(tmp_path, 4) / WEIGHTS)
    (make_checkpoint(tmp_path, 8, manifest=False) / STATE).unlink()
    found = last_checkpoint(tmp_path)
    assert found == Resumable(
        None,
        [Skipped("checkpoint-8", "missing_file", STATE), Skipped("checkpoint-4", "cut_short", WEIGHTS)],
    )
    assert found.describe().endswith("; no complete checkpoint to resume from")


def test_files_over_the_hash_limit_are_checked_by_size_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkpoints, "HASH_LIMIT", 100)
    folder = make_checkpoint(tmp_path, 4)
    files = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert files["optimizer.pt"]["sha256"] is None and files[STATE]["sha256"]
    flip_a_byte(folder / "optimizer.pt")
    assert last_checkpoint(tmp_path).checkpoint == folder


def test_the_train_tab_says_which_checkpoint_it_resumed_from_in_english_and_korean() -> None:
    status = {
        "resumed_from": "checkpoint-20",
        "skipped_checkpoints": [Skipped("checkpoint-24", "cut_short", WEIGHTS).to_dict()],
    }
    assert resume_note(status, "en") == (
        "`checkpoint-24` is incomplete (adapter_model.safetensors is cut short); resuming from `checkpoint-20`."
    )
    assert resume_note(status, "ko") == (
        "`checkpoint-24` 불완전하여 건너뜀(adapter_model.safetensors 파일이 잘림). "
        "`checkpoint-20`에서 이어서 학습합니다."
    )
    assert resume_note({"resumed_from": "checkpoint-20", "skipped_checkpoints": []}, "en") == (
        "Resuming from `checkpoint-20`."
    )
    for reason in checkpoints.REASONS:  # every rule id the engine can give has words in both languages
        skipped = {
            "resumed_from": "checkpoint-2",
            "skipped_checkpoints": [Skipped("checkpoint-4", reason, "x").to_dict()],
        }
        assert all(resume_note(skipped, lang) for lang in ("en", "ko"))


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def start(run_dir: Path, data_dir: Path, *, resume: bool = False) -> subprocess.Popen:
    """Exactly the command the studio runs, its output appended to the run's train.log."""
    with (run_dir / "train.log").open("ab") as log:
        return subprocess.Popen(
            runs.command(run_dir, resume=resume),
            cwd=runs.PROJECT_ROOT,
            env={**runs.child_env(), "STUDIO_DATA_DIR": str(data_dir)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def new_run(config: StudioConfig, run_dir: Path) -> Path:
    run_dir.mkdir()
    save_yaml(config, run_dir / "config.yaml")
    return run_dir


def losses(run_dir: Path) -> list[tuple[int, float]]:
    return [(r["step"], r["loss"]) for r in read_metrics(run_dir)[0] if "loss" in r]


def ended(process: subprocess.Popen, run_dir: Path) -> int:
    code = process.wait(timeout=600)
    assert code == 0, (run_dir / "train.log").read_text(encoding="utf-8", errors="replace")[-3000:]
    return code


@pytest.mark.slow
def test_a_killed_run_whose_newest_checkpoint_is_torn_resumes_from_the_one_before(
    tiny_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    store.load(store.SAMPLE_NAME)  # import the sample once, before two child processes race to do it
    config = StudioConfig()
    config.model.name_or_path = str(tiny_model)
    config.model.max_seq_length = 32
    t = config.training
    t.max_steps, t.save_steps, t.eval_steps = 36, 6, 0
    t.per_device_train_batch_size, t.learning_rate = 32, 1e-3
    config.early_stopping.load_best_model_at_end = False
    reference = new_run(config, tmp_path / "reference")
    uninterrupted = start(reference, data_dir)  # side by side: the same config and seed, never killed
    run_dir = new_run(config, tmp_path / "run")
    victim = start(run_dir, data_dir)
    newest = run_dir / "checkpoints" / "checkpoint-12"
    wait_until(lambda: (newest / MANIFEST).exists(), 300, "a second whole checkpoint")
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=60)
    saved = [p.name for p in checkpoints.checkpoints(run_dir)]
    assert saved == ["checkpoint-6", "checkpoint-12"], f"the kill must land before the next save; found {saved}"
    assert max(step for step, _ in losses(run_dir)) >= 12
    cut_in_half(newest / WEIGHTS)  # what a crash in the middle of writing the weights leaves

    ended(start(run_dir, data_dir, resume=True), run_dir)
    ended(uninterrupted, reference)
    log = (run_dir / "train.log").read_text(encoding="utf-8", errors="replace")
    assert f"checkpoint-12 is incomplete ({WEIGHTS} is cut short); resuming from checkpoint-6" in log
    status = runs.read_status(run_dir)
    assert status["state"] == "finished" and status["step"] == 36
    assert status["resumed_from"] == "checkpoint-6"
    assert status["skipped_checkpoints"] == [{"checkpoint": "checkpoint-12", "reason": "cut_short", "file": WEIGHTS}]
    assert [step for step, _ in losses(run_dir)] == list(range(1, 37)), "every step logged exactly once"
    final = np.mean([loss for _, loss in losses(run_dir)[-5:]])
    expected = np.mean([loss for _, loss in losses(reference)[-5:]])
    assert final == pytest.approx(expected, rel=0.02), f"resumed {final:.4f}, uninterrupted {expected:.4f}"
    assert last_checkpoint(run_dir) == Resumable(run_dir / "checkpoints" / "checkpoint-36", [])
