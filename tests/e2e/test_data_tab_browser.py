"""The Data tab in headless Chromium: statistics and plots of the sample, a bad upload's located error, a Korean
CP949 CSV checked, stored, renamed and deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, chromium_or_skip, settled, wait_for

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()


def bars(page, plot_id: str) -> int:
    return page.locator(f"#{plot_id} g.mark-rect path").count()


def upload(page, elem: str, path: Path) -> None:
    """Choose a file (replacing any earlier one) and wait until the component lists it."""
    clear = page.locator(f"#{elem} button[aria-label='Clear']")
    if clear.count():
        clear.first.click()
    page.locator(f"#{elem} input[type=file]").set_input_files(str(path))
    wait_for(lambda: path.stem in page.locator(f"#{elem}").inner_text(), 30, f"{path.name} to be uploaded")
    # the new file's own events (its check clears the report) end before the next click, as a person sees them end:
    # on a loaded machine they ended after the Check button's and wiped its report
    assert not settled(page, 120), f"{path.name}'s own check did not end"


def test_statistics_bad_upload_and_a_stored_korean_csv(app: AppServer, tmp_path: Path) -> None:
    bad = tmp_path / "bad_flag.jsonl"
    rows = [{"query": "보증금 반환", "pos": ["제618조 임대차"], "neg": []}, {"query": "손해배상", "pos": "제390조"}]
    bad.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    labels = ["계약", "불법행위", "가족"]
    csv = tmp_path / "분류.csv"
    lines = ["text,label"] + [f"판결 요지 {i}번,{labels[i % 3]}" for i in range(30)] + ["희귀한 사건,상속"]
    csv.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.goto(app.url)
        page.get_by_text("137 passages").wait_for(timeout=60_000)
        stats = page.locator("#data-stats")
        wait_for(lambda: "longer than 128" in stats.inner_text(), 120, "the sample's token statistics")
        assert "most-cited passage" in stats.inner_text()
        wait_for(lambda: bars(page, "data-lengths-plot") > 5 and bars(page, "data-dist-plot") > 2, 30, "the plots")
        assert "상법|399" in page.locator("#data-popular").inner_text()

        upload(page, "data-upload-file", bad)
        page.locator("#data-check").click()
        report = page.locator("#data-report")
        wait_for(lambda: "1 error" in report.inner_text(), 60, "the check to report")
        assert "bad_flag.jsonl:2: pos: is a string, not a list" in report.inner_text()
        page.locator("#data-import").click()
        wait_for(lambda: "nothing was stored" in report.inner_text(), 60, "the refused import")
        assert not (app.data_dir / "datasets" / "my-dataset").exists()

        upload(page, "data-upload-file", csv)
        page.locator("#data-check").click()
        # Choosing the file already says how it reads (classification data): the check's own line names the encoding
        wait_for(lambda: "read as cp949" in report.inner_text(), 120, "the CSV to be checked", shown=report.inner_text)
        assert "classification" in report.inner_text() and "31 examples, read as cp949" in report.inner_text()
        wait_for(lambda: "4 classes" in stats.inner_text(), 60, "the class statistics")
        assert "1 with fewer than 5 examples: 상속" in stats.inner_text()
        page.locator("#data-name textarea").fill("판례-분류")
        page.locator("#data-import").click()
        wait_for(lambda: "Stored" in report.inner_text(), 60, "the import")
        summary = page.locator("#data-summary")
        wait_for(lambda: "판례-분류" in summary.inner_text(), 60, "the stored dataset to be shown")
        manifest = json.loads((app.data_dir / "datasets" / "판례-분류" / "manifest.json").read_text("utf-8"))
        assert manifest["task"] == "classification" and manifest["split"]["by"] == "class"
        assert (
            manifest["counts"]["train"] + manifest["counts"]["validation"] == 30 and manifest["counts"]["classes"] == 3
        )
        assert manifest["dropped_classes"] == ["상속"] and "Left out 1 rare class: 상속" in report.inner_text()

        page.get_by_text("Rename or delete").click()
        page.locator("#data-new-name textarea").fill("cases-cls")
        page.locator("#data-rename").click()
        wait_for(lambda: "Renamed" in report.inner_text(), 30, "the rename")
        assert (app.data_dir / "datasets" / "cases-cls" / "manifest.json").exists()
        page.locator("#data-delete").click()
        wait_for(lambda: "Deleted" in report.inner_text(), 30, "the delete")
        assert not (app.data_dir / "datasets" / "cases-cls").exists()
        browser.close()
