"""The Augment tab in headless Chromium: slot templates previewed and stored, then same-law negatives mined for
the bundled legal sample and shown side by side."""

from __future__ import annotations

import json

import pytest

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, chromium_or_skip, set_field, wait_for

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()


def test_slots_stored_and_same_law_negatives_previewed(app: AppServer) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.goto(app.url)
        page.get_by_role("tab", name="1b. Augment").click()

        set_field(page, "aug-n", "300")
        page.locator("#aug-slots-preview").click()
        report = page.locator("#aug-slots-report")
        wait_for(lambda: "388,800 combinations" in report.inner_text(), 60, "the slot preview")
        assert "made 300" in report.inner_text() and "schema-valid: 100%" in report.inner_text()
        wait_for(lambda: "지역=" in page.locator("#aug-slots-table").inner_text(), 30, "the example table")
        assert not (app.data_dir / "datasets" / "json-slots").exists(), "a preview stores nothing"

        page.locator("#aug-slots-name textarea").fill("json-slots")
        page.locator("#aug-slots-save").click()
        wait_for(lambda: "Stored" in report.inner_text(), 60, "the slot dataset to be stored")
        manifest = json.loads((app.data_dir / "datasets" / "json-slots" / "manifest.json").read_text("utf-8"))
        assert manifest["task"] == "sft" and manifest["counts"]["train"] + manifest["counts"]["validation"] == 300

        page.get_by_text("Hard-negative mining").click()
        page.locator("#aug-mine-method input").click()
        page.get_by_role("option", name="same-law").click()
        set_field(page, "aug-mine-range-min", "0")
        set_field(page, "aug-mine-range-max", "10")
        set_field(page, "aug-mine-num-negatives", "3")
        page.locator("#aug-mine-preview").click()
        mined = page.locator("#aug-mine-report")
        # The progress bar says "345/345 steps" first: wait for the report's own count.
        wait_for(lambda: "1,035" in mined.inner_text(), 120, "the mining counts")  # 3 negatives × 345 queries
        assert "345" in mined.inner_text()
        table = page.locator("#aug-mine-table")
        wait_for(lambda: "민법|" in table.inner_text(), 30, "a side-by-side preview row")
        assert "#0" in table.inner_text()  # same-law negatives carry their rank
        assert not (app.data_dir / "datasets" / "legal-ko-mined").exists()
        browser.close()
