"""Scoring JSON answers, dict-in, dict-out: parsing with fences, the inferred schema, field match, the averages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datasets_spec.json_answers import (
    field_match,
    infer_schema,
    load_schema,
    parse_answer,
    schema_for,
    schema_valid,
    score_answer,
    score_answers,
)

REFERENCE = '{"challenge": "하루 20분 독서", "category": "학습", "duration_days": 14, "difficulty": "보통"}'


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": 1}', {"a": 1}),
        ('  \n{"a": 1}\n ', {"a": 1}),
        ('```json\n{"a": 1}\n```', {"a": 1}),
        ('```\n{"a": [1, 2]}\n```', {"a": [1, 2]}),
        ('```JSON {"a": 1}```', {"a": 1}),
        ("[1, 2]", [1, 2]),
    ],
)
def test_answers_parse_inside_fences_and_whitespace(text: str, value: object) -> None:
    parsed = parse_answer(text)
    assert parsed.ok and parsed.value == value


@pytest.mark.parametrize("text", ["", '{"a": 1', "here you go: {}", '{"a": 1} extra', "```json\n{'a': 1}\n```"])
def test_invalid_answers_say_why(text: str) -> None:
    parsed = parse_answer(text)
    assert not parsed.ok and parsed.error.startswith("not JSON:")


def test_inferred_schema_requires_shared_keys_with_their_constant_types() -> None:
    answers = [
        '{"challenge": "걷기", "days": 7, "score": 1, "note": "x", "tags": []}',
        '{"challenge": "독서", "days": 14, "score": 0.5, "tags": ["a"], "extra": true}',
        "not json at all",
        '{"challenge": "명상", "days": "30", "score": 2, "tags": []}',
    ]
    schema = infer_schema(answers)
    assert schema["type"] == "object"
    assert schema["required"] == ["challenge", "days", "score", "tags"]
    props = schema["properties"]
    assert props["challenge"] == {"type": "string"} and props["tags"] == {"type": "array"}
    assert props["score"] == {"type": "number"}  # integers and decimals together are numbers
    assert props["days"] == {} and props["extra"] == {"type": "boolean"}  # mixed types: any value
    assert schema_valid({"challenge": "a", "days": [], "score": 3, "tags": []}, schema)
    assert not schema_valid({"challenge": "a", "days": 1, "score": 3}, schema)  # tags missing
    assert not schema_valid({"challenge": 1, "days": 1, "score": 3, "tags": []}, schema)
    assert infer_schema(["plain text"]) == {}


def test_schema_file_is_loaded_or_named_in_the_error(tmp_path: Path) -> None:
    good = tmp_path / "schema.json"
    good.write_text(json.dumps({"type": "object", "required": ["a"]}), encoding="utf-8")
    assert schema_for(str(good), []) == {"type": "object", "required": ["a"]}
    assert schema_for("", ['{"a": 1}'])["required"] == ["a"]
    with pytest.raises(ValueError, match=r"sft.json_schema: cannot read .*missing.json"):
        load_schema(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.json is not JSON"):
        load_schema(broken)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"type": 5}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"wrong.json is not a valid JSON Schema"):
        load_schema(wrong)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (json.loads(REFERENCE), 1.0),
        ({**json.loads(REFERENCE), "extra": 1}, 1.0),  # extra keys cost nothing; the schema judges them
        ({**json.loads(REFERENCE), "duration_days": 7}, 0.75),
        ({**json.loads(REFERENCE), "duration_days": "14"}, 0.75),  # exact: a string is not the number
        ({"challenge": "하루 20분 독서"}, 0.25),
        ([1], 0.0),
    ],
)
def test_field_match_is_the_share_of_reference_fields_reproduced(value: object, expected: float) -> None:
    assert field_match(value, json.loads(REFERENCE)) == expected


def test_scores_average_over_answers() -> None:
    schema = infer_schema([REFERENCE])
    wrong_type = REFERENCE.replace("14", '"14"')
    pairs = [(f"```json\n{REFERENCE}\n```", REFERENCE), (wrong_type, REFERENCE), ("{oops", REFERENCE), ("", REFERENCE)]
    assert score_answers(pairs, schema) == {"json_valid": 0.5, "schema_valid": 0.25, "field_match": (1 + 0.75) / 4}
    assert score_answers([], schema) == {"json_valid": 0.0, "schema_valid": 0.0, "field_match": 0.0}
    scored = score_answer("{oops", REFERENCE, schema)
    assert not scored.json_valid and scored.error and scored.field_match == 0.0
