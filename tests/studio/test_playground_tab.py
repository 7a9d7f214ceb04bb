"""The Playground tab's pure functions on hand-made finished runs (tiny models saved in full, no training): the
verdict lines, the label tables, the run list and examples, a two-turn chat that chat_steps streams to the page
(each model its own history, the sampling options, Retry, Stop), and the classifier's tables."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import gradio as gr
import pandas as pd
import pytest

from datasets_spec import store
from datasets_spec.jsonl import write_jsonl
from studio.strings import words
from studio.tabs import playground as tab
from tests.training.builders import KEYWORDS, RARE, build_tiny_causal_lm, table
from tests.training.playground_runs import SCHEMA, finished_run, finished_sft_run
from training.config.studio import StudioConfig
from training.lifecycle import runs
from training.playground.ask import ModelCache, check_answer
from training.playground.sampling import Sampling

NAMES = sorted([*KEYWORDS, RARE])
GREEDY = [Sampling().to_dict()[name] for name in tab.SAMPLING]


def sampling(**changed: object) -> list[object]:
    """The sampling widgets' values, in their order on the page."""
    return [{**Sampling().to_dict(), **changed}[name] for name in tab.SAMPLING]


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-llama"))


@pytest.fixture
def sft_run(tiny_lm: Path, data_dir: Path) -> str:
    finished_sft_run("sft-run", tiny_lm)
    return "sft-run"


@pytest.fixture
def classification_run(tiny_model: Path, data_dir: Path, tmp_path: Path) -> str:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    write_jsonl(tmp_path / "table.jsonl", table())
    store.import_file(tmp_path / "table.jsonl", "five")
    config = StudioConfig()
    config.task = "classification"
    config.model.name_or_path = str(tiny_model)
    config.model.max_seq_length = 32
    config.data.dataset = "five"
    config.lora.use_lora = False

    def save(folder: Path) -> None:
        ids = dict(enumerate(NAMES))
        model = AutoModelForSequenceClassification.from_pretrained(
            tiny_model, num_labels=len(NAMES), id2label=ids, label2id={n: i for i, n in ids.items()}
        )
        model.save_pretrained(folder)
        AutoTokenizer.from_pretrained(tiny_model).save_pretrained(folder)
        (folder / "labels.json").write_text(json.dumps(NAMES, ensure_ascii=False), encoding="utf-8")

    finished_run("cls-run", config, save)
    return "cls-run"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_verdict_lines_say_what_failed_and_where(lang: str) -> None:
    w = words("playground", lang)
    good = tab.verdict_markdown(check_answer('{"days": 3}', SCHEMA), 0.5, lang)
    assert good.startswith(w("json_ok")) and w("schema_ok") in good and good.endswith(w("seconds", seconds=0.5))

    broken = tab.verdict_markdown(check_answer('{"days": 3', SCHEMA), 1.25, lang, "length", 12)
    assert "✗ JSON" in broken and "`not JSON: Expecting ',' delimiter at line 1 column 11`" in broken
    assert w("schema_unread") in broken and broken.endswith(w("ended_length", n=12))

    wrong = tab.verdict_markdown(check_answer('{"days": "`셋`"}', SCHEMA), 2, lang, "stopped")
    assert wrong.startswith(w("json_ok")) and "`$.days: ''셋'' is not of type 'integer'`" in wrong  # no stray `
    assert wrong.endswith(" · " + w("ended_stopped"))


def test_label_table_marks_the_gold_label() -> None:
    frame = tab.labels_frame([("임금", 0.61234), ("이혼", 0.2), ("사기", 0.1)], "이혼", "ko")
    assert list(frame.columns) == ["순위", "라벨", "확률", "정답"]
    assert frame["확률"].tolist() == [0.6123, 0.2, 0.1] and frame["정답"].tolist() == ["", "✓", ""]
    assert tab.labels_frame([("a", 1.0)], None, "en")["gold"].tolist() == [""]


def test_run_list_offers_finished_sft_and_classification_runs_only(sft_run, classification_run, tiny_model) -> None:
    assert {value for _, value in tab.run_choices()} == {"sft-run", "cls-run"}
    embedding = StudioConfig()
    embedding.model.name_or_path = str(tiny_model)
    finished_run("embedding-run", embedding, lambda folder: (folder.mkdir(), (folder / "model.safetensors").touch()))
    runs.write_status(runs.runs_dir() / "cls-run", state="queued")  # about to be trained again: not asked
    assert [value for _, value in tab.run_choices()] == ["sft-run"]
    assert ("sft-run · sft", "sft-run") in tab.run_choices()


