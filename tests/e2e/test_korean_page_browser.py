"""/ko in headless Chromium: every tab, a doctor finding, a config diff, the runs' states and the LR summary, and no
English sentence anywhere a person can see, Gradio's own words included (its upload areas, status line and footer),
in a browser set to English: only studio/page_locale.py can make them Korean. No raw Gradio key (common.complete)
shows even for a moment, the navbar leads back to English, and the whole walk throws no uncaught JavaScript error.

"English sentence" means three or more English words in a row. Code names (learning_rate, lora.r), model ids, file
names and paths, numbers and units never count: they are written the same in both languages. The few proper names
that are English words are listed in `NAMES` (tests/e2e/page_checks.py), each with why it stays.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.e2e.gradio_words import SEEN, gradio_namespaces
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, chromium_or_skip, set_field, settled, wait_for
from tests.e2e.page_checks import READ, english_sentences
from training.config.studio import StudioConfig
from training.lifecycle import runs

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()

HANGUL = re.compile("[가-힣]")


def past_run(data_dir: Path, model: Path, state: str, learning_rate: float) -> Path:
    """A run as training leaves it, written without training: its config, status and a few metrics rows."""
    config = StudioConfig()
    config.model.name_or_path = str(model)
    config.training.max_steps = 4
    config.training.learning_rate = learning_rate
    run_dir = runs.create_run(config, data_dir / "runs", label=state)
    now = time.time()
    rows = [{"event": "train_begin", "time": now - 60, "max_steps": 4}]
    rows += [
        {"step": s, "loss": 3.0 - 0.4 * s, "learning_rate": learning_rate, "time": now - 60 + 10 * s}
        for s in (1, 2, 3, 4)
    ]
    (run_dir / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    model_name = str(model)
    runs.write_status(
        run_dir,
        state=state,
        task="embedding",
        model=model_name,
        dataset="legal-ko-sample",
        step=4,
        started=now - 60,
        ended=now,
    )
    return run_dir


def visible_text(page) -> str:
    return page.evaluate(READ)


def test_the_korean_page_has_no_english_sentence(app: AppServer, tiny_model: Path) -> None:
    past_run(app.data_dir, tiny_model, "finished", 1e-3)
    past_run(app.data_dir, tiny_model, "stopped", 2e-4)
    seen: dict[str, list[str]] = {}
    errors: list[str] = []
    raw_key = re.compile(rf"^(?:{'|'.join(gradio_namespaces())})\.[a-z_]+$")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2400}, locale="en-US")
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.add_init_script(f"({SEEN})()")  # every text shown, however briefly: a raw key flashes for 1 s
        page.goto(f"{app.url}/ko")
        page.get_by_text("조문 137개").first.wait_for(timeout=90_000)
        wait_for(lambda: "파일을 여기에 드롭" in visible_text(page), 60, "Gradio's upload area in Korean")
        assert "API를 통해 사용" in page.locator("footer").inner_text()
        seen["데이터"] = english_sentences(visible_text(page))

        page.get_by_role("tab", name="1b. 증강").click()
        assert not settled(page)
        seen["증강"] = english_sentences(visible_text(page))

        # Configure: the LR summary for the tiny model, a doctor finding and a config diff
        page.get_by_role("tab", name="2. 설정").click()
        set_field(page, "cfg-model-name-or-path", str(tiny_model))
        summary = page.locator("#cfg-lr-summary")
        wait_for(lambda: "최대값의 100%" in summary.inner_text(), 90, "the LR summary")
        assert "옵티마이저 스텝" in summary.inner_text() and "LoRA 스케일" in summary.inner_text()
        set_field(page, "cfg-training-per-device-train-batch-size", "4")
        wait_for(lambda: "per_device_train_batch_size: 4" in page.locator("#cfg-yaml").inner_text(), 60, "the edit")
        page.locator("#cfg-doctor-run").click()
        findings = page.locator("#cfg-doctor")
        fix = page.get_by_role("button", name=re.compile("^고치기"))  # 3 in-batch negatives: a finding with its fix
        wait_for(lambda: fix.count() > 0 and HANGUL.search(findings.inner_text()), 120, "a doctor finding")
        page.get_by_text("두 설정 비교").click()
        page.locator("#cfg-compare-run").click()
        table = page.locator("#cfg-compare-table")
        wait_for(lambda: "변경" in table.inner_text() and "파생" in table.inner_text(), 120, "the config diff")
        assert "유효 배치" in table.inner_text()
        seen["설정"] = english_sentences(visible_text(page))

        # Train: the newest run opens by itself; its state, and both runs' states in the list and the history
        page.get_by_role("tab", name="3. 학습").click()
        progress = page.locator("#train-progress")
        wait_for(lambda: "중지됨" in progress.inner_text() or "완료" in progress.inner_text(), 60, "a run's state")
        page.locator("#history-refresh").click()  # the runs were written after the page was built
        history = page.locator("#history")
        wait_for(lambda: "완료" in history.inner_text() and "중지됨" in history.inner_text(), 60, "the history")
        seen["학습"] = english_sentences(visible_text(page))

        for tab in ("4. 테스트", "4b. 플레이그라운드", "5. 배포"):
            page.get_by_role("tab", name=tab).click()
            assert not settled(page)
            seen[tab] = english_sentences(visible_text(page))
        flashed = [text for text in page.evaluate("window.seenTexts") if raw_key.match(text)]
        # The navbar's way back: the English page, where the same reading finds sentences, so the check can fail
        page.get_by_role("link", name="English").first.click()
        # The experiment's open tab goes along (kept per browser): the English page opens on Deploy.
        deploy = page.get_by_role("tab", name="5. Deploy")
        wait_for(lambda: deploy.get_attribute("aria-selected") == "true", 90, "the kept tab on the English page")
        page.get_by_role("tab", name="1. Data").click()
        page.get_by_text("137 passages").first.wait_for(timeout=90_000)
        assert "Use via API" in page.locator("footer").inner_text()
        assert english_sentences(visible_text(page)), "the detector finds nothing on the English page"
        browser.close()
    english = {tab: found for tab, found in seen.items() if found}
    assert not english, "English on /ko:\n" + "\n".join(f"[{t}] {s}" for t, f in english.items() for s in f)
    assert not flashed, f"Gradio's raw keys shown on /ko: {sorted(set(flashed))}"
    assert not errors, f"{len(errors)} uncaught JavaScript errors:\n" + "\n".join(dict.fromkeys(errors))
