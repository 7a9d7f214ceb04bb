"""The Configure tab's dataset list in headless Chromium: a dataset stored while the page is open (as the CLI, the
Data or the Augment tab store one) is offered once the tab is opened again, without a reload, and the dataset the
form already names stays chosen even when it is not in the list."""

from __future__ import annotations

import pytest

from datasets_spec import store
from tests.e2e.helpers import AppServer, chromium_or_skip, open_studio, set_field, wait_for

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()

DROPDOWN = "#cfg-data-dataset input"
TYPED = "not-stored-yet"  # a name the form may hold before its dataset exists: the refresh must keep it


def offered(page) -> list[str]:
    """The names the dropdown shows a person who opens it."""
    page.locator(DROPDOWN).click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    names = options.all_inner_texts()
    page.keyboard.press("Escape")
    page.locator(DROPDOWN).blur()  # else the next click finds it focused and opens nothing
    return [n.split("\n")[-1].strip() for n in names]  # the chosen one carries a ✓ line first


def test_configure_offers_a_dataset_stored_after_the_page_loaded(
    app: AppServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_DATA_DIR", str(app.data_dir))
    with sync_playwright() as p:
        browser, page = open_studio(p, app)
        configure = page.get_by_role("tab", name="2. Configure")
        configure.click()
        before = offered(page)
        assert store.SAMPLE_NAME in before and "stored-later" not in before, before
        set_field(page, "cfg-data-dataset", TYPED)
        wait_for(lambda: f"dataset: {TYPED}" in page.locator("#cfg-yaml").inner_text(), 60, "the typed name")

        # Stored from outside this tab while the page stays open: shared, so every session may see it.
        store.import_file(store.SAMPLES / "json_task_ko" / "train.jsonl", "stored-later", seed=42)
        page.get_by_role("tab", name="3. Train").click()
        configure.click()
        wait_for(lambda: "stored-later" in offered(page), 30, "the new dataset in the Configure tab's list")
        assert store.SAMPLE_NAME in offered(page)
        assert page.locator(DROPDOWN).input_value() == TYPED
        assert f"dataset: {TYPED}" in page.locator("#cfg-yaml").inner_text()
        browser.close()
