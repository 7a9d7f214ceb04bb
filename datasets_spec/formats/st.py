"""sentence-transformers column datasets: (anchor, positive) pairs or (anchor, positive, negative_1, …) tuples."""

from __future__ import annotations

import re

from datasets_spec.canonical import Loaded, document
from datasets_spec.fields import FieldReader, extras
from datasets_spec.formats.corpus import intern_texts
from datasets_spec.read import Table

NAME = "st"
KEYS = ("anchor", "positive")
NEGATIVE = re.compile(r"^negative(_\d+)?$")


def negative_columns(record: dict) -> list[str]:
    """`negative`, then `negative_1`, `negative_2`, … in numeric order (ST's multiple-negatives layout)."""
    names = [k for k in record if NEGATIVE.match(k)]
    return sorted(names, key=lambda k: int(k.split("_")[1]) if "_" in k else 0)


def read(table: Table, loaded: Loaded) -> None:
    reader = FieldReader(table, loaded.problems)
    corpus, id_of = intern_texts()
    loaded.corpus = corpus
    for line, record in table:
        anchor = reader.text(line, record, "anchor")
        positive = reader.text(line, record, "positive")
        negatives = [reader.text(line, record, name) for name in negative_columns(record)]
        if anchor is None or positive is None or None in negatives:
            continue
        known = {"anchor", "positive", *negative_columns(record)}
        loaded.add(
            {
                "query_id": f"q{len(loaded.examples) + 1}",
                "query_text": anchor,
                "positive_passages": [id_of(positive)],
                "hard_negatives": [id_of(n) for n in negatives],
                **extras(record, known),
            },
            line,
        )


def write(loaded: Loaded) -> tuple[list[dict], int]:
    """Rows of one width (ST needs every row to have the same columns), and how many negatives that cut off.

    One row per positive; each row keeps as many negatives as the example with the fewest has.
    """
    counts = [len(e["hard_negatives"]) for e in loaded.examples if e["positive_passages"]]
    width = min(counts, default=0)
    rows, dropped = [], 0
    for e in loaded.examples:
        negatives = [document(loaded.corpus[n]) for n in e["hard_negatives"]]
        dropped += len(negatives) - width if e["positive_passages"] else 0
        for pid in e["positive_passages"]:
            row = {"anchor": e["query_text"], "positive": document(loaded.corpus[pid])}
            if width == 1:
                row["negative"] = negatives[0]
            else:
                row.update({f"negative_{i + 1}": negatives[i] for i in range(width)})
            rows.append(row)
    return rows, dropped