def test_examples_and_run_info_explain_what_is_asked(sft_run, classification_run, tiny_lm) -> None:
    facts = tab.facts_of(sft_run)
    choices = tab.example_choices(facts)
    validation = store.load(store.JSON_TASK_SAMPLE).validation
    assert len(choices) == len(validation)
    first = facts.examples[choices[0][1]]
    assert first.prompt == validation[0]["messages"][-2]["content"].strip() and " → {" in choices[0][0]

    info = tab.run_info(facts, "en", first.prompt)
    assert "trained in full" in info and "`JSON으로만 답하세요.`" in info
    assert "required keys `days`" in info and "Reference answer: `{" in info
    assert "Reference" not in tab.run_info(facts, "en", "something else") and "transcript" not in info
    # A tokenizer without a chat template: said once, above the chat.
    plain = tab.facts_of(finished_sft_run("plain-run", tiny_lm, chat_template=False).name)
    for lang in ("en", "ko"):
        assert tab.run_info(plain, lang).count(words("playground", lang)("no_template")) == 1

    facts = tab.facts_of(classification_run)
    text = store.load("five").validation[0]
    info = tab.run_info(facts, "ko", text["text"])
    assert "시드 42" in info and "1/5 = 0.200" in info and f"정답 라벨: **{text['label']}**" in info


def test_a_chatbots_value_comes_back_as_plain_turns() -> None:
    chatbot = gr.Chatbot()
    sent = chatbot.postprocess([{"role": "user", "content": "하나"}, {"role": "assistant", "content": '{"a": 1}'}])
    back = chatbot.preprocess(type(sent).model_validate(json.loads(sent.model_dump_json())))
    assert tab.plain(back) == [{"role": "user", "content": "하나"}, {"role": "assistant", "content": '{"a": 1}'}]
    assert tab.plain(None) == []


def test_two_turns_stream_into_two_histories_and_a_temperature_change_draws_anew(sft_run) -> None:
    cache, w = ModelCache(), words("playground", "en")
    histories: dict[str, list] = {"base": [], "tuned": []}
    steps = list(tab.chat_steps(sft_run, "서울 사는 간호사예요.", histories, "", GREEDY, "en", cache))
    generating = [s["info"] for s in steps if w("asking", which=w("which_base")) in s["info"]]
    assert generating and "Generating" in steps[0]["info"] and steps[0]["prompt"] == ""
    assert steps[0]["tuned_chat"] == [{"role": "user", "content": "서울 사는 간호사예요."}]
    final = steps[-1]
    assert "Generating" not in final["info"]
    for which in ("base", "tuned"):
        assert [m["role"] for m in final[f"{which}_chat"]] == ["user", "assistant"]
        assert final[f"{which}_verdict"].count("\n") == 2 and "cut at 5 new tokens" in final[f"{which}_verdict"]
    # Trained in full, base and tuned hold the same weights: the same greedy answer.
    assert final["base_chat"] == final["tuned_chat"]

    histories = {which: final[f"{which}_chat"] for which in ("base", "tuned")}
    warm = sampling(temperature=1.5, max_new_tokens=8, seed=3)
    second = list(tab.chat_steps(sft_run, "하루 10분이면요?", histories, "", warm, "en", cache))[-1]
    assert [m["role"] for m in second["tuned_chat"]] == ["user", "assistant"] * 2
    assert second["tuned_chat"][:2] == final["tuned_chat"]  # the first turn kept as it was
    assert "cut at 8 new tokens" in second["tuned_verdict"] or "cut at" not in second["tuned_verdict"]
    greedy = list(tab.chat_steps(sft_run, "하루 10분이면요?", histories, "", GREEDY, "en", cache))[-1]
    assert greedy["tuned_chat"][-1] != second["tuned_chat"][-1]  # temperature 1.5 drew another answer

    # Retry answers the last turn again: the same seed, the same draw; the history keeps one answer per turn.
    retried = list(tab.chat_steps(sft_run, None, {"base": [], "tuned": second["tuned_chat"]}, "", warm, "en", cache))
    assert retried[-1]["info"] == w("nothing_to_retry")
    both = {which: second[f"{which}_chat"] for which in ("base", "tuned")}
    again = list(tab.chat_steps(sft_run, None, both, "", warm, "en", cache))[-1]
    assert again["tuned_chat"] == second["tuned_chat"] and again["base_chat"] == second["base_chat"]


