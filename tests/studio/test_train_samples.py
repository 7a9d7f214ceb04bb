"""An SFT run's sample generations on the Train tab: grouped by evaluation step from the run's own samples.jsonl,
each marked in text (valid JSON or not, matches the schema or names the keys it misses), in English and Korean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from datasets_spec.json_answers import infer_schema
from studio.strings import words
from studio.train_samples import by_step, marks, read_rows, read_schema, samples_html
from studio.train_view import samples_of_step, samples_state

SCHEMA = infer_schema(['{"city": "Seoul", "days": 3}', '{"city": "Busan", "days": 1}'])


def write_run(run_dir: Path) -> None:
    """Two evaluations as training/tasks/sft.py writes them, and the schema it saved beside them."""
    rows = [
        {"step": 0, "prompt": "Trip to <Seoul>?", "reference": '{"city": "Seoul", "days": 3}', "answer": "Sure!",
         "valid": False, "schema_valid": False, "field_match": 0.0, "error": "not JSON: Expecting value at line 1"},
        {"step": 0, "prompt": "Busan?", "reference": '{"city": "Busan", "days": 1}', "answer": '{"city": "Busan"}',
         "valid": True, "schema_valid": False, "field_match": 0.5, "error": None},
        {"step": 10, "prompt": "Busan?", "reference": '{"city": "Busan", "days": 1}',
         "answer": '{"city": "Busan", "days": 1}', "valid": True, "schema_valid": True, "field_match": 1.0,
         "error": None},
    ]  # fmt: skip
    text = "".join(json.dumps(r) + "\n" for r in rows) + '{"step": 20, "prompt": "half-writ'  # a torn last line
    (run_dir / "samples.jsonl").write_text(text, encoding="utf-8")
    (run_dir / "schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")


def test_samples_group_by_evaluation_and_name_the_missing_keys(tmp_path: Path) -> None:
    write_run(tmp_path)
    groups = by_step(read_rows(tmp_path), read_schema(tmp_path))
    assert list(groups) == [0, 10]  # the torn line waits for the next read
    invalid, partial = groups[0]
    assert not invalid.valid_json and invalid.error.startswith("not JSON")
    assert partial.valid_json and not partial.matches_schema and partial.missing == ("days",)
    assert groups[10][0].matches_schema and groups[10][0].missing == ()
    w = words("train", "en")
    assert [text for text, _ in marks(invalid, w)] == ["invalid JSON", "fields matched 0%"]
    assert marks(partial, w)[:2] == [("valid JSON", True), ("misses keys days", False)]
    assert marks(groups[10][0], w)[:2] == [("valid JSON", True), ("matches schema", True)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_view_follows_the_newest_evaluation_and_escapes_what_the_model_wrote(tmp_path: Path, lang: str) -> None:
    write_run(tmp_path)
    w = words("train", lang)
    steps, picked, shown = samples_state(tmp_path, None, True, w)
    assert (steps, picked) == (["0", "10"], "10")
    assert samples_state(tmp_path, "0", False, w)[1] == "0"  # a picked older step stays picked
    first = samples_of_step(tmp_path, "0", w)
    assert "Trip to &lt;Seoul&gt;?" in first and "<Seoul>" not in first  # the prompt's text, not markup
    assert w("sample_invalid") in first and w("sample_missing", keys="days") in first
    assert samples_of_step(tmp_path, "7", w) is None and samples_of_step(None, "0", w) is None
    if lang == "ko":
        text = re.sub(r"<[^>]+>|\{[^}]*\}", " ", first)
        assert not re.search(r"\b(valid|invalid|JSON schema|misses|Prompt|Expected|Generated)\b", text)
    assert "✅" not in samples_html(by_step(read_rows(tmp_path), SCHEMA)[0], w)


def test_a_run_without_samples_says_none_yet(tmp_path: Path) -> None:
    assert samples_state(tmp_path, None, True, words("train", "en")) == (
        [],
        None,
        words("train", "en")("samples_none"),
    )
