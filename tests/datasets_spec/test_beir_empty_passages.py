"""A BEIR folder read for evaluation leaves out passages without text (a real corpus keeps its deleted articles)
and counts them, with the qrel lines and queries that pointed only at them; every other fault still stops it with
its file, line and field, and an import still refuses the empty passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasets_spec.errors import DataError
from datasets_spec.formats.beir import load_beir
from datasets_spec.load import load
from tests.datasets_spec.examples import write_jsonl

CORPUS = [
    {
        "_id": "p1",
        "title": "민법 제750조",
        "text": "고의 또는 과실로 인한 위법행위로 타인에게 손해를 가한 자는 배상할 책임이 있다.",
    },
    {"_id": "p2", "title": "", "text": ""},  # line 2: a deleted article
    {
        "_id": "p3",
        "title": "민법 제751조",
        "text": "타인의 신체, 자유 또는 명예를 해하거나 정신상고통을 가한 자는 배상할 책임이 있다.",
    },
    {"_id": "p4", "title": "민법 제752조 (삭제)", "text": "   "},  # line 4: a title kept, its text gone
    {"_id": "p5", "title": "", "text": ""},  # line 5: deleted, and no qrel points at it
    {
        "_id": "p6",
        "title": "민법 제618조",
        "text": "임대차는 당사자 일방이 상대방에게 목적물을 사용, 수익하게 하는 계약이다.",
    },
]
QUERIES = [
    {"_id": "q1", "text": "불법행위 손해배상"},  # p1 and the deleted p2
    {"_id": "q2", "text": "삭제된 조문만 답인 질문"},  # only p4: left with no relevant passage
    {"_id": "q3", "text": "임대차의 뜻"},  # p6
    {"_id": "q4", "text": "다른 분할의 질문"},  # no qrel in this split at all
]
QRELS = ["query-id\tcorpus-id\tscore", "q1\tp1\t1", "q1\tp2\t1", "q2\tp4\t1", "q3\tp6\t1", "q3\tp3\t0"]


def beir_folder(folder: Path, corpus: list[dict] = CORPUS, qrels: list[str] = QRELS) -> Path:
    write_jsonl(folder / "corpus.jsonl", corpus)
    write_jsonl(folder / "queries.jsonl", QUERIES)
    (folder / "qrels").mkdir(parents=True, exist_ok=True)
    (folder / "qrels" / "test.tsv").write_text("\n".join(qrels) + "\n", encoding="utf-8")
    return folder


def test_empty_passages_are_left_out_and_counted(tmp_path: Path) -> None:
    beir = load_beir(beir_folder(tmp_path / "beir"))
    assert sorted(beir.corpus) == ["p1", "p3", "p6"]
    assert beir.skipped_empty == 3 and beir.skipped.passages == {"p2": 2, "p4": 4, "p5": 5}
    assert beir.skipped.qrels == 2 and beir.skipped.queries == ["q2"]
    assert beir.queries == {"q1": "불법행위 손해배상", "q3": "임대차의 뜻"}
    assert beir.qrels == {"q1": {"p1"}, "q3": {"p6"}}


def test_a_corpus_without_empty_passages_skips_nothing(tmp_path: Path) -> None:
    corpus = [p for p in CORPUS if p["text"].strip()]
    beir = load_beir(beir_folder(tmp_path / "beir", corpus, [q for q in QRELS if "p2" not in q and "p4" not in q]))
    assert beir.skipped_empty == 0 and beir.skipped.qrels == 0 and beir.skipped.queries == []
    assert sorted(beir.corpus) == ["p1", "p3", "p6"] and beir.qrels == {"q1": {"p1"}, "q3": {"p6"}}


@pytest.mark.parametrize(
    ("corpus_line", "qrel", "where"),
    [
        ({"title": "", "text": ""}, None, "corpus.jsonl, line 7, field 'id': missing"),  # an empty text needs its id
        ({"_id": "p7", "title": "제1조"}, None, "corpus.jsonl, line 7, field 'text': missing"),
        ({"_id": "p7", "text": ["목록"]}, None, "corpus.jsonl, line 7, field 'text': expected a string"),
        ({"_id": "p1", "text": "같은 id"}, None, "corpus.jsonl, line 7, field '_id': duplicate passage id 'p1'"),
        (None, "q1\tp9\t1", "test.tsv, line 7, field 'corpus-id': 'p9' is not in corpus.jsonl"),
        (None, "q9\tp2\t1", "test.tsv, line 7, field 'query-id': 'q9' is not in queries.jsonl"),
    ],
)
def test_other_faults_still_stop_evaluation_where_they_are(
    tmp_path: Path, corpus_line: dict | None, qrel: str | None, where: str
) -> None:
    corpus = CORPUS + ([corpus_line] if corpus_line else [])
    folder = beir_folder(tmp_path / "beir", corpus, QRELS + ([qrel] if qrel else []))
    with pytest.raises(DataError) as raised:
        load_beir(folder)
    assert where in str(raised.value)


def test_malformed_json_still_stops_evaluation_on_its_line(tmp_path: Path) -> None:
    folder = beir_folder(tmp_path / "beir")
    with (folder / "corpus.jsonl").open("a", encoding="utf-8") as corpus:
        corpus.write('{"_id": "p7", "text": \n')
    with pytest.raises(DataError, match=r"corpus\.jsonl, line 7"):
        load_beir(folder)


def test_an_import_still_refuses_the_empty_passage(tmp_path: Path) -> None:
    """A stored dataset must not point at a passage that is not there: only evaluation skips."""
    loaded = load(beir_folder(tmp_path / "beir"))
    assert not loaded.problems.ok
    assert f"{tmp_path / 'beir' / 'corpus.jsonl'}:2: text: empty (expected text)" in loaded.problems.lines()
