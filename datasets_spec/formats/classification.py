"""Classification tables: one `text` and one `label` per row; labels may be names or numbers."""

from __future__ import annotations

import math
import re
from typing import Any

from datasets_spec.canonical import Loaded
from datasets_spec.fields import FieldReader, extras
from datasets_spec.read import Table

NAME = "classification"
KEYS = ("text", "label")
DECIMAL = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][+-]?\d+)?")


def read(table: Table, loaded: Loaded) -> None:
    """Labels that are fractional numbers are refused once for the file: they are scores (a similarity, a rating),
    and as classes each distinct value would become its own class of one or two rows."""
    reader = FieldReader(table, loaded.problems)
    scores: list[tuple[int | None, Any]] = []
    for line, record in table:
        text = reader.text(line, record, "text")
        label = reader.text(line, record, "label")
        raw = record.get("label")
        if fractional(raw):
            scores.append((line, raw))
            continue
        if isinstance(raw, float) and raw.is_integer():  # 1.0 from a float column is class 1, as JSON's 1 is
            label = str(int(raw))
        if text is not None and label is not None:
            loaded.add({"text": text, "label": label.strip(), **extras(record, {"text", "label"})}, line)
    if scores:
        line, example = scores[0]
        distinct = len({str(value).strip() for _, value in scores})
        classes = f" ({distinct} distinct, which would become {distinct} classes)" if distinct > 1 else ""
        reader.error(
            line,
            "label",
            f"{str(example).strip()} looks like a score, not a class: {_rows(len(scores))} a fractional label"
            f"{classes}; give each row a class name or a whole number",
        )
    elif message := one_class(loaded.examples):
        reader.warn(None, "label", message)


def _rows(count: int) -> str:
    return "1 row has" if count == 1 else f"{count} rows have"


def fractional(value: Any) -> bool:
    """A number with a fractional part, or the text of one (a CSV cell): 0.73 is a score, 1.0 is still class 1."""
    if isinstance(value, float):
        return math.isfinite(value) and not value.is_integer()
    if isinstance(value, str) and DECIMAL.fullmatch(value.strip()):
        number = float(value)
        return math.isfinite(number) and not number.is_integer()
    return False


def one_class(examples: list[dict], dropped: list[str] | None = None, min_samples_per_class: int = 0) -> str | None:
    """What is wrong when every example has the same label, or None; `dropped` are the classes left out as rare."""
    labels = {e["label"] for e in examples}
    if len(labels) != 1:
        return None
    message = (
        f"all {len(examples)} rows have the label {next(iter(labels))!r}: one class leaves a classifier nothing to "
        "learn; add rows of another class"
    )
    if dropped:
        message = f"once classes under {min_samples_per_class} rows ({', '.join(dropped)}) are left out, {message}"
    return message


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
