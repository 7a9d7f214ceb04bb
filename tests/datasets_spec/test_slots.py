"""Slot templates: the bundled JSON-task spec at 10,000 examples, spec errors that name the field, holdout of
unseen combinations, storing with provenance, and the `slots` subcommand."""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path

import jsonschema
import pytest

from datasets_spec import store
from datasets_spec.augment.slots import generate as slots_module
from datasets_spec.augment.slots.cli import add_slots_command
from datasets_spec.augment.slots.generate import generate, store_generated, write_generated
from datasets_spec.augment.slots.spec import load_spec, parse_spec, particle
from datasets_spec.errors import DataError

BUNDLED = Path(__file__).resolve().parents[2] / "datasets_spec" / "samples" / "json_task_ko" / "slots.yaml"


def small_spec() -> dict:
    """3 × 2 × 2 × 2 values × 2 templates = 48 combinations; the second template leaves out 지역."""
    return {
        "system": "JSON으로만 답하세요.",
        "slots": {
            "지역": ["부산", "서울", "대전"],
            "직업": ["개발자", "공무원"],
            "상황": [
                {
                    "value": "잠을 못 자요",
                    "category": "건강",
                    "challenge": {"쉬움": "일찍 눕기", "어려움": "카페인 끊기"},
                },
                {
                    "value": "돈이 없어요",
                    "category": "재정",
                    "challenge": {"쉬움": "가계부 쓰기", "어려움": "무지출 데이"},
                },
            ],
            "의지": [
                {"value": "바빠요.", "difficulty": "쉬움", "days": 7},
                {"value": "제대로요!", "difficulty": "어려움", "days": 30},
            ],
        },
        "templates": ["{지역} 사는 {직업|이에요/예요}. {상황}. {의지}", "{직업}인데 {상황}. {의지}"],
        "output": {
            "challenge": "{상황.challenge[의지.difficulty]}",
            "category": "{상황.category}",
            "duration_days": "{의지.days}",
        },
        "schema": {
            "type": "object",
            "properties": {"category": {"enum": ["건강", "재정"]}, "duration_days": {"type": "integer"}},
            "required": ["challenge", "category", "duration_days"],
        },
    }


def jsonl_bytes(examples: list[dict]) -> bytes:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples).encode()


@pytest.mark.slow
def test_ten_thousand_examples_are_unique_schema_valid_reproducible_and_hold_out_unseen_combinations(
    tmp_path: Path,
) -> None:
    spec = load_spec(BUNDLED)
    made = generate(spec, 10_000, seed=7)
    report = made.report
    examples = made.train + made.validation
    assert report.made == len(examples) == 10_000 and report.combinations == 388_800 == spec.combinations
    assert report.train == len(made.train) and report.validation == len(made.validation) > 1000
    questions = [e["messages"][1]["content"] for e in examples]
    validator = jsonschema.validators.validator_for(spec.schema)(spec.schema)
    assert len(set(questions)) == len(questions)
    for example in examples:
        roles = [m["role"] for m in example["messages"]]
        assert roles == ["system", "user", "assistant"]
        answer = json.loads(example["messages"][-1]["content"])
        validator.validate(answer)
        situation = next(v for v in spec.slots["상황"] if v.text == example["slots"]["상황"])
        assert answer["challenge"] == situation.attrs["challenge"][answer["difficulty"]]
    assert report.schema_valid_share == 1.0 and report.schema_source == "spec"
    # the bundled spec holds out 20% of job × situation pairs: validation asks only pairs training never shows
    assert report.holdout_slots == ["직업", "상황"] and report.held_out_combinations == 72 == 0.2 * 360

    def pairs(part: list[dict]) -> set[tuple[str, str]]:
        return {(e["slots"]["직업"], e["slots"]["상황"]) for e in part}

    assert pairs(made.validation) and not pairs(made.validation) & pairs(made.train)
    files = write_generated(made, tmp_path / "a.jsonl")
    again = write_generated(generate(BUNDLED, 10_000, seed=7), tmp_path / "b.jsonl")
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in again]
    other = generate(spec, 10_000, seed=8)
    assert jsonl_bytes(other.train) != jsonl_bytes(made.train)
    assert pairs(other.validation) != pairs(made.validation)


