"""A table of malformed files, one defect each, across formats and encodings: each gets one located error and
no traceback, and its good twin loads. The table is data, PEFT's TEST_CASES style, so adding a case is one entry."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from datasets_spec.load import load
from tests.datasets_spec.files import (
    ALPACA,
    BEIR,
    CHAT,
    CLS,
    CLS_ROWS,
    CORPUS,
    FLAG,
    IDS,
    LEGAL_CASES,
    PASSAGES,
    PROMPT,
    ST_ROWS,
    Files,
    jl,
    parquet,
    table,
    write_files,
)


def with_row(rows: list[dict], index: int, **changes: object) -> list[dict]:
    """`rows` with one row changed; a change to None removes the field."""
    out = [dict(r) for r in rows]
    for key, value in changes.items():
        if value is None:
            out[index].pop(key, None)
        else:
            out[index][key] = value
    return out


@dataclass
class Case:
    id: str
    good: Files
    bad: Files  # files replaced in the bad twin
    target: str  # the path given to load(), relative to the case folder
    expect: tuple[str, int | None, str | None, str]  # file name, line, field, message pattern
    options: dict = field(default_factory=dict)  # format=, corpus=


def case(id, good, bad, target, expect, **options) -> pytest.param:
    return pytest.param(Case(id, good, bad, target, expect, options), id=id)


CASES = [
    # FlagEmbedding JSONL
    case(
        "flag-invalid-json",
        {"d.jsonl": jl(*FLAG)},
        {"d.jsonl": jl(*FLAG[:2]) + b'{"query": "x", "pos": [\n'},
        "d.jsonl",
        ("d.jsonl", 3, None, r"invalid JSON"),
    ),
    case(
        "flag-pos-string",
        {"d.jsonl": jl(*FLAG)},
        {"d.jsonl": jl(*with_row(FLAG, 1, pos="제756조"))},
        "d.jsonl",
        ("d.jsonl", 2, "pos", r"is a string, not a list"),
    ),
    case(
        "flag-empty-query",
        {"d.jsonl": jl(*FLAG)},
        {"d.jsonl": jl(*with_row(FLAG, 0, query="  "))},
        "d.jsonl",
        ("d.jsonl", 1, "query", r"empty"),
    ),
    case(
        "flag-null-negative",
        {"d.jsonl": jl(*FLAG)},
        {"d.jsonl": jl(*with_row(FLAG, 2, neg=[None]))},
        "d.jsonl",
        ("d.jsonl", 3, "neg", r"item 1 is null"),
    ),
    case(
        "flag-line-not-object",
        {"d.jsonl": jl(*FLAG)},
        {"d.jsonl": jl(FLAG[0], ["query", "pos"], FLAG[2])},
        "d.jsonl",
        ("d.jsonl", 2, None, r"expected a JSON object"),
    ),
    case(
        "flag-missing-pos",
        {"d.jsonl": jl(*FLAG)},
        {"d.jsonl": jl(*with_row(FLAG, 2, pos=None))},
        "d.jsonl",
        ("d.jsonl", 3, "pos", r"missing"),
    ),
    # the ID format + corpus
    case(
        "ids-unknown-positive",
        {"train.jsonl": jl(*IDS), "corpus.jsonl": jl(*CORPUS)},
        {"train.jsonl": jl(*with_row(IDS, 1, positive_passages=["민법|9999"]))},
        "train.jsonl",
        ("train.jsonl", 2, "positive_passages", r"'민법\|9999' is not in corpus.jsonl"),
    ),
    case(
        "ids-unknown-negative",
        {"train.jsonl": jl(*IDS), "corpus.jsonl": jl(*CORPUS)},
        {"train.jsonl": jl(*with_row(IDS, 0, hard_negatives=["형법|1"]))},
        "train.jsonl",
        ("train.jsonl", 1, "hard_negatives", r"negative id '형법\|1'"),
    ),
    case(
        "ids-duplicate-passage-id",
        {"train.jsonl": jl(*IDS), "corpus.jsonl": jl(*CORPUS)},
        {"corpus.jsonl": jl(*CORPUS, {**CORPUS[0], "text": "다른 본문"})},
        "train.jsonl",
        ("corpus.jsonl", 4, "id", r"duplicate passage id '민법\|618' \(first on line 1\)"),
    ),
    case(
        "ids-duplicate-query-id",
        {"train.jsonl": jl(*IDS), "corpus.jsonl": jl(*CORPUS)},
        {"train.jsonl": jl(*with_row(IDS, 1, query_id="q1"))},
        "train.jsonl",
        ("train.jsonl", 2, "query_id", r"duplicate query_id 'q1'"),
    ),
    case(
        "ids-corpus-empty-text",
        {"train.jsonl": jl(*IDS), "corpus.jsonl": jl(*CORPUS)},
        {"corpus.jsonl": jl(*with_row(CORPUS, 1, text=""))},
        "train.jsonl",
        ("corpus.jsonl", 2, "text", r"empty"),
    ),
    # Korean legal: cases + passages
    case(
        "legal-missing-references",
        {"cases.jsonl": jl(*LEGAL_CASES), "passages.jsonl": jl(*PASSAGES)},
        {"cases.jsonl": jl(*with_row(LEGAL_CASES, 1, references=None))},
        "cases.jsonl",
        ("cases.jsonl", 2, "references", r"missing"),
    ),
    case(
        "legal-passage-without-law",
        {"cases.jsonl": jl(*LEGAL_CASES), "passages.jsonl": jl(*PASSAGES)},
        {"passages.jsonl": jl(*with_row(PASSAGES, 2, law=None))},
        "cases.jsonl",
        ("passages.jsonl", 3, "law", r"missing"),
    ),
    case(
        "legal-duplicate-case",
        {"cases.jsonl": jl(*LEGAL_CASES), "passages.jsonl": jl(*PASSAGES)},
        {"cases.jsonl": jl(*LEGAL_CASES, LEGAL_CASES[0])},
        "cases.jsonl",
        ("cases.jsonl", 3, "id", r"duplicate case id '2020다1'"),
    ),
    # sentence-transformers columns in CSV, and CSV/TSV encodings
    case(
        "st-csv-empty-positive",
        {"d.csv": table(ST_ROWS)},
        {"d.csv": table([*ST_ROWS[:2], [ST_ROWS[2][0], "", ST_ROWS[2][2]], ST_ROWS[3]])},
        "d.csv",
        ("d.csv", 3, "positive", r"empty"),
    ),
    case(
        "st-csv-extra-field",
        {"d.csv": table(ST_ROWS)},
        {"d.csv": table([*ST_ROWS[:3], [*ST_ROWS[3], "덤"]])},
        "d.csv",
        ("d.csv", 4, None, r"malformed CSV.*Expected 3 fields in line 4"),
    ),
    case(
        "cls-cp949-empty-label",
        {"d.csv": table(CLS_ROWS, encoding="cp949")},
        {"d.csv": table([*CLS_ROWS[:4], [CLS_ROWS[4][0], ""], *CLS_ROWS[5:]], encoding="cp949")},
        "d.csv",
        ("d.csv", 5, "label", r"empty"),
    ),
    case(
        "cls-euckr-tsv-empty-text",
        {"d.tsv": table(CLS_ROWS, sep="\t", encoding="euc-kr")},
        {"d.tsv": table([*CLS_ROWS[:2], ["", "계약"], *CLS_ROWS[3:]], sep="\t", encoding="euc-kr")},
        "d.tsv",
        ("d.tsv", 3, "text", r"empty"),
    ),
    case(
        "prompt-bom-crlf-empty-completion",
        {"d.csv": table([["prompt", "completion"], ["서울", "{}"], ["부산", "{}"]], encoding="utf-8-sig", crlf=True)},
        {"d.csv": table([["prompt", "completion"], ["서울", "{}"], ["부산", ""]], encoding="utf-8-sig", crlf=True)},
        "d.csv",
        ("d.csv", 3, "completion", r"empty"),
    ),
    case(
        "csv-undecodable-bytes",
        {"d.csv": table(CLS_ROWS)},
        {"d.csv": table(CLS_ROWS[:3]) + b"\xff\xfe,x\n"},
        "d.csv",
        ("d.csv", 4, None, r"not UTF-8, CP949 or EUC-KR"),
    ),
    case(
        "cls-csv-unnamed-column",
        {"d.csv": table(CLS_ROWS)},
        {"d.csv": table([["text", "label", ""]] + [[*r, "x"] for r in CLS_ROWS[1:]])},
        "d.csv",
        ("d.csv", 1, "Unnamed: 2", r"no name"),
    ),
    # chat, prompt/completion, alpaca
    case(
        "chat-unknown-role",
        {"d.jsonl": jl(*CHAT)},
        {
            "d.jsonl": jl(
                CHAT[0],
                {"messages": [CHAT[1]["messages"][0], {"role": "bot", "content": "x"}, CHAT[1]["messages"][2]]},
            )
        },
        "d.jsonl",
        ("d.jsonl", 2, "messages", r"turn 2 has role 'bot'"),
    ),
    case(
        "chat-ends-with-user",
        {"d.jsonl": jl(*CHAT)},
        {"d.jsonl": jl({"messages": CHAT[0]["messages"][:1]}, CHAT[1])},
        "d.jsonl",
        ("d.jsonl", 1, "messages", r"last turn must be the assistant"),
    ),
    case(
        "chat-messages-string",
        {"d.jsonl": jl(*CHAT)},
        {"d.jsonl": jl(CHAT[0], {"messages": "안녕"})},
        "d.jsonl",
        ("d.jsonl", 2, "messages", r"expected a list of objects"),
    ),
    case(
        "chat-turn-without-content",
        {"d.jsonl": jl(*CHAT)},
        {"d.jsonl": jl({"messages": [{"role": "user"}, CHAT[0]["messages"][1]]}, CHAT[1])},
        "d.jsonl",
        ("d.jsonl", 1, "messages", r"turn 1 \(user\) has no text"),
    ),
    case(
        "prompt-missing-completion",
        {"d.jsonl": jl(*PROMPT)},
        {"d.jsonl": jl(PROMPT[0], {"prompt": "부산 교사"})},
        "d.jsonl",
        ("d.jsonl", 2, "completion", r"missing"),
    ),
    case(
        "alpaca-empty-output",
        {"d.jsonl": jl(*ALPACA)},
        {"d.jsonl": jl(*with_row(ALPACA, 0, output=""))},
        "d.jsonl",
        ("d.jsonl", 1, "output", r"empty"),
    ),
    case(
        "alpaca-bad-history",
        {"d.jsonl": jl(*ALPACA)},
        {"d.jsonl": jl(*with_row(ALPACA, 1, history=["안녕"]))},
        "d.jsonl",
        ("d.jsonl", 2, "history", r"\[question, answer\] pairs"),
    ),
    # classification
    case(
        "cls-missing-label",
        {"d.jsonl": jl(*CLS)},
        {"d.jsonl": jl(*with_row(CLS, 4, label=None))},
        "d.jsonl",
        ("d.jsonl", 5, "label", r"missing"),
    ),
    case(
        "cls-label-list",
        {"d.jsonl": jl(*CLS)},
        {"d.jsonl": jl(*with_row(CLS, 2, label=["계약"]))},
        "d.jsonl",
        ("d.jsonl", 3, "label", r"expected a string, got a list"),
    ),
    case(
        "cls-parquet-null-label",
        {"d.parquet": parquet(CLS)},
        {"d.parquet": parquet(with_row(CLS, 1, label=""))},
        "d.parquet",
        ("d.parquet", 2, "label", r"empty"),
    ),
    case(
        "flag-parquet-null-negative",
        {"d.parquet": parquet(FLAG)},
        {"d.parquet": parquet(with_row(FLAG, 1, neg=[None]))},
        "d.parquet",
        ("d.parquet", 2, "neg", r"item 1 is null"),
    ),
    # JSON arrays: errors at the line the object starts on
    case(
        "json-array-invalid",
        {"d.json": json.dumps(CLS, ensure_ascii=False, indent=1).encode()},
        {"d.json": json.dumps(CLS, ensure_ascii=False, indent=1).encode().replace(b'"label"', b"label", 1)},
        "d.json",
        ("d.json", 4, None, r"invalid JSON"),
    ),
    case(
        "json-array-item-not-object",
        {"d.json": json.dumps(CLS, ensure_ascii=False, indent=1).encode()},
        {"d.json": json.dumps([CLS[0], "문장", *CLS[2:]], ensure_ascii=False, indent=1).encode()},
        "d.json",
        ("d.json", 6, None, r"item 2: expected a JSON object"),
    ),
    # BEIR folders
    case(
        "beir-unknown-corpus-id",
        BEIR,
        {"qrels/test.tsv": BEIR["qrels/test.tsv"].replace(b"|390", b"|999")},
        ".",
        ("test.tsv", 3, "corpus-id", r"'민법\|999' is not in corpus.jsonl"),
    ),
    case(
        "beir-empty-query",
        BEIR,
        {"queries.jsonl": jl({"_id": "q1", "text": "보증금 반환"}, {"_id": "q2", "text": ""})},
        ".",
        ("queries.jsonl", 2, "text", r"empty"),
    ),
    case(
        "beir-score-not-number",
        BEIR,
        {"qrels/test.tsv": BEIR["qrels/test.tsv"].replace(b"618\t1", b"618\tyes")},
        ".",
        ("test.tsv", 2, "score", r"not a number"),
    ),
    # format override and unknown fields
    case(
        "unknown-fields",
        {"d.jsonl": jl(*CLS)},
        {"d.jsonl": jl({"sentence": "x", "y": 1}, *CLS[1:])},
        "d.jsonl",
        ("d.jsonl", 1, None, r"has none of the classification fields \(text, label\); found sentence, y"),
    ),
    case(
        "no-known-format",
        {"d.jsonl": jl(*CLS)},
        {"d.jsonl": jl({"sentence": "x", "y": 1}, {"sentence": "z"})},
        "d.jsonl",
        ("d.jsonl", 1, None, r"cannot tell the format from the fields sentence, y"),
    ),
    case(
        "forced-format-mismatch",
        {"d.jsonl": jl(*FLAG)},
        {"d.jsonl": jl(*FLAG[:2], {"query": "x", "positive": "y"})},
        "d.jsonl",
        ("d.jsonl", 3, "pos", r"missing"),
        format="flag",
    ),
]


@pytest.mark.parametrize("spec", CASES)
def test_each_defect_is_one_located_error_and_the_good_twin_loads(spec: Case, tmp_path: Path) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    write_files(good, spec.good)
    write_files(bad, {**spec.good, **spec.bad})

    twin = load(good / spec.target, **spec.options)
    assert twin.problems.ok, twin.problems.lines()
    assert twin.examples

    loaded = load(bad / spec.target, **spec.options)
    assert loaded.problems.error_count == 1, loaded.problems.lines()
    error = loaded.problems.errors[0]
    name, line, field_name, pattern = spec.expect
    assert Path(error.file).name == name and error.line == line and error.field == field_name, error.located()
    assert re.search(pattern, error.message), error.message
    assert error.located().startswith(f"{error.file}:{line}: " if line else f"{error.file}: ")


def test_the_table_covers_at_least_thirty_defects_across_formats() -> None:
    assert len(CASES) >= 30
    suffixes = {Path(name).suffix for p in CASES for name in p.values[0].bad}
    assert {".jsonl", ".csv", ".tsv", ".json"} <= suffixes


def test_a_datasets_folder_is_read_with_rows_located(tmp_path: Path) -> None:
    import datasets

    datasets.Dataset.from_list(CLS).save_to_disk(str(tmp_path / "good"))
    assert load(tmp_path / "good").problems.ok
    datasets.Dataset.from_list(with_row(CLS, 2, text="")).save_to_disk(str(tmp_path / "bad"))
    error, *others = load(tmp_path / "bad").problems.errors
    assert not others and error.line == 3 and error.unit == "row" and error.field == "text"
    assert str(error).endswith("bad, row 3, field 'text': empty (expected text)")
