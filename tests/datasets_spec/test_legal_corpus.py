"""A real statute corpus loads for legal cases: untitled articles are passages, deleted ones (a blank text) are
left out with a count, and a case citing a law the corpus lacks is a warning on its line."""

from __future__ import annotations

import json
from pathlib import Path

from datasets_spec.load import load


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_untitled_and_deleted_articles_in_a_legal_corpus(tmp_path: Path) -> None:
    passages = write_jsonl(
        tmp_path / "passages.jsonl",
        [
            {"id": "민법|5", "law": "민법", "article": "5", "title": "미성년자의 능력", "text": "제5조 미성년자가 …"},
            {"id": "민법|6", "law": "민법", "article": "6", "title": "", "text": "제6조 범위를 정하여 …"},
            {"id": "민법|7", "law": "민법", "article": "7", "title": "", "text": " "},
            {"id": "민법|8", "law": "민법", "article": "8", "text": "제8조 영업의 허락 …"},
        ],
    )
    cases = write_jsonl(
        tmp_path / "cases.jsonl",
        [
            {"id": "c1", "query": "미성년자가 혼자 맺은 계약을 취소할 수 있나요", "references": "민법 제5조"},
            {"id": "c2", "query": "허락받은 재산 처분 범위는", "references": "민법 제6조"},
            {"id": "c3", "query": "해고 예고 수당은", "references": "근로기준법 제26조"},
        ],
    )
    loaded = load(str(cases), format="legal", corpus=str(passages))
    assert loaded.problems.ok, loaded.problems.errors
    assert set(loaded.corpus) == {"민법|5", "민법|6", "민법|8"} and loaded.corpus["민법|8"]["title"] == ""
    assert sorted(e["positive_passages"][0] for e in loaded.examples) == ["민법|5", "민법|6"]
    warnings = [(w.file.name, w.line, w.field, w.message) for w in loaded.problems.warnings]
    assert ("passages.jsonl", 3, "text", "passages with empty text left out: 1") in warnings
    assert any(w[:3] == ("cases.jsonl", 3, "references") and "근로기준법" in w[3] for w in warnings), warnings
