"""The Augment tab's legal recipe in headless Chromium: the bundled question log and cases over the stored sample,
small settings, Start; the section follows the job through its stages to the final table, and after a reload it
opens on the same job."""

from __future__ import annotations

import json

import pytest

from core.models.names import MINILM
from tests.e2e.helpers import AppServer, chromium_or_skip, open_studio, set_field, settled, wait_for

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()

SECTION = "Legal recipe: from a question log to a trained retriever"
JOB_TIMEOUT = 900  # about a minute alone on two cores; much longer beside other tests


def open_section(page) -> None:
    page.get_by_role("tab", name="1b. Augment").click()
    page.get_by_text(SECTION).click()
    page.locator("#aug-rc-start").wait_for(state="visible", timeout=30_000)


def test_the_recipe_runs_from_the_page_to_its_table(app: AppServer) -> None:
    with sync_playwright() as p:
        browser, page = open_studio(p, app, height=2400)
        open_section(page)
        progress = page.locator("#aug-rc-progress")
        wait_for(lambda: "No recipe yet." in progress.inner_text(), 30, "the section's first sentence")
        page.locator("#aug-rc-questions-sample").click()
        page.locator("#aug-rc-cases-sample").click()
        for elem, name in (("aug-rc-cases", "cases.jsonl"), ("aug-rc-questions", "questions.txt")):
            box = page.locator(f"#{elem}")  # the file box shows the stem and the suffix on lines of their own
            wait_for(lambda box=box, name=name: name in "".join(box.inner_text().split()), 30, name, box.inner_text)
        page.get_by_text("More settings").click()
        set_field(page, "aug-rc-model", MINILM)
        set_field(page, "aug-rc-steps", "2")
        set_field(page, "aug-rc-len", "32")
        set_field(page, "aug-rc-score-corpus", "137")
        settled(page)
        page.locator("#aug-rc-start").click()
        message = page.locator("#aug-rc-message")
        wait_for(lambda: "Started" in message.inner_text(), 120, "the job to start", message.inner_text)
        assert "recipe legal" in message.inner_text() and "--steps 2" in message.inner_text()
        wait_for(lambda: "Running" in progress.inner_text(), 60, "the running job", progress.inner_text)
        wait_for(lambda: "Corpus: 137 passages" in progress.inner_text(), 120, "the first stage", progress.inner_text)
        wait_for(lambda: "Finished" in progress.inner_text(), JOB_TIMEOUT, "the recipe to end", progress.inner_text)
        shown = progress.inner_text()
        for said in ("Cases: ", "Question log: ", "Mined: ", "Sized: 2 steps", "step 2 of 2", "Scored: "):
            assert said in shown, (said, shown)
        for row in ("base model", "trained model", "BM25", "hybrid: BM25 + trained", "NDCG@10", "MRR@10"):
            assert row in shown, (row, shown)
        assert "Trained − base model, NDCG@10" in shown and "95% interval" in shown
        (job,) = [folder for folder in (app.data_dir / "recipes").iterdir() if folder.is_dir()]
        status = json.loads((job / "status.json").read_text(encoding="utf-8"))
        assert status["state"] == "finished" and f"stored {status['dataset']}" in shown and status["run"] in shown

        page.reload()  # the job is on disk: the section opens on it again (the page reopens on the Augment tab)
        page.get_by_role("tab", name="1b. Augment").wait_for(timeout=60_000)
        open_section(page)
        wait_for(lambda: "Finished" in progress.inner_text(), 60, "the latest job after a reload", progress.inner_text)
        assert "trained model" in progress.inner_text()
        browser.close()
