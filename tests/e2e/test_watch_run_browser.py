"""A run started outside the studio, as a cluster's launch command starts it (`python -m training run CONFIG
--run-dir D`, D outside the studio's data dir), watched from the Train tab's "Watch a run folder": it joins the run
list and the history, its loss chart grows live, and the tab's Stop stops it with a checkpoint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.helpers import ROOT, AppServer, chromium_or_skip, line_points, open_studio, wait_for
from training.config.studio import StudioConfig, save_yaml
from training.lifecycle import runs

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()
BUSY = 120_000  # a live run shares the 2 cores with the app and Chromium: the page can take a while to take a click


def outside_job(model: Path, folder: Path, log: Path) -> subprocess.Popen:
    """`python -m training run` into `folder` with its own data dir: nothing of it is the studio's."""
    config = StudioConfig()
    config.model.name_or_path = str(model)
    config.model.max_seq_length = 32
    config.training.per_device_train_batch_size = 8
    config.training.max_steps = 3000
    config.training.eval_steps = 1000
    config.training.save_steps = 1000
    config.training.learning_rate = 1e-3
    folder.parent.mkdir(parents=True, exist_ok=True)
    save_yaml(config, folder.parent / "config.yaml")
    env = {**runs.child_env(), "STUDIO_DATA_DIR": str(folder.parent / "job-data")}
    command = [sys.executable, "-m", "training", "run", str(folder.parent / "config.yaml"), "--run-dir", str(folder)]
    with log.open("w") as handle:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)


def test_a_run_started_elsewhere_is_watched_charted_and_stopped(
    app: AppServer, tiny_model: Path, tmp_path: Path
) -> None:
    folder, log = tmp_path / "shared" / "job", tmp_path / "job.log"
    job = outside_job(tiny_model, folder, log)
    try:
        wait_for(lambda: (folder / "metrics.jsonl").exists(), 240, "the job's first metrics", log.read_text)
        with sync_playwright() as p:
            browser, page = open_studio(p, app, height=1800)
            page.get_by_role("tab", name="3. Train").click()
            page.get_by_text("Watch a run folder").click(timeout=BUSY)
            page.locator("#train-watch-path textarea, #train-watch-path input").first.fill(str(folder))
            page.locator("#train-watch-button").click(timeout=BUSY)

            run_id = "shared-job"
            wait_for(lambda: run_id in page.locator("#train-run input").input_value(), 60, "the watched run to open")
            assert (app.data_dir / "runs" / run_id).resolve() == folder
            wait_for(lambda: line_points(page, "train-loss-plot") >= 2, 180, "the loss chart's first points")
            first = line_points(page, "train-loss-plot")
            wait_for(lambda: line_points(page, "train-loss-plot") > first, 120, "the loss chart to grow")
            assert "running" in page.locator("#train-progress").inner_text()
            page.locator("#history-refresh").click(timeout=BUSY)
            listed = page.locator("#history").get_by_text(run_id).first
            listed.wait_for(state="attached", timeout=BUSY)  # in the history's accordion, closed

            page.locator("#train-stop").click(timeout=BUSY)
            wait_for(lambda: "stopped" in page.locator("#train-progress").inner_text(), 180, "the run to stop")
            browser.close()
        assert job.wait(timeout=120) == 0, log.read_text()[-3000:]
        status = runs.read_status(folder)
        assert status["state"] == "stopped" and 0 < status["step"] < 3000, status
        assert (folder / "checkpoints" / f"checkpoint-{status['step']}").is_dir()
    finally:
        if job.poll() is None:
            job.kill()