def test_repeated_questions_are_dropped_and_counted() -> None:
    made = generate(small_spec(), mode="combinatorial")
    # the second template never says the place: 3 places ask it once, for 2 × 2 × 2 combinations
    assert made.report.combinations == 48 and made.report.duplicates_dropped == 16 and made.report.made == 32
    assert made.report.conflicting_duplicates == 0 and made.validation == []
    first = made.train[0]["messages"]
    assert first[1]["content"] == "부산 사는 개발자예요. 잠을 못 자요. 바빠요."
    assert json.loads(first[2]["content"]) == {"challenge": "일찍 눕기", "category": "건강", "duration_days": 7}
    assert made.train[0]["slots"] == {"지역": "부산", "직업": "개발자", "상황": "잠을 못 자요", "의지": "바빠요."}
    clash = {
        "slots": {"a": ["ab", "a"], "b": [{"value": "c", "x": 1}, {"value": "bc", "x": 2}]},
        "templates": ["{a}{b}"],
        "output": {"x": "{b.x}"},
    }
    report = generate(clash).report  # "ab"+"c" and "a"+"bc" ask the same with different answers
    assert (report.made, report.duplicates_dropped, report.conflicting_duplicates) == (3, 1, 1)
    assert report.schema_source == "inferred" and report.schema_valid_share == 1.0


def test_sampled_mode_stops_at_n_and_answers_can_be_the_values_attributes() -> None:
    spec = small_spec()
    del spec["output"], spec["schema"]
    spec["slots"]["상황"] = [
        {"value": "잠을 못 자요", "category": "건강"},
        {"value": "돈이 없어요", "category": "재정"},
    ]
    spec["templates"] = spec["templates"][:1]
    made = generate(spec, 10, seed=3)
    assert made.report.made == 10 and made.report.requested == 10
    answer = json.loads(made.train[0]["messages"][-1]["content"])
    assert set(answer) == {"category", "difficulty", "days"} and isinstance(answer["days"], int)


@pytest.mark.parametrize(
    ("word", "after_consonant", "after_vowel", "expected"),
    [
        ("개발자", "이에요", "예요", "예요"),
        ("공무원", "이에요", "예요", "이에요"),
        ("부산", "으로", "로", "으로"),
        ("서울", "으로", "로", "로"),  # ㄹ takes 로
        ("택배 기사", "은", "는", "는"),
        ("3", "이", "가", "이"),  # 삼
        ("2", "이", "가", "가"),  # 이
    ],
)
def test_korean_endings_follow_the_last_syllable(word: str, after_consonant: str, after_vowel: str, expected: str):
    assert particle(word, after_consonant, after_vowel) == expected


def _set(path: str, value: object):
    def change(spec: dict) -> None:
        *parents, last = path.split("/")
        node = spec
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value

    return change


SPEC_ERRORS = [
    # (what is wrong, change to the small spec, field named, words in the message)
    ("undeclared slot", _set("templates/0", "{직군} 사는 {지역}. {상황}. {의지}"), "templates[0]", "{직군}"),
    ("slot with no values", _set("slots/직업", []), "slots.직업", "has no values"),
    ("value listed twice", _set("slots/지역", ["부산", "부산"]), "slots.지역[1]", "listed twice"),
    ("value without text", _set("slots/지역", [{"code": 1}]), "slots.지역[0]", "'value: its text'"),
    ("unknown key", _set("template", "{지역}"), "template", "unknown key"),
    ("no templates", _set("templates", []), "templates", "one or more"),
    ("template naming no slot", _set("templates/1", "안녕하세요"), "templates[1]", "names no slot"),
    ("unmatched brace", _set("templates/0", "{지역 {상황} {의지}"), "templates[0]", "unmatched"),
    ("unreadable reference", _set("templates/0", "{지역|은} {상황} {의지}"), "templates[0]", "cannot read"),
    ("missing attribute", _set("output/category", "{상황.kind}"), "output", "no 'kind'"),
    ("table without a key", _set("slots/상황/1/challenge", {"쉬움": "가계부"}), "output", "['어려움']"),
    ("answer unsaid in a question", _set("templates/1", "{직업}인데 {상황}."), "templates[1]", "의지"),
    ("invalid schema", _set("schema", {"type": "objekt"}), "schema", "not a valid JSON Schema"),
    ("holdout of no slot", _set("holdout", {"slots": ["나이"], "ratio": 0.2}), "holdout.slots", "'나이'"),
    ("holdout of no value", _set("holdout", {"values": {"지역": ["목포"]}}), "holdout.values.지역", "'목포'"),
    ("holdout ratio of 1", _set("holdout", {"ratio": 1}), "holdout.ratio", "below 1"),
    ("date, not JSON", _set("slots/의지/0/days", datetime.date(2024, 1, 1)), "slots.의지[0].days", "JSON"),
]


