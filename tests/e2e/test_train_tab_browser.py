"""The Train tab in headless Chromium: a live run's charts refresh, survive a page reload and say what the doctor
found; the page title follows the run; a finished run opens from the history; two runs compare side by side."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.helpers import ROOT, AppServer, chromium_or_skip, configure_tiny_run, line_points, open_studio, wait_for
from training.config.studio import StudioConfig
from training.lifecycle import runs

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()
# A live run shares the 2 cores with the app and Chromium: the page can take a while to take a click
BUSY = 120_000


def finished_run(model: Path, data_dir: Path) -> runs.RunInfo:
    """A short run trained through the CLI before the page opens: the history's "past run"."""
    config = StudioConfig()
    config.model.name_or_path = str(model)
    config.model.max_seq_length = 32
    config.training.per_device_train_batch_size = 8
    config.training.max_steps = 4
    config.training.eval_steps = 2
    config.training.learning_rate = 1e-3
    run_dir = runs.create_run(config, data_dir / "runs")
    env = {**runs.child_env(), "STUDIO_DATA_DIR": str(data_dir)}
    done = subprocess.run(runs.command(run_dir), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return next(r for r in runs.list_runs(data_dir / "runs") if r.path == run_dir)


def test_live_charts_reload_history_and_compare(app: AppServer, tiny_model: Path) -> None:
    past = finished_run(tiny_model, app.data_dir)
    with sync_playwright() as p:
        browser, page = open_studio(p, app, height=1800)
        configure_tiny_run(
            page,
            tiny_model,
            [
                ("cfg-training-per-device-train-batch-size", "8"),
                ("cfg-training-max-steps", "3000"),
                ("cfg-training-eval-steps", "500"),
                ("cfg-training-learning-rate", "0.002"),
            ],
        )

        page.get_by_role("tab", name="3. Train").click()
        page.locator("#train-start").click()
        # Not "Same as running:": the tab's line already says it of the past run it opened.
        page.locator("#train-message").get_by_text("Started run").wait_for(timeout=120_000)
        live = next(r for r in runs.list_runs(app.data_dir / "runs") if r.id != past.id)

        # At least three refreshes of the loss chart while the run is live, each with more points.
        seen: list[int] = []

        def grew() -> bool:
            count = line_points(page, "train-loss-plot")
            if count and (not seen or count > seen[-1]):
                seen.append(count)
            return len(seen) >= 3

        wait_for(grew, 180, "three refreshes of the loss chart")
        assert runs.read_status(live.path)["state"] == "running"
        progress = page.locator("#train-progress").inner_text()
        assert "samples/s" in progress and "tokens/s" in progress
        wait_for(lambda: "% · step" in page.title(), 30, "the page title to show the progress")

        # A reload mid-run: the page finds the run again and its charts go on growing.
        before = line_points(page, "train-loss-plot")
        page.reload()
        page.get_by_role("tab", name="3. Train").click(timeout=BUSY)
        wait_for(lambda: live.id in page.locator("#train-run input").input_value(), 60, "the run after the reload")
        wait_for(lambda: line_points(page, "train-loss-plot") > before, 120, "the charts to continue")

        # Log scale and wall-time axis redraw the same points.
        page.locator("#train-log-loss input").check(timeout=BUSY)
        wait_for(lambda: "log₁₀" in (page.locator("#train-loss-plot").text_content() or ""), 30, "the log scale")
        page.locator("#train-x-axis").get_by_text("minutes").click(timeout=BUSY)
        wait_for(lambda: "minutes" in (page.locator("#train-loss-plot").text_content() or ""), 30, "the time axis")
        ticks = page.locator("#train-loss-plot g.role-axis-label text")
        wait_for(lambda: "0.00" in ticks.all_text_contents(), 10, "ticks in minutes since training began")
        assert "Live doctor" in page.locator("body").inner_text()

        page.locator("#train-stop").click(timeout=BUSY)
        wait_for(lambda: "stopped" in page.locator("#train-progress").inner_text(), 120, "the run to stop")
        wait_for(lambda: "stopped" in page.title(), 30, "the page title to say stopped")
        findings = page.locator("#train-findings").inner_text()
        assert "No finding so far" in findings or "at step" in findings, findings

        # Open the past run from the history table: its own four steps are drawn.
        page.locator("#history-refresh").click(timeout=BUSY)
        page.locator("#history").get_by_text(past.id).first.click(timeout=BUSY)
        wait_for(lambda: past.id in page.locator("#train-run input").input_value(), 30, "the past run to open")
        wait_for(lambda: line_points(page, "train-loss-plot") == 4, 30, "the past run's four loss points")
        page.get_by_text("Config of the open run").click(timeout=BUSY)
        wait_for(lambda: "max_steps: 4" in (page.locator("#train-config").text_content() or ""), 30, "its config")

        # Compare the two runs: two curves, and the config diff names what differs.
        page.get_by_text("Compare runs").click(timeout=BUSY)
        page.locator("#compare-runs input").click(timeout=BUSY)
        for run_id in (past.id, live.id):
            page.get_by_role("option", name=run_id).click(timeout=BUSY)
            page.locator("#compare-runs input").click(timeout=BUSY)
        page.locator("#compare-button").click(timeout=BUSY)
        wait_for(lambda: page.locator("#compare-plot g.mark-line path").count() >= 2, 60, "two compared curves")
        diff = page.locator("#compare-diff").inner_text()
        assert "max_steps" in diff and "learning_rate" in diff
        browser.close()
