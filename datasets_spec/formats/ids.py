"""The ID format: {"query_text", "positive_passages": [ids], "hard_negatives": [ids]} pointing into a corpus file."""

from __future__ import annotations

from datasets_spec.canonical import Loaded
from datasets_spec.fields import FieldReader, extras
from datasets_spec.read import Table

NAME = "ids"
KEYS = ("query_text", "positive_passages")
KNOWN = {"query_id", "query_text", "positive_passages", "hard_negatives"}


def read(table: Table, loaded: Loaded) -> None:
    """Examples whose ids must all be in `loaded.corpus` (read before): a dangling id is an error on its line."""
    reader = FieldReader(table, loaded.problems)
    corpus_name = loaded.corpus_source.name if loaded.corpus_source else "the corpus"
    seen_ids: dict[str, int | None] = {}
    for line, record in table:
        query = reader.text(line, record, "query_text")
        query_id = reader.text(line, record, "query_id", required=False) or f"q{len(loaded.examples) + 1}"
        positives = reader.text_list(line, record, "positive_passages")
        negatives = reader.text_list(line, record, "hard_negatives", required=False) or []
        if query is None or positives is None:
            continue
        dangling = False
        for name, ids in (("positive_passages", positives), ("hard_negatives", negatives)):
            for pid in ids:
                if pid in loaded.broken:
                    dangling = True  # its corpus row is already reported
                elif pid not in loaded.corpus:
                    kind = "positive" if name == "positive_passages" else "negative"
                    reader.error(line, name, f"{kind} id {pid!r} is not in {corpus_name}")
                    dangling = True
        if query_id in seen_ids:
            reader.error(
                line, "query_id", f"duplicate query_id {query_id!r} (first on {table.unit} {seen_ids[query_id]})"
            )
            continue
        seen_ids[query_id] = line
        if dangling:
            continue
        example = {
            "query_id": query_id,
            "query_text": query,
            "positive_passages": positives,
            "hard_negatives": negatives,
            **extras(record, KNOWN),
        }
        loaded.add(example, line)


def write(loaded: Loaded) -> tuple[list[dict], list[dict]]:
    """(corpus rows, example rows): the corpus as {"id", "title", "text", ...}, the examples as they are."""
    corpus = [{"id": pid, **passage} for pid, passage in loaded.corpus.items()]
    return corpus, [dict(e) for e in loaded.examples]
