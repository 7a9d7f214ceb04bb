"""The Playground tab's pure functions on hand-made finished runs (tiny models saved in full, no training): the
verdict lines, the label tables, the run list and examples, and the answers ask_steps streams to the page."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest

from datasets_spec import store
from datasets_spec.jsonl import write_jsonl
from studio.strings import words
from studio.tabs import playground as tab
from tests.training.builders import KEYWORDS, RARE, build_tiny_causal_lm, table
from training.config.studio import StudioConfig, save_yaml
from training.lifecycle import runs
from training.playground.ask import ModelCache, check_answer

SCHEMA = {"type": "object", "properties": {"days": {"type": "integer"}}, "required": ["days"]}
NAMES = sorted([*KEYWORDS, RARE])


def finished_run(run_id: str, config: StudioConfig, save_model) -> Path:
    """A run directory as a finished run leaves it: config, status and a model saved in full."""
    run_dir = runs.runs_dir() / run_id
    run_dir.mkdir(parents=True)
    save_yaml(config, run_dir / "config.yaml")
    runs.write_status(run_dir, state="finished", task=config.task, created=time.time())
    save_model(run_dir / "model")
    return run_dir


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-llama"))


@pytest.fixture
def sft_run(tiny_lm: Path, data_dir: Path) -> str:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    config = StudioConfig()
    config.task = "sft"
    config.model.name_or_path = str(tiny_lm)
    config.data.dataset = store.JSON_TASK_SAMPLE
    config.lora.use_lora = False
    config.sft.max_new_tokens = 5

    def save(folder: Path) -> None:
        AutoModelForCausalLM.from_pretrained(tiny_lm).save_pretrained(folder)
        AutoTokenizer.from_pretrained(tiny_lm).save_pretrained(folder)

    run_dir = finished_run("sft-run", config, save)
    (run_dir / "schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
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
    assert good.startswith(w("json_ok")) and w("schema_ok") in good and w("seconds", seconds=0.5) in good

    broken = tab.verdict_markdown(check_answer('{"days": 3', SCHEMA), 1.25, lang)
    assert "✗ JSON" in broken and "`not JSON: Expecting ',' delimiter at line 1 column 11`" in broken
    assert w("schema_unread") in broken

    wrong = tab.verdict_markdown(check_answer('{"days": "`셋`"}', SCHEMA), 2, lang)
    assert wrong.startswith(w("json_ok")) and "`$.days: ''셋'' is not of type 'integer'`" in wrong  # no stray `


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


def test_examples_and_run_info_explain_what_is_asked(sft_run, classification_run) -> None:
    facts = tab.facts_of(sft_run)
    choices = tab.example_choices(facts)
    validation = store.load(store.JSON_TASK_SAMPLE).validation
    assert len(choices) == len(validation)
    first = facts.examples[choices[0][1]]
    assert first.prompt == validation[0]["messages"][-2]["content"].strip() and " → {" in choices[0][0]

    info = tab.run_info(facts, "en", first.prompt)
    assert "trained in full" in info and "`JSON으로만 답하세요.`" in info
    assert "required keys `days`" in info and "Reference answer: `{" in info
    assert "Reference" not in tab.run_info(facts, "en", "something else")

    facts = tab.facts_of(classification_run)
    text = store.load("five").validation[0]
    info = tab.run_info(facts, "ko", text["text"])
    assert "시드 42" in info and "1/5 = 0.200" in info and f"정답 라벨: **{text['label']}**" in info


def test_ask_streams_the_base_answer_then_both_with_verdicts(sft_run) -> None:
    cache = ModelCache()
    steps = list(tab.ask_steps(sft_run, "서울 사는 간호사예요.", 3, "en", cache))
    assert [("Asking the base" in s["info"], "Asking the fine-tuned" in s["info"]) for s in steps] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    assert steps[0]["tuned_answer"] is None and steps[0]["base_verdict"] is None  # the last prompt's answers go
    assert steps[1]["base_answer"] and steps[1]["tuned_answer"] is None
    final = steps[-1]
    for which in ("base", "tuned"):
        assert final[f"{which}_answer"] and final[f"{which}_verdict"].count("\n") == 2
        assert ("✓ JSON" in final[f"{which}_verdict"]) != ("✗ JSON" in final[f"{which}_verdict"])
    # Trained in full, base and tuned here hold the same weights: the same greedy answer.
    assert final["base_answer"] == final["tuned_answer"]


def test_ask_a_classifier_gives_two_top_five_tables_with_the_gold_marked(classification_run) -> None:
    text = store.load("five").validation[0]
    final = list(tab.ask_steps(classification_run, text["text"], 0, "en", ModelCache()))[-1]
    for which in ("base", "tuned"):
        frame: pd.DataFrame = final[f"{which}_labels"]
        assert sorted(frame["label"]) == NAMES and frame["rank"].tolist() == [1, 2, 3, 4, 5]
        assert frame["probability"].is_monotonic_decreasing and frame["probability"].sum() <= 1.0001
        assert frame.loc[frame["label"] == text["label"], "gold"].tolist() == ["✓"]


def test_ask_errors_are_words_on_the_page(sft_run) -> None:
    (only,) = tab.ask_steps(None, "hi", 0, "en", ModelCache())
    assert only == {"info": words("playground", "en")("no_run")}
    last = list(tab.ask_steps(sft_run, "  ", 0, "ko", ModelCache()))[-1]
    assert last["info"] == "⚠ prompt is empty: type what the user asks"
    (missing,) = tab.ask_steps("gone", "hi", 0, "en", ModelCache())
    assert missing["info"] == "⚠ run 'gone' not found"  # no server path: the id the visitor sent, nothing more


def test_every_playground_string_exists_in_both_languages() -> None:
    from studio.strings.playground import STRINGS

    assert all(entry.get("en") and entry.get("ko") for entry in STRINGS.values())


def test_the_app_mounts_the_playground_after_the_test_tab(data_dir: Path) -> None:
    from studio.app import build_app

    demo = build_app("ko")
    ids = [getattr(block, "elem_id", None) for block in demo.blocks.values()]
    assert {"play-run", "play-prompt", "play-ask", "play-base-verdict", "play-tuned-labels"} <= set(ids)
    tabs = [getattr(block, "id", None) for block in demo.blocks.values() if type(block).__name__ == "Tab"]
    assert tabs[tabs.index("test") + 1] == "playground"
