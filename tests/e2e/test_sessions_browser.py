"""Two visitors in one studio at once (two browser contexts: separate localStorage, as two people): what one stores
from an upload stays out of the other's dataset list until it is shared; the owner keeps it on its other page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, chromium_or_skip, wait_for

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()


def open_studio(browser, url: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    page.goto(url)
    page.get_by_text("137 passages").wait_for(timeout=90_000)
    return page


def listed(page) -> list[str]:
    """The names the Data tab's dataset dropdown offers, as a person sees them when opening it."""
    page.locator("#data-dataset input").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    names = options.all_inner_texts()
    page.keyboard.press("Escape")
    page.locator("#data-dataset input").blur()  # else the next click finds it focused and opens nothing
    return [n.split("\n")[-1].strip() for n in names]  # the chosen one carries a ✓ line first


def store_upload(page, source: Path, name: str, *, share: bool) -> None:
    clear = page.locator("#data-upload-file button[aria-label='Clear']")
    if clear.count():  # a file is still chosen from the last store
        clear.first.click()
    page.locator("#data-upload-file input[type=file]").set_input_files(str(source))
    wait_for(lambda: source.stem in page.locator("#data-upload-file").inner_text(), 30, "the upload")
    page.locator("#data-name textarea").fill(name)
    if share:
        page.locator("#data-share input").check()
    page.locator("#data-import").click()
    report = page.locator("#data-report")
    # generous: the page's own load events (checks, statistics) share the 2 cores with this store
    wait_for(lambda: f"Stored {name}." in report.inner_text(), 180, f"{name} to be stored", report.inner_text)


def test_uploads_stay_private_to_their_browser_until_shared(app: AppServer, tmp_path: Path) -> None:
    source = tmp_path / "labels.jsonl"
    rows = [{"text": f"판결 요지 {i}번", "label": "계약" if i % 2 else "불법행위"} for i in range(12)]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        alice = open_studio(browser, app.url)
        store_upload(alice, source, "alice-private", share=False)
        assert "Only this browser sees it" in alice.locator("#data-report").inner_text()
        store_upload(alice, source, "alice-shared", share=True)
        assert {"alice-private", "alice-shared"} <= set(listed(alice))

        bob = open_studio(browser, app.url)
        wait_for(lambda: "alice-shared" in listed(bob), 30, "the shared dataset in the second visitor's list")
        assert "alice-private" not in listed(bob)

        # Alice's id lives in her browser: her Korean page (a fresh load) still lists her private dataset.
        alice_ko = alice.context.new_page()
        alice_ko.goto(f"{app.url}/ko")
        alice_ko.get_by_text("조문 137개").wait_for(timeout=90_000)
        wait_for(lambda: "alice-private" in listed(alice_ko), 30, "her private dataset on her other page")
        alice_ko.close()
        alice.bring_to_front()

        alice.locator("#data-dataset input").click()
        alice.get_by_role("option", name="alice-private", exact=True).click()
        wait_for(lambda: "Only this browser" in alice.locator("#data-summary").inner_text(), 60, "its summary")
        alice.locator("#data-share-dataset").click()
        wait_for(lambda: "is shared with everyone" in alice.locator("#data-report").inner_text(), 30, "sharing")

        bob.reload()
        bob.get_by_text("137 passages").wait_for(timeout=90_000)
        wait_for(lambda: "alice-private" in listed(bob), 30, "the newly shared dataset in the second list")
        manifests = {
            name: json.loads((app.data_dir / "datasets" / name / "manifest.json").read_text("utf-8"))["owner"]
            for name in ("alice-private", "alice-shared")
        }
        assert manifests == {"alice-private": None, "alice-shared": None}
        uploads = [p.name for p in (app.data_dir / "uploads").iterdir()]
        assert len(uploads) == 1 and len(uploads[0]) == 32, "her uploads are kept in her own folder"
        browser.close()
