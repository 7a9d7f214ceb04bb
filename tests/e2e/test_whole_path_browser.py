"""The whole path in a real browser: bundled sample → train → a test query the tuned model ranks better → export."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from datasets_spec import store
from datasets_spec.canonical import document
from tests.e2e.helpers import AppServer, chromium_or_skip, configure_tiny_run, open_studio, wait_for
from training.lifecycle import runs
from training.retrieval.search import ModelRef, dense_searcher

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()
DEPTH = 100  # the Test tab reports gold ranks down to 100


def gold_rank(searcher, query: str, gold: set[str]) -> int:
    hits = searcher.search_many([query], DEPTH)[0]
    return next((n for n, hit in enumerate(hits, start=1) if hit[0] in gold), DEPTH + 1)


def most_improved_query(run_dir: Path, base: str, data_dir: Path) -> tuple[str, int, int]:
    """The sample query whose gold passage the run ranks furthest above where its base model ranks it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDIO_DATA_DIR", str(data_dir))
        dataset = store.load(store.SAMPLE_NAME)
    documents = {pid: document(p) for pid, p in dataset.corpus.items()}
    tuned = dense_searcher(ModelRef(str(run_dir)), documents)
    before = dense_searcher(ModelRef(base, 32), documents)
    ranked = [
        (e["query_text"], gold_rank(before, e["query_text"], g), gold_rank(tuned, e["query_text"], g))
        for e in dataset.train[:60]
        for g in [set(e["positive_passages"])]
    ]
    return max(ranked, key=lambda r: r[1] - r[2])


def summary_rank(text: str, tag: str) -> int:
    line = next(line for line in text.splitlines() if line.startswith(f"{tag} "))
    found = re.search(r"gold rank (\d+)", line)
    return int(found.group(1)) if found else DEPTH + 1


def test_sample_to_trained_to_tested_to_exported(app: AppServer, tiny_model: Path) -> None:
    from sentence_transformers import SentenceTransformer

    with sync_playwright() as p:
        browser, page = open_studio(p, app)
        configure_tiny_run(
            page,
            tiny_model,
            [
                ("cfg-training-max-steps", "60"),
                ("cfg-training-eval-steps", "60"),
                ("cfg-training-save-steps", "1000"),
                ("cfg-training-learning-rate", "0.003"),
            ],
        )

        page.get_by_role("tab", name="3. Train").click()
        page.locator("#train-start").click()
        progress = page.locator("#train-progress")
        wait_for(lambda: "finished" in progress.inner_text(), 600, "the run to finish")
        (run,) = runs.list_runs(app.data_dir / "runs")
        query, base_rank, tuned_rank = most_improved_query(run.path, str(tiny_model), app.data_dir)
        assert tuned_rank < base_rank, "training moved no sample query's gold passage up"

        page.get_by_role("tab", name="4. Test").click()
        wait_for(lambda: run.id in page.locator("#test-model-b input").input_value(), 60, "the run as model B")
        page.locator("#test-query textarea").fill(query)
        page.locator("#test-search").click()
        summary = page.locator("#test-summary")
        wait_for(lambda: "hybrid" in summary.inner_text(), 180, "the four searches")
        shown = summary.inner_text()
        assert summary_rank(shown, "A") == base_rank and summary_rank(shown, "B") == tuned_rank, shown
        assert summary_rank(shown, "B") < summary_rank(shown, "A")

        page.get_by_role("tab", name="5. Deploy").click()
        page.locator("#deploy-run input").click()
        page.get_by_role("option", name=run.id).click()
        out_box = page.locator("#deploy-out textarea")
        wait_for(lambda: "sentence-transformers" in out_box.input_value(), 30, "the default export folder")
        page.locator("#deploy-export").click()
        status = page.locator("#deploy-export-status")
        wait_for(lambda: "Exported" in status.inner_text(), 180, "the export")
        assert page.locator("#deploy-download a").count() >= 1, "no download link"
        browser.close()

    out = app.data_dir / "exports" / f"{run.id}-sentence-transformers"
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "ndcg" in card.lower()
    model = SentenceTransformer(str(out))
    assert model.encode(["민법 제750조"]).shape == (1, 32)
