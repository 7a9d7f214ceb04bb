"""A table of malformed files, one defect each, across formats and encodings: each gets one located error and
no traceback, and its good twin loads. The table is data, PEFT's TEST_CASES style, so adding a case is one entry."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from datasets_spec.load import load

Files = dict[str, bytes]


def jl(*rows: object) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def table(rows: list[list[str]], *, sep: str = ",", encoding: str = "utf-8", crlf: bool = False) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def parquet(rows: list[dict]) -> bytes:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buffer)
    return buffer.getvalue()


FLAG = [
    {
        "query": "임대차 보증금을 돌려받지 못한 경우",
        "pos": ["제618조(임대차의 의의)"],
        "neg": ["제750조(불법행위의 내용)"],
    },
    {
        "query": "직원의 교통사고에 대한 회사 책임",
        "pos": ["제756조(사용자의 배상책임)"],
        "neg": ["제390조(채무불이행)"],
    },
    {"query": "계약 위반으로 인한 손해배상", "pos": ["제390조(채무불이행과 손해배상)"], "neg": []},
]
CORPUS = [
    {
        "id": "민법|618",
        "title": "임대차의 의의",
        "text": "제618조 임대차는 당사자 일방이 상대방에게 목적물을 사용, 수익하게 할 것을 약정한다.",
    },
    {
        "id": "민법|750",
        "title": "불법행위의 내용",
        "text": "제750조 고의 또는 과실로 인한 위법행위로 타인에게 손해를 가한 자는 배상할 책임이 있다.",
    },
    {
        "id": "민법|390",
        "title": "채무불이행과 손해배상",
        "text": "제390조 채무자가 채무의 내용에 좇은 이행을 하지 아니한 때에는 손해배상을 청구할 수 있다.",
    },
]
IDS = [
    {"query_id": "q1", "query_text": "보증금 반환", "positive_passages": ["민법|618"], "hard_negatives": ["민법|750"]},
    {"query_id": "q2", "query_text": "계약 위반 손해배상", "positive_passages": ["민법|390"], "hard_negatives": []},
]
PASSAGES = [{**p, "law": "민법", "article": p["id"].split("|")[1]} for p in CORPUS]
CASES = [
    {"id": "2020다1", "query": "임대인이 보증금 반환을 거절한 경우", "references": "민법 제618조"},
    {"id": "2020다2", "query": "채무자가 이행을 지체한 경우 손해배상", "references": "민법 제390조"},
]
CHAT = [
    {
        "messages": [
            {"role": "user", "content": "서울 개발자 챌린지"},
            {"role": "assistant", "content": '{"challenge": "코드 리뷰"}'},
        ]
    },
    {
        "messages": [
            {"role": "system", "content": "JSON으로 답하라"},
            {"role": "user", "content": "부산 교사"},
            {"role": "assistant", "content": '{"challenge": "독서"}'},
        ]
    },
]
PROMPT = [
    {"prompt": "서울 개발자", "completion": '{"challenge": "코드 리뷰"}'},
    {"prompt": "부산 교사", "completion": '{"c": 1}'},
]
ALPACA = [
    {"instruction": "챌린지 추천", "input": "서울 개발자", "output": '{"challenge": "코드 리뷰"}'},
    {
        "instruction": "챌린지 추천",
        "input": "부산 교사",
        "output": '{"challenge": "독서"}',
        "history": [["안녕", "네"]],
    },
]
CLS = [{"text": f"문장 {i}", "label": ["계약", "불법행위", "가족"][i % 3]} for i in range(6)]
CLS_ROWS = [["text", "label"]] + [[r["text"], r["label"]] for r in CLS]
ST_ROWS = [
    ["anchor", "positive", "negative"],
    ["보증금 반환", "임대차 조문", "불법행위 조문"],
    ["손해배상", "채무불이행 조문", "임대차 조문"],
    ["사용자 책임", "사용자 배상책임", "채무불이행 조문"],
]
BEIR = {
    "corpus.jsonl": jl(*({"_id": p["id"], "title": p["title"], "text": p["text"]} for p in CORPUS)),
    "queries.jsonl": jl({"_id": "q1", "text": "보증금 반환"}, {"_id": "q2", "text": "손해배상"}),
    "qrels/test.tsv": "query-id\tcorpus-id\tscore\nq1\t민법|618\t1\nq2\t민법|390\t1\n".encode(),
}


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
        {"cases.jsonl": jl(*CASES), "passages.jsonl": jl(*PASSAGES)},
        {"cases.jsonl": jl(*with_row(CASES, 1, references=None))},
        "cases.jsonl",
        ("cases.jsonl", 2, "references", r"missing"),
    ),
    case(
        "legal-passage-without-law",
        {"cases.jsonl": jl(*CASES), "passages.jsonl": jl(*PASSAGES)},
        {"passages.jsonl": jl(*with_row(PASSAGES, 2, law=None))},
        "cases.jsonl",
        ("passages.jsonl", 3, "law", r"missing"),
    ),
    case(
        "legal-duplicate-case",
        {"cases.jsonl": jl(*CASES), "passages.jsonl": jl(*PASSAGES)},
        {"cases.jsonl": jl(*CASES, CASES[0])},
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


def write_files(folder: Path, files: Files) -> None:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)


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
