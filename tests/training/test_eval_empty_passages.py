"""`python -m training eval --beir` scores a corpus with deleted (empty) articles instead of refusing it, and says
what it left out: the passages with their lines, the qrel lines and the queries that needed them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.datasets_spec.examples import write_jsonl
from training.__main__ import main


def beir_with_deleted_articles(folder: Path) -> Path:
    """Five passages, two of them empty (lines 2 and 4); q2's only relevant passage is one of them."""
    texts = ["불법행위 손해배상 책임", "", "임대차 계약의 뜻", "  ", "근로계약 해지"]
    write_jsonl(folder / "corpus.jsonl", [{"_id": f"p{i}", "title": "", "text": t} for i, t in enumerate(texts, 1)])
    write_jsonl(folder / "queries.jsonl", [{"_id": f"q{i}", "text": f"질문 {i}"} for i in (1, 2, 3)])
    (folder / "qrels").mkdir(parents=True)
    qrels = ["query-id\tcorpus-id\tscore", "q1\tp1\t1", "q1\tp2\t1", "q2\tp4\t1", "q3\tp3\t1", "q3\tp5\t1"]
    (folder / "qrels" / "test.tsv").write_text("\n".join(qrels) + "\n", encoding="utf-8")
    return folder


@pytest.mark.slow  # encodes with the tiny BERT
def test_eval_skips_empty_passages_and_says_so(
    tiny_model: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    args = ["eval", "--model", str(tiny_model), "--beir", str(beir_with_deleted_articles(tmp_path / "beir"))]
    assert main([*args, "--max-seq-length", "32"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        "warning: skipped 2 empty passages (corpus.jsonl lines 2, 4); dropped 2 qrel lines that pointed at them and "
        "1 query left with no relevant passage",
        f"2 queries, 3 passages, model {tiny_model}",
    ]

    assert main([*args, "--max-seq-length", "32", "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert scored["queries"] == 2 and scored["corpus"] == 3
    assert {k: scored[k] for k in ("skipped_empty", "qrels_dropped", "queries_dropped")} == {
        "skipped_empty": 2,
        "qrels_dropped": 2,
        "queries_dropped": 1,
    }
