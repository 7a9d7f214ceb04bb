"""The Korean legal layout: article passages and court cases whose 참조조문 name the positives."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TypeVar

from datasets_spec.errors import DataError
from datasets_spec.jsonl import read_jsonl, require_str

T = TypeVar("T")


@dataclass(frozen=True)
class Passage:
    id: str  # "민법|750"
    law: str
    article: str
    title: str
    text: str

    @property
    def document(self) -> str:
        """What a model reads for this passage: title and body, as in BEIR's title + text."""
        return f"{self.title}\n{self.text}"


@dataclass(frozen=True)
class Case:
    id: str
    query: str
    references: str  # court-style 참조조문, e.g. "민법 제750조, 제751조"


def _read_records(path: str | Path, record: type[T], kind: str) -> list[T]:
    """Every line as a `record` of string fields; a missing field or a repeated id is an error naming its line."""
    path = Path(path)
    names = [f.name for f in fields(record)]
    records: list[T] = []
    seen: dict[str, int] = {}
    for line, obj in read_jsonl(path):
        values = {name: require_str(path, line, obj, name) for name in names}
        if values["id"] in seen:
            message = f"duplicate {kind} id {values['id']!r} (first on line {seen[values['id']]})"
            raise DataError(path, line, "id", message)
        seen[values["id"]] = line
        records.append(record(**values))
    if not records:
        raise DataError(path, None, None, f"no {kind}s")
    return records


def read_passages(path: str | Path) -> list[Passage]:
    """Read `passages.jsonl` (id, law, article, title, text)."""
    return _read_records(path, Passage, "passage")


def read_cases(path: str | Path) -> list[Case]:
    """Read `cases.jsonl` (id, query, references)."""
    return _read_records(path, Case, "case")
