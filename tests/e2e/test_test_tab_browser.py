"""The Test tab in headless Chromium: a run and its base side by side with BM25 and the hybrid, gold ranks and
latencies in the summary, then every model scored on the validation split, in aggregate and per query."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, chromium_or_skip, wait_for
from tests.training.search_runs import adapter_run

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()


def test_two_models_bm25_and_hybrid_with_gold_ranks(app: AppServer, tiny_model: Path) -> None:
    run_dir = adapter_run(tiny_model, app.data_dir / "runs")  # finished while the page is open
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.goto(app.url)
        page.get_by_text("137 passages").wait_for(timeout=60_000)
        page.get_by_role("tab", name="4. Test").click()
        # Opening the tab offers the new run as B and its base as A.
        model_b = page.locator("#test-model-b input")
        wait_for(lambda: run_dir.name in model_b.input_value(), 30, "the run to be picked as model B")
        assert f"base of {run_dir.name}" in page.locator("#test-model-a input").input_value()
        page.locator("#test-pick input").click(timeout=180_000)  # after the tab's own refresh on a loaded machine
        page.get_by_role("option").first.click()
        wait_for(lambda: len(page.locator("#test-query textarea").input_value()) > 10, 30, "the query to be filled")
        page.locator("#test-search").click()
        summary = page.locator("#test-summary")
        wait_for(lambda: "hybrid" in summary.inner_text(), 120, "the four searches")
        text = summary.inner_text().strip()
        assert text.startswith("Gold: ")
        lines = [line for line in text.splitlines() if " ms" in line]
        assert len(lines) == 4, text
        for line, tag in zip(lines, ["A", "B", "BM25", "hybrid"], strict=True):
            assert line.startswith(f"{tag} ") and re.search(r"gold (rank \d+|not in the top 100) · [\d.]+ ms", line)
            cells = page.locator(f"#test-{tag.lower()}").inner_text()
            assert cells.count("|") == 10, cells  # ten passage ids such as 민법|750
            ranked = re.search(r"gold rank (\d+)", line)
            assert ("✓" in cells) == (ranked is not None and int(ranked.group(1)) <= 10), (line, cells)
        page.screenshot(path="/tmp/e2e-test-tab.png", full_page=True)

        page.locator("#test-evaluate").click()
        metrics = page.locator("#test-metrics")
        wait_for(lambda: "hybrid B" in metrics.inner_text(), 120, "the validation scores")
        for row in ("A", "B", "BM25", "hybrid A", "hybrid B"):
            assert row in metrics.inner_text()
        scored = page.locator("#test-scored").inner_text()
        assert "69 validation queries" in scored
        number = r"[+-]\d\.\d{3}"
        assert re.search(rf"B − A, NDCG@10: {number} \(95% bootstrap interval {number} … {number}", scored), scored
        assert re.search(r"the same on \d+ of 69 queries", scored), scored
        per_query = page.locator("#test-per-query")
        assert "B vs A" in per_query.inner_text()
        page.screenshot(path="/tmp/e2e-test-tab-scored.png", full_page=True)
        browser.close()
    assert list((app.data_dir / "cache" / "embeddings").glob("*.npy")), "the corpus embeddings are on disk"