@pytest.mark.parametrize(("what", "change", "field", "words"), SPEC_ERRORS, ids=[c[0] for c in SPEC_ERRORS])
def test_spec_errors_name_the_field(what: str, change, field: str, words: str) -> None:
    spec = small_spec()
    change(spec)
    with pytest.raises(DataError) as caught:
        parse_spec(spec, source="spec.yaml")
    assert caught.value.field == field and words in caught.value.message, str(caught.value)


def test_spec_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("slots:\n  지역: [부산]\ntemplates: ['{지역} 사는 {직업|이에요/예요}']\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.yaml, field 'templates\[0\]': names slot \{직업\}"):
        load_spec(path)
    path.write_text("slots: {지역: [부산\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.yaml, line \d: not valid YAML"):
        load_spec(path)


@pytest.mark.parametrize("up_front", [True, False], ids=["checked-up-front", "checked-as-made"])
def test_an_answer_outside_the_schema_is_an_error_naming_the_slot_values(up_front: bool, monkeypatch) -> None:
    if not up_front:
        monkeypatch.setattr(slots_module, "CHECK_AT_MOST", 0)
    spec = small_spec()
    spec["slots"]["상황"][1]["category"] = "돈"
    with pytest.raises(DataError, match=r"field 'output': for 상황=돈이 없어요, 의지=.*category: '돈' is not one of"):
        generate(spec, mode="combinatorial")


def test_holdout_keeps_listed_values_and_ratios_of_chosen_slots_out_of_training() -> None:
    made = generate(small_spec(), mode="combinatorial", holdout_values={"지역": ["대전"]})
    assert made.validation and all(e["slots"]["지역"] == "대전" for e in made.validation)
    assert all(e["slots"]["지역"] != "대전" for e in made.train)
    made = generate(small_spec(), mode="combinatorial", holdout_ratio=0.25, holdout_slots=["상황", "의지"], seed=5)
    assert made.report.held_out_combinations == 1 and made.report.holdout_space == 4
    held = {(e["slots"]["상황"], e["slots"]["의지"]) for e in made.validation}
    assert len(held) == 1 and not held & {(e["slots"]["상황"], e["slots"]["의지"]) for e in made.train}
    with pytest.raises(ValueError, match="holdout_ratio"):
        generate(small_spec(), holdout_ratio=1.5)
    with pytest.raises(ValueError, match="holdout: none of the 2 examples"):
        generate(small_spec(), 2, mode="combinatorial", holdout_values={"지역": ["대전"]})


def test_the_bundled_spec_is_stored_with_its_provenance(data_dir: Path) -> None:
    made = generate(BUNDLED, 500, seed=11)
    path = store_generated(made, "slots-ko")
    dataset = store.load("slots-ko")
    assert path == data_dir.resolve() / "datasets" / "slots-ko" and dataset.task == "sft"
    assert len(dataset.train) == made.report.train and len(dataset.validation) == made.report.validation > 0
    assert dataset.train == made.train and dataset.manifest["leaked_count"] == 0
    made_by = dataset.manifest["made_by"]
    assert made_by["generator"] == "slots" and made_by["seed"] == 11 and made_by["sources"] == [str(BUNDLED)]
    assert made_by["parameters"]["n"] == 500 and made_by["parameters"]["holdout_slots"] == ["직업", "상황"]
    assert made_by["json_schema"] == load_spec(BUNDLED).schema


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="augment")
    add_slots_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_stores_writes_previews_and_reports(data_dir: Path, tmp_path: Path, capsys) -> None:
    assert cli(["slots", str(BUNDLED), "--n", "300", "--seed", "2", "--name", "ko", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["made"] == 300 and report["stored"].endswith("ko") and report["schema_valid_share"] == 1.0
    assert store.load("ko").manifest["made_by"]["parameters"]["mode"] == "sampled"
    out = tmp_path / "made.jsonl"
    argv = ["slots", str(BUNDLED), "--n", "200", "--out", str(out), "--preview", "2", "--holdout-ratio", "0.1"]
    assert cli([*argv, "--holdout-slot", "상황", "--holdout-value", "지역=제주시"]) == 0
    printed = capsys.readouterr().out
    assert "388,800 combinations" in printed and "schema-valid: 100%" in printed and printed.count("--- ") == 2
    validation = out.with_name("made.validation.jsonl")
    rows = [json.loads(line) for line in validation.read_text(encoding="utf-8").splitlines()]
    assert len(out.read_text(encoding="utf-8").splitlines()) + len(rows) == 200
    assert any(r["slots"]["지역"] == "제주시" for r in rows)
    assert cli(["slots", str(BUNDLED), "--holdout-value", "지역=목포"]) == 2
    assert "holdout_values.지역: '목포' is not one of the 지역 values" in capsys.readouterr().err
