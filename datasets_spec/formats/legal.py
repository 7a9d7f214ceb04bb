"""The Korean legal layout: article passages and court cases whose 참조조문 name the positives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from datasets_spec.errors import DataError
from datasets_spec.jsonl import read_jsonl, require_str


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


def read_passages(path: str | Path) -> list[Passage]:
    """Read `passages.jsonl`; a missing field or a duplicate id is an error naming its line."""
    path = Path(path)
    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for line, obj in read_jsonl(path):
        fields = {name: require_str(path, line, obj, name) for name in ("id", "law", "article", "title", "text")}
        if fields["id"] in seen:
            raise DataError(
                path, line, "id", f"duplicate passage id {fields['id']!r} (first on line {seen[fields['id']]})"
            )
        seen[fields["id"]] = line
        passages.append(Passage(**fields))
    if not passages:
        raise DataError(path, None, None, "no passages")
    return passages


def read_cases(path: str | Path) -> list[Case]:
    """Read `cases.jsonl` (id, query, references)."""
    path = Path(path)
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for line, obj in read_jsonl(path):
        fields = {name: require_str(path, line, obj, name) for name in ("id", "query", "references")}
        if fields["id"] in seen:
            raise DataError(
                path, line, "id", f"duplicate case id {fields['id']!r} (first on line {seen[fields['id']]})"
            )
        seen[fields["id"]] = line
        cases.append(Case(**fields))
    if not cases:
        raise DataError(path, None, None, "no cases")
    return cases