def test_stop_ends_both_answers_and_says_so(sft_run) -> None:
    flag = threading.Event()
    flag.set()  # pressed before the first token: each model stops at once
    long = sampling(temperature=1.0, max_new_tokens=300)
    final = list(tab.chat_steps(sft_run, "하나", {}, "", long, "ko", ModelCache(), flag))[-1]
    for which in ("base", "tuned"):
        assert final[f"{which}_verdict"].endswith("· 멈춤") and len(final[f"{which}_chat"]) == 2


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_chat_errors_are_words_in_the_pages_language(sft_run, lang: str) -> None:
    w = words("playground", lang)
    (only,) = tab.chat_steps(None, "hi", {}, "", GREEDY, lang, ModelCache())
    assert only == {"info": w("no_run")}
    (empty,) = tab.chat_steps(sft_run, "  ", {}, "", GREEDY, lang, ModelCache())
    assert empty == {"info": w("empty_message")}
    (bad,) = tab.chat_steps(sft_run, "hi", {}, "", sampling(top_p=1.5), lang, ModelCache())
    said = {"en": "Error: `top_p` = 1.5: must be > 0 and <= 1", "ko": "오류: `top_p` = 1.5: 0 초과 1 이하여야 합니다"}
    assert bad == {"info": said[lang]}
    (missing,) = tab.chat_steps("gone", "hi", {}, "", GREEDY, lang, ModelCache())
    assert missing["info"] == w("error", message="run 'gone' not found")  # the id the visitor sent, no path
    assert missing["info"].endswith("`run 'gone' not found`")  # the engine's words as code, on /ko too


def test_ask_a_classifier_gives_two_top_five_tables_with_the_gold_marked(classification_run) -> None:
    text = store.load("five").validation[0]
    final = list(tab.classify_steps(classification_run, text["text"], "en", ModelCache()))[-1]
    for which in ("base", "tuned"):
        frame: pd.DataFrame = final[f"{which}_labels"]
        assert sorted(frame["label"]) == NAMES and frame["rank"].tolist() == [1, 2, 3, 4, 5]
        assert frame["probability"].is_monotonic_decreasing and frame["probability"].sum() <= 1.0001
        assert frame.loc[frame["label"] == text["label"], "gold"].tolist() == ["✓"]
    assert tab.task_of(classification_run, None) == "classification" and tab.task_of("gone", None) is None


def test_every_playground_string_exists_in_both_languages() -> None:
    from studio.strings.playground import STRINGS

    assert all(entry.get("en") and entry.get("ko") for entry in STRINGS.values())
    assert all(f"s_{name}" in STRINGS for name in tab.SAMPLING)


def test_the_app_mounts_the_playground_with_sampling_widgets_from_their_declaration(data_dir: Path) -> None:
    from studio.app import build_app

    demo = build_app("ko")
    blocks = {getattr(block, "elem_id", None): block for block in demo.blocks.values()}
    assert {"play-run", "play-prompt", "play-ask", "play-stop", "play-base-chat", "play-tuned-labels"} <= set(blocks)
    tabs = [getattr(block, "id", None) for block in demo.blocks.values() if type(block).__name__ == "Tab"]
    assert tabs[tabs.index("test") + 1] == "playground"
    top_p, seed = blocks["play-top-p"], blocks["play-seed"]
    assert (top_p.value, top_p.maximum, seed.precision) == (1.0, 1, 0)
    # Each language's page has its own widgets, worded from the declaration's en and ko help.
    worded = {b.label: b.info for b in demo.blocks.values() if getattr(b, "elem_id", None) == "play-top-p"}
    assert worded["top-p"].startswith("누적 확률이") and worded["Top-p"].startswith("Nucleus sampling")
    assert blocks["play-stop"].interactive is False  # nothing to stop until a turn is being answered
