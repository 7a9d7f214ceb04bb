"""FlagEmbedding's JSONL: {"query", "pos": [texts], "neg": [texts], "prompt"?} with the passages written inline."""

from __future__ import annotations

from datasets_spec.canonical import Loaded, document
from datasets_spec.fields import FieldReader, extras
from datasets_spec.formats.corpus import intern_texts
from datasets_spec.read import Table

NAME = "flag"
KEYS = ("query", "pos")
KNOWN = {"query", "pos", "neg"}


def read(table: Table, loaded: Loaded) -> None:
    reader = FieldReader(table, loaded.problems)
    corpus, id_of = intern_texts()
    loaded.corpus = corpus
    for line, record in table:
        query = reader.text(line, record, "query")
        positives = reader.text_list(line, record, "pos", numbers=False)
        negatives = reader.text_list(line, record, "neg", required=False, numbers=False)
        if query is None or positives is None or ("neg" in record and record["neg"] != "" and negatives is None):
            continue
        example = {
            "query_id": f"q{len(loaded.examples) + 1}",
            "query_text": query,
            "positive_passages": [id_of(t) for t in positives],
            "hard_negatives": [id_of(t) for t in negatives or []],
            **extras(record, KNOWN),
        }
        loaded.add(example, line)


def write(loaded: Loaded) -> list[dict]:
    """One line per example, passages as text; extra fields such as "prompt" are kept."""

    def text(pid: str) -> str:
        return document(loaded.corpus[pid])

    return [
        {
            "query": e["query_text"],
            "pos": [text(p) for p in e["positive_passages"]],
            "neg": [text(p) for p in e["hard_negatives"]],
            **{k: v for k, v in e.items() if k not in _CANONICAL},
        }
        for e in loaded.examples
    ]


_CANONICAL = {"query_id", "query_text", "positive_passages", "hard_negatives"}
