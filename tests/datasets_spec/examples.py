"""Small retrieval examples (FlagEmbedding rows, an ids-format folder, a corpus of five articles) and the file
helpers that the conversion, statistics, store and CLI tests write them with, to tmp_path."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from datasets_spec.canonical import Loaded
from datasets_spec.load import load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "datasets_spec" / "samples" / "legal_ko"


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read_csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def loaded_ok(path: Path, **options: object) -> Loaded:
    """`load` that insists on no errors, so a round trip never compares half a file."""
    loaded = load(path, **options)
    assert loaded.problems.ok, loaded.problems.lines()
    return loaded


def texts_of(loaded: Loaded) -> list[tuple[str, list[str], list[str]]]:
    """Retrieval examples as the texts a model reads: ids differ between formats, the texts must not."""
    text = {pid: p["text"] for pid, p in loaded.corpus.items()}
    return [
        (e["query_text"], [text[p] for p in e["positive_passages"]], [text[n] for n in e["hard_negatives"]])
        for e in loaded.examples
    ]


FLAG_ROWS = [
    {
        "query": "임대인이 보증금 반환을 거절한 경우",
        "pos": ["제618조 임대차는 목적물을 사용, 수익하게 하는 계약이다."],
        "neg": ["제750조 고의 또는 과실로 인한 위법행위로 손해를 가한 자는 배상할 책임이 있다."],
        "prompt": "Represent this legal question for retrieval: ",
    },
    {
        "query": "직원의 교통사고에 대한 회사 책임",
        "pos": ["제756조 타인을 사용하여 사무에 종사하게 한 자는 손해를 배상할 책임이 있다."],
        "neg": [
            "제390조 채무자가 채무의 내용에 좇은 이행을 하지 아니한 때에는 손해배상을 청구할 수 있다.",
            "제618조 임대차는 목적물을 사용, 수익하게 하는 계약이다.",
        ],
        "prompt": "Represent this legal question for retrieval: ",
    },
    {
        "query": "계약 위반으로 인한 손해배상",
        "pos": ["제390조 채무자가 채무의 내용에 좇은 이행을 하지 아니한 때에는 손해배상을 청구할 수 있다."],
        "neg": [],
    },
]

CORPUS = [
    {"id": "민법|618", "title": "임대차의 의의", "text": "임대차는 목적물을 사용, 수익하게 하는 계약이다."},
    {"id": "민법|750", "title": "불법행위의 내용", "text": "위법행위로 타인에게 손해를 가한 자는 배상한다."},
    {"id": "민법|756", "title": "사용자의 배상책임", "text": "피용자가 제삼자에게 가한 손해를 배상한다."},
    {"id": "민법|390", "title": "채무불이행", "text": "채무자가 이행을 하지 아니한 때에는 손해배상을 청구한다."},
    {"id": "민법|1", "title": "법원", "text": "민사에 관하여 법률에 규정이 없으면 관습법에 의한다."},
]
IDS_EXAMPLES = [
    {"query_id": "q1", "query_text": "보증금 반환", "positive_passages": ["민법|618"], "hard_negatives": ["민법|750"]},
    {
        "query_id": "q2",
        "query_text": "직원 교통사고 회사 책임",
        "positive_passages": ["민법|756", "민법|750"],
        "hard_negatives": ["민법|390", "민법|618"],
    },
    {"query_id": "q3", "query_text": "계약 위반 손해배상", "positive_passages": ["민법|390"], "hard_negatives": []},
    {"query_id": "q4", "query_text": "이행 지체", "positive_passages": ["민법|390"], "hard_negatives": ["민법|1"]},
]


def ids_folder(folder: Path, examples: list[dict] = IDS_EXAMPLES) -> Path:
    write_jsonl(folder / "corpus.jsonl", CORPUS)
    write_jsonl(folder / "examples.jsonl", examples)
    return folder


# 20 words: well over 16 tokens with any tokenizer, whichever words it knows
LONG_TEXT = (
    "고등학생이 부모의 동의 없이 고가의 노트북을 할부로 구입한 경우 "
    "부모가 그 매매계약을 취소하고 대금 지급을 거절할 수 있는지 여부와 그 범위"
)
