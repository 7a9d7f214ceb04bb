"""Persona 1, in Chromium on /ko: Korean legal retrieval on the bundled sample with the default e5 model, a few real
steps; a reload mid-way keeps the experiment (task, dataset, model) and the open tab; the run is watched and
finished, searched and scored on the Test tab, and exported on the Deploy tab. At every step: no blank chart
without words, no English sentence, no emoji, no JavaScript error for the whole walk. Saves the Korean "empty",
"running" and "finished" screenshots of every tab."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.models.names import DEFAULT_EMBEDDING_MODEL
from datasets_spec import store
from tests.e2e.helpers import AppServer, chromium_or_skip, set_field, wait_for
from tests.e2e.screenshots import Shots, open_tab, shots_folder  # noqa: F401  # the shots_dir fixture
from tests.e2e.walk import (
    blank_charts,
    open_page,
    settles,
    state_of,
    wait_text,
)
from training.lifecycle import runs

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.persona]
sync_playwright = chromium_or_skip()
LANG = "ko"
FIELDS = (
    ("cfg-model-max-seq-length", "64"),
    ("cfg-training-per-device-train-batch-size", "8"),
    ("cfg-training-save-steps", "1000"),
    ("cfg-training-eval-steps", "12"),
    ("cfg-training-max-steps", "24"),
)


def experiment(page) -> dict[str, str]:
    """What the Configure form holds: the task, the dataset, the model and the step count."""
    fields = {"task": "cfg-task", "dataset": "cfg-data-dataset", "model": "cfg-model-name-or-path"}
    held = {
        name: page.locator(f"#{elem} input, #{elem} textarea").first.input_value() for name, elem in fields.items()
    }
    held["max_steps"] = page.locator("#cfg-training-max-steps input").input_value()
    return held


def test_sample_to_trained_searched_scored_exported_on_ko(app: AppServer, shots_dir: Path) -> None:
    with sync_playwright() as p:
        browser, page, watch = open_page(p, app, LANG)
        shots = Shots(page, shots_dir, LANG)
        shots.every_tab("empty", back_to="data", watch=watch)
        watch.expect(
            page.locator("#data-dataset input").input_value() == store.SAMPLE_NAME, "the sample is not picked"
        )

        # Configure: the default e5 model, a few steps
        open_tab(page, "configure", LANG)
        model = page.locator("#cfg-model-name-or-path input")
        wait_for(lambda: model.input_value() == DEFAULT_EMBEDDING_MODEL, 30, "the default e5 model")
        for elem, value in FIELDS:
            set_field(page, elem, value)
        wait_text(page.locator("#cfg-yaml"), "max_steps: 24", 90, "the YAML to follow the form")
        before = experiment(page)
        assert before == {
            "task": "embedding",
            "dataset": store.SAMPLE_NAME,
            "model": DEFAULT_EMBEDDING_MODEL,
            "max_steps": "24",
        }, before
        watch.screen("configure")

        # A reload mid-way: the experiment and the open tab survive
        watch.reload()
        # the Data tab's statistics are drawn, though hidden when the kept tab (Configure) is the one shown
        page.get_by_text("조문 137개").first.wait_for(state="attached", timeout=90_000)
        tab_kept = settles(lambda: page.locator("#cfg-model-name-or-path").is_visible(), 60)
        watch.expect(tab_kept, "the open tab (Configure) is lost on reload")
        open_tab(page, "configure", LANG)
        after = experiment(page) if settles(lambda: experiment(page) == before, 30) else experiment(page)
        watch.expect(after == before, f"the experiment changed on reload: {before} -> {after}")
        if after != before:  # go on with the walk as a person would: set it again
            for elem, value in FIELDS:
                set_field(page, elem, value)
            wait_text(page.locator("#cfg-yaml"), "max_steps: 24", 90, "the YAML to follow the form")

        # Train: start, watch it run (charts speak), every tab's running screenshot, finish
        open_tab(page, "train", LANG)
        page.locator("#train-start").click()
        wait_for(lambda: len(runs.list_runs(app.data_dir / "runs")) == 1, 60, "the run folder")
        (run,) = runs.list_runs(app.data_dir / "runs")
        progress = page.locator("#train-progress")
        wait_text(progress, state_of(LANG, "running"), 300, "the running state")
        watch.expect(not blank_charts(page), f"blank charts at the start: {blank_charts(page)}")
        watch.screen("train: running")
        shots.every_tab("running", back_to="train", watch=watch)
        wait_text(progress, state_of(LANG, "finished"), 900, "the run to finish")
        assert runs.read_status(run.path)["state"] == "finished"
        watch.expect(not blank_charts(page), f"blank charts after the run finished: {blank_charts(page)}")
        watch.expect(
            state_of(LANG, "finished") in page.locator("#train-run input").input_value(),
            f"the run list says {page.locator('#train-run input').input_value()!r} after the run finished",
        )
        watch.screen("train: finished")

        # Test: A is the base model and B the run on arrival; a validation query searched; Score all
        open_tab(page, "test", LANG)
        model_b = page.locator("#test-model-b input")
        watch.expect(settles(lambda: run.id in model_b.input_value(), 60), "model B is not the new run on arrival")
        watch.expect(
            DEFAULT_EMBEDDING_MODEL in page.locator("#test-model-a input").input_value(), "model A is not the base"
        )
        page.locator("#test-pick input").click()
        page.get_by_role("option").first.click()
        query = page.locator("#test-query textarea")
        wait_for(lambda: len(query.input_value()) > 3, 30, "the picked query")
        page.locator("#test-search").click()
        wait_text(page.locator("#test-summary"), "B ", 600, "the searches")
        shown = page.locator("#test-b").inner_text()
        watch.expect(len(shown) > 200, f"model B's results show no passage text: {shown[:300]!r}")
        page.locator("#test-evaluate").click()
        wait_text(page.locator("#test-metrics"), "BM25", 600, "the scores of every model")
        shown = watch.screen("test: searched and scored")
        watch.expect("BM25 · BM25" not in shown, "a label repeats: BM25 · BM25")

        # Deploy: export the run as a sentence-transformers folder
        open_tab(page, "deploy", LANG)
        page.locator("#deploy-run input").click()
        page.get_by_role("option", name=run.id).first.click()
        out_box = page.locator("#deploy-out textarea")
        wait_for(lambda: "sentence-transformers" in out_box.input_value(), 60, "the default export folder")
        page.locator("#deploy-export").click()
        card = app.data_dir / "exports" / f"{run.id}-sentence-transformers" / "README.md"
        wait_for(card.exists, 300, "the export")
        wait_for(lambda: page.locator("#deploy-download a").count() >= 1, 60, "the download link")
        watch.screen("deploy: exported")
        shots.every_tab("finished", back_to="deploy", watch=watch)
        browser.close()
    watch.assert_clean()
