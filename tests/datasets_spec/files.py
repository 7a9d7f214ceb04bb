"""Good files of each format, as bytes, and the writers that make them (JSONL, CSV/TSV, Parquet): the rows that the
malformed-file table breaks one defect at a time, and that the folder-layout and upload tests lay out on disk."""

from __future__ import annotations

import json
from pathlib import Path

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
LEGAL_CASES = [
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


def write_files(folder: Path, files: Files) -> None:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
