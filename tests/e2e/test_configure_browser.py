"""The Configure tab in headless Chromium: an LR edit moves the explanation and the preview, a doctor fix edits the
form, and the navbar switches the whole studio to Korean, the doctor's findings and fix buttons included; quick
edits are checked once each and then the page goes quiet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    AppServer,
    chromium_or_skip,
    field_value,
    open_studio,
    set_field,
    settled,
    wait_for,
)

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()


def test_lr_explanation_doctor_fix_and_korean(app: AppServer, tiny_model: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.goto(app.url)
        page.get_by_text("137 passages").wait_for(timeout=60_000)
        page.get_by_role("tab", name="2. Configure").click()
        set_field(page, "cfg-model-name-or-path", str(tiny_model))
        summary, derived = page.locator("#cfg-lr-summary"), page.locator("#cfg-derived")
        wait_for(lambda: "0.0003 = 100% of peak" in summary.inner_text(), 60, "the default preview")

        set_field(page, "cfg-training-learning-rate", "0.0002")
        wait_for(lambda: "2e-4 = 2 × 10⁻⁴ = 0.0002" in summary.inner_text(), 60, "the LR explanation to follow")
        assert "1.5× lower than the default 3e-4" in summary.inner_text()
        assert "0.0002 = 100% of peak" in summary.inner_text()
        set_field(page, "cfg-training-warmup-ratio", "0.5")
        moved = re.compile(r"of them warmup \(5\d%\)")
        wait_for(lambda: moved.search(summary.inner_text()), 60, "the preview to move with the warmup")
        assert "effective batch" in derived.inner_text() and "tokens per step" in derived.inner_text()

        set_field(page, "cfg-training-per-device-train-batch-size", "4")
        wait_for(lambda: "per_device_train_batch_size: 4" in page.locator("#cfg-yaml").inner_text(), 60, "the edit")
        page.locator("#cfg-doctor-run").click()
        findings = page.locator("#cfg-doctor")
        wait_for(lambda: "Only 3 in-batch negatives per query" in findings.inner_text(), 120, "the doctor")
        assert "Warmup is long" in findings.inner_text()
        fix = page.get_by_role("button", name="Fix: set the batch size to 16")
        fix.click(timeout=120_000)  # the page is busy re-checking on a loaded machine
        wait_for(lambda: "per_device_train_batch_size: 16" in page.locator("#cfg-yaml").inner_text(), 60, "the fix")
        # No second click: the doctor checks again after the fix, so the fixed finding leaves the panel by itself.
        wait_for(lambda: "in-batch negatives" not in findings.inner_text(), 120, "the finding to clear")
        assert "Warmup is long" in findings.inner_text()

        page.get_by_role("link", name="한국어").click()
        # The experiment comes along (kept in this browser): wait until it is back before editing the form again
        strip = page.locator("#experiment-summary")
        wait_for(lambda: str(tiny_model) in strip.inner_text() and "실험" in strip.inner_text(), 120, "the experiment")
        page.get_by_role("tab", name="2. 설정").click()
        page.get_by_text("사전 점검").first.wait_for(timeout=60_000)
        assert "학습률" in page.locator("#cfg-training-learning-rate").inner_text()
        set_field(page, "cfg-model-name-or-path", str(tiny_model))
        set_field(page, "cfg-training-per-device-train-batch-size", "4")
        wait_for(lambda: "per_device_train_batch_size: 4" in page.locator("#cfg-yaml").inner_text(), 60, "the edit")
        page.locator("#cfg-doctor-run").click(timeout=120_000)
        korean = page.locator("#cfg-doctor")
        wait_for(lambda: "질의마다 배치 내 네거티브가 3개뿐입니다" in korean.inner_text(), 120, "the doctor in Korean")
        assert "in-batch negatives" not in korean.inner_text() and "이유:" in korean.inner_text()
        page.get_by_role("button", name="고치기: 배치 크기를 16(으)로 설정").wait_for(timeout=10_000)
        browser.close()


QUIET_SECONDS = 10  # Gradio's own loop re-sent an event about once a second: ten of them in this window


def test_quick_edits_are_checked_and_the_page_goes_quiet(app: AppServer) -> None:
    """Three number fields typed in a row used to set two of them firing their change by turns, once a second for
    as long as the page stayed open (tests/studio/test_event_wiring.py says why): every edit is checked, and then
    the page sends nothing more."""
    with sync_playwright() as p:
        browser, page = open_studio(p, app)
        page.get_by_role("tab", name="2. Configure").click()
        settled(page)
        sent: list[str] = []
        page.on("request", lambda request: "queue/join" in request.url and sent.append(request.post_data or ""))
        for elem, value in (
            ("cfg-model-max-seq-length", "64"),
            ("cfg-training-per-device-train-batch-size", "8"),
            ("cfg-training-save-steps", "10"),
        ):
            set_field(page, elem, value)
        shown = ("max_seq_length: 64", "per_device_train_batch_size: 8", "save_steps: 10")
        yaml = page.locator("#cfg-yaml")
        wait_for(lambda: all(line in yaml.inner_text() for line in shown), 120, "the check of every edit")
        assert not settled(page, 120), "the page stays busy after the edits"
        assert sent, "the edits reached the server"
        sent.clear()
        page.wait_for_timeout(QUIET_SECONDS * 1000)  # a window to watch, not a wait for an event
        assert sent == [], f"{len(sent)} events sent by an idle page in {QUIET_SECONDS} s: {sent[:3]}"
        page.get_by_role("tab", name="1. Data").click()
        assert field_value(page, "data-max-len") == "64", "the Data tab counts with the configured length"
        browser.close()
