"""The real app in headless Chromium: train from the page, watch the loss chart grow, survive a UI restart, query."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasets_spec import store
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, chromium_or_skip, line_points, set_field, wait_for
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()


def test_train_watch_restart_and_query(app: AppServer, tiny_model: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.goto(app.url)
        page.get_by_text("137 passages").wait_for(timeout=60_000)

        page.get_by_role("tab", name="2. Configure").click()
        set_field(page, "cfg-model-name-or-path", str(tiny_model))
        for elem, value in [
            ("cfg-model-max-seq-length", "32"),
            ("cfg-training-per-device-train-batch-size", "8"),
            ("cfg-training-max-steps", "3000"),
            ("cfg-training-eval-steps", "200"),
            ("cfg-training-save-steps", "500"),
            ("cfg-training-learning-rate", "0.001"),
        ]:
            set_field(page, elem, value)
        # Each edit re-validates the form and redraws the preview; wait for the last edit to land.
        yaml_text = page.locator("#cfg-yaml")
        wait_for(lambda: "learning_rate: 0.001" in yaml_text.inner_text(), 60, "the YAML to follow the form")
        assert "max_steps: 3000" in yaml_text.inner_text()
        assert "Config is valid." in page.locator("#cfg-status").inner_text()
        # The LR preview follows the form: 3000 steps, warmup rounded up from 0.1 × 3000, the marker at its end.
        summary = page.locator("#cfg-lr-summary")
        wait_for(lambda: "at step 300: 0.001 = 100% of peak" in summary.inner_text(), 60, "the preview to follow")
        assert "3000 optimiser steps, 300 of them warmup" in summary.inner_text()
        assert line_points(page, "cfg-lr-preview") > 100

        page.get_by_role("tab", name="3. Train").click()
        page.locator("#train-start").click()
        page.locator("#train-message").get_by_text("Started run").wait_for(timeout=120_000)
        assert "-m training run" in page.locator("#train-message").inner_text()

        wait_for(lambda: line_points(page, "train-loss-plot") >= 2, 120, "the loss chart's first points")
        first = line_points(page, "train-loss-plot")
        wait_for(lambda: line_points(page, "train-loss-plot") > first + 5, 60, "the loss chart to grow")
        assert line_points(page, "train-lr-plot") >= 2 and line_points(page, "train-grad-plot") >= 2
        for plot, legend in [("train-loss-plot", "smoothed"), ("train-grad-plot", "clip threshold")]:
            assert legend in (page.locator(f"#{plot}").text_content() or ""), f"{plot} draws no colour series"
        assert "running" in page.locator("#train-progress").inner_text()

        # Kill the UI; the run goes on by itself, and a new UI finds it and its charts again.
        (run,) = runs.list_runs(app.data_dir / "runs")
        app.kill()
        step_before = max(r.get("step", 0) for r in read_metrics(run.path)[0])
        # the run trains on by itself: a step past the last one the UI saw, with the UI gone
        wait_for(lambda: max(r.get("step", 0) for r in read_metrics(run.path)[0]) > step_before, 120, "a new step")
        assert runs.read_status(run.path)["state"] == "running"
        app.start()
        page.goto(app.url)
        page.get_by_role("tab", name="3. Train").click()
        wait_for(lambda: run.id in page.locator("#train-run input").input_value(), 60, "the run to be shown again")
        wait_for(lambda: line_points(page, "train-loss-plot") > step_before, 60, "the old points to be redrawn")
        page.get_by_text(" · step ", exact=False).first.wait_for(timeout=30_000)

        page.locator("#train-stop").click()
        wait_for(lambda: "stopped" in page.locator("#train-progress").inner_text(), 120, "the run to stop")
        assert (run.path / "model" / "adapter_config.json").exists()

        # The Test tab offers the stopped run as model B and its base as A, beside BM25 and the hybrid.
        page.get_by_role("tab", name="4. Test").click()
        try:
            wait_for(lambda: run.id in page.locator("#test-model-b input").input_value(), 30, "the run as model B")
        except AssertionError:
            page.screenshot(path="/tmp/e2e-fail.png", full_page=True)
            raise
        assert "base of" in page.locator("#test-model-a input").input_value()
        page.locator("#test-pick input").click()
        page.get_by_role("option").first.click()
        wait_for(lambda: len(page.locator("#test-query textarea").input_value()) > 10, 30, "the query to be filled")
        page.locator("#test-search").click()
        summary = page.locator("#test-summary")
        wait_for(lambda: "hybrid" in summary.inner_text(), 120, "the four searches")
        page.screenshot(path="/tmp/e2e-studio-test-tab.png", full_page=True)
        ranked = [line for line in summary.inner_text().splitlines() if " ms" in line]
        assert [line.split(" ", 1)[0] for line in ranked] == ["A", "B", "BM25", "hybrid"], ranked
        assert all("gold rank" in line or "not in the top 100" in line for line in ranked), ranked
        for table in ("#test-a", "#test-b", "#test-bm25", "#test-hybrid"):
            text = page.locator(table).inner_text()
            assert text.count("|") == 10, text  # ten passage ids such as 민법|750
        browser.close()
    assert (app.data_dir / "datasets" / store.SAMPLE_NAME / "manifest.json").exists()
