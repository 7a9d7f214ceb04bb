"""Run history and comparison on two real tiny runs: summaries with the key metric, curves aligned by step or by
examples seen, the config diff beside them, and deletion that refuses a live run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from datasets_spec import store
from studio.tabs import history_panel
from tests.training.builders import cli, tiny_config
from training.lifecycle import runs
from training.lifecycle.history import delete, history, overlay


def finished(run_dir: Path) -> None:
    deadline = time.time() + 180
    while runs.read_status(run_dir)["state"] in ("queued", "running"):
        assert time.time() < deadline, "the run did not finish"
        time.sleep(0.3)
    assert runs.read_status(run_dir)["state"] == "finished", (run_dir / "train.log").read_text()[-2000:]


@pytest.mark.slow
def test_history_overlay_diff_and_delete(tiny_model: Path, data_dir: Path) -> None:
    store.load(store.SAMPLE_NAME)
    root = runs.runs_dir()
    small = runs.submit(tiny_config(tiny_model, max_steps=4, eval_steps=2, per_device_train_batch_size=4), root)
    large = runs.submit(tiny_config(tiny_model, max_steps=4, eval_steps=2, learning_rate=2e-3), root)
    assert runs.read_status(large)["state"] == "queued"
    with pytest.raises(ValueError, match="is queued: stop it before deleting it"):
        delete(large)
    finished(small)
    finished(large)

    rows = {row["run"]: row for row in history(root)}
    assert set(rows) == {small.name, large.name}
    for row in rows.values():
        assert row["state"] == "finished" and row["task"] == "embedding" and row["metric"] == "eval_ndcg@10"
        assert 0 <= row["best"] <= 1 and row["best_step"] in (0, 2, 4) and row["steps"] == 4
        assert row["minutes"] is not None

    by_step = overlay([small, large], "loss", "step")
    assert sorted({x for x, _, run in by_step if run == small.name}) == [1, 2, 3, 4]
    by_examples = overlay([small, large], "loss", "examples")
    assert sorted({x for x, _, run in by_examples if run == small.name}) == [4, 8, 12, 16]  # batch 4
    assert sorted({x for x, _, run in by_examples if run == large.name}) == [8, 16, 24, 32]  # batch 8

    curves, changes, note = history_panel.compare("en", [small.name, large.name], "eval_ndcg@10", "step")
    assert set(curves["run"]) == {small.name, large.name} and note == ""
    changed = changes[changes[""] == "changed"].set_index("setting")
    assert set(changed.index) == {"training.per_device_train_batch_size", "training.learning_rate"}
    assert history_panel.compare("en", [small.name], "loss", "step")[2] == "Pick at least two runs."

    said, table = history_panel.delete_run("en", small.name)
    assert said == f"Deleted run `{small.name}`." and not small.exists()
    assert list(table["run"]) == [large.name]


@pytest.mark.slow
def test_the_runs_cli_lists_and_deletes(data_dir: Path, tmp_path: Path) -> None:
    from training.config.studio import StudioConfig

    run_dir = runs.create_run(StudioConfig(), tmp_path / "runs")
    runs.write_status(run_dir, state="stopped")
    listed = cli("runs", "--runs-root", str(tmp_path / "runs"), data_dir=data_dir)
    assert listed.returncode == 0 and run_dir.name in listed.stdout and "stopped" in listed.stdout
    gone = cli("runs", "--runs-root", str(tmp_path / "runs"), "--delete", run_dir.name, data_dir=data_dir)
    assert gone.returncode == 0 and not run_dir.exists()
