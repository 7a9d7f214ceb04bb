"""The Playground tab in headless Chromium: a tiny SFT run trained by the CLI, one validation prompt sent, the base
and fine-tuned chats side by side, each answer with its JSON and schema verdict lines; Clear empties both chats."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, chromium_or_skip, wait_for
from tests.training.builders import build_tiny_causal_lm, cli, sft_config
from training.config.studio import save_yaml

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()


def test_one_turn_answered_by_base_and_tuned_with_verdicts(app: AppServer, tmp_path: Path) -> None:
    config = sft_config(build_tiny_causal_lm(tmp_path / "tiny-llama"), max_steps=2, eval_steps=0, save_steps=100)
    config.sft.eval_generations = 0
    config.sft.max_new_tokens = 8
    run_dir = app.data_dir / "runs" / "tiny-sft"
    run_dir.mkdir(parents=True)
    save_yaml(config, run_dir / "config.yaml")
    result = cli("run", str(run_dir / "config.yaml"), "--run-dir", str(run_dir), data_dir=app.data_dir)
    assert result.returncode == 0, result.stderr[-3000:]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.goto(app.url)
        page.get_by_text("137 passages").wait_for(timeout=60_000)
        page.get_by_role("tab", name="4b. Playground").click()  # opening the tab lists the run finished since
        page.locator("#play-run input").click()
        page.get_by_role("option", name="tiny-sft · sft").click(timeout=30_000)
        info = page.locator("#play-info")
        wait_for(lambda: "JSON으로만 답하세요." in info.inner_text(), 30, "the run's system message")
        assert "required keys" in info.inner_text()
        page.locator("#play-pick input").click()
        page.get_by_role("option").first.click()
        prompt = page.locator("#play-prompt textarea")
        wait_for(lambda: len(prompt.input_value()) > 5, 30, "the prompt to be filled")

        page.locator("#play-ask").click()
        verdicts = [page.locator(f"#play-{which}-verdict") for which in ("base", "tuned")]
        wait_for(lambda: all(" s" in v.inner_text() for v in verdicts), 120, "both answers and their verdicts")
        for which, verdict in zip(("base", "tuned"), verdicts, strict=True):
            lines = verdict.inner_text().splitlines()
            assert lines[0].startswith(("✓ JSON", "✗ JSON")) and lines[1].startswith(("✓ schema", "✗ schema"))
            assert lines[0] == "✓ JSON" or " at line " in lines[0]  # the parser's position, when it fails
            assert page.locator(f"#play-{which}-chat .bot-row").count() == 1  # its answer, in its own chat
        assert "Reference answer: {" in info.inner_text()  # a validation prompt: its reference is quoted
        assert "tiny-sft" in page.locator("#play-tuned-title").inner_text()
        assert page.locator("#play-stop button, button#play-stop").first.is_disabled()  # nothing left to stop
        page.screenshot(path="/tmp/e2e-playground.png", full_page=True)
        page.locator("#play-clear").click()
        wait_for(lambda: page.locator("#play-tuned-chat .bot-row").count() == 0, 30, "Clear to empty the chats")
        assert page.locator("#play-base-chat .bot-row").count() == 0
        browser.close()
