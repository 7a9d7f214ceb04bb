"""Classification tables: one `text` and one `label` per row; labels may be names or numbers."""

from __future__ import annotations

from datasets_spec.canonical import Loaded
from datasets_spec.fields import FieldReader, extras
from datasets_spec.read import Table

NAME = "classification"
KEYS = ("text", "label")


def read(table: Table, loaded: Loaded) -> None:
    reader = FieldReader(table, loaded.problems)
    for line, record in table:
        text = reader.text(line, record, "text")
        label = reader.text(line, record, "label")
        if text is not None and label is not None:
            loaded.add({"text": text, "label": label.strip(), **extras(record, {"text", "label"})}, line)


def write(loaded: Loaded) -> list[dict]:
    return [dict(e) for e in loaded.examples]


def label_counts(examples: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in examples:
        counts[e["label"]] = counts.get(e["label"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def keep_frequent(examples: list[dict], min_samples_per_class: int) -> tuple[list[dict], list[str]]:
    """Examples of classes with at least `min_samples_per_class` rows, and the classes dropped.

    A class seen twice cannot be both learnt and validated; dropping it keeps num_labels honest.
    """
    counts = label_counts(examples)
    rare = [label for label, n in counts.items() if n < min_samples_per_class]
    kept = [e for e in examples if counts[e["label"]] >= min_samples_per_class]
    return kept, rare
