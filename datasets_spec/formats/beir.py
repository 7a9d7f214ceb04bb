"""The BEIR layout: corpus.jsonl (_id, title, text), queries.jsonl (_id, text), qrels/<split>.tsv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from datasets_spec.errors import DataError
from datasets_spec.jsonl import read_jsonl, require_str, write_jsonl


@dataclass
class BeirSet:
    corpus: dict[str, dict[str, str]]  # id -> {"title", "text"}
    queries: dict[str, str]
    qrels: dict[str, set[str]]  # query id -> relevant passage ids


def export_beir(corpus: dict[str, dict], examples: list[dict], out_dir: str | Path, split: str = "test") -> Path:
    """Write ID-format examples and their corpus as a BEIR folder that standard evaluators read."""
    out = Path(out_dir)
    write_jsonl(
        out / "corpus.jsonl", ({"_id": pid, "title": p["title"], "text": p["text"]} for pid, p in corpus.items())
    )
    write_jsonl(out / "queries.jsonl", ({"_id": e["query_id"], "text": e["query_text"]} for e in examples))
    qrels = out / "qrels" / f"{split}.tsv"
    qrels.parent.mkdir(parents=True, exist_ok=True)
    with qrels.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["query-id", "corpus-id", "score"])
        for e in examples:
            writer.writerows([e["query_id"], pid, 1] for pid in e["positive_passages"])
    return out


def load_beir(folder: str | Path, split: str = "test") -> BeirSet:
    """Read a BEIR folder; qrels rows with score 0 are not relevant, as in BEIR."""
    folder = Path(folder)
    corpus_path, queries_path, qrels_path = (
        folder / "corpus.jsonl",
        folder / "queries.jsonl",
        folder / "qrels" / f"{split}.tsv",
    )
    for p in (corpus_path, queries_path, qrels_path):
        if not p.exists():
            raise DataError(
                p, None, None, "missing: a BEIR folder needs corpus.jsonl, queries.jsonl and qrels/<split>.tsv"
            )
    corpus = {}
    for line, obj in read_jsonl(corpus_path):
        corpus[require_str(corpus_path, line, obj, "_id")] = {
            "title": str(obj.get("title") or ""),
            "text": require_str(corpus_path, line, obj, "text"),
        }
    queries = {
        require_str(queries_path, line, obj, "_id"): require_str(queries_path, line, obj, "text")
        for line, obj in read_jsonl(queries_path)
    }
    qrels: dict[str, set[str]] = {}
    with qrels_path.open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if not row or (number == 1 and row[0] == "query-id"):
                continue
            if len(row) < 3:
                raise DataError(qrels_path, number, None, "expected query-id, corpus-id, score separated by tabs")
            try:
                score = int(float(row[2]))
            except ValueError:
                raise DataError(qrels_path, number, "score", f"not a number: {row[2]!r}") from None
            if score > 0:
                qrels.setdefault(row[0], set()).add(row[1])
    return BeirSet(corpus, queries, qrels)
