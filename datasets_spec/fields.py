"""Typed reads of one record's fields that report, instead of raise, what a person must fix and where."""

from __future__ import annotations

import json
from typing import Any

from datasets_spec.errors import Problems
from datasets_spec.read import Table


class FieldReader:
    """Reads fields of `table`'s records; each problem becomes a located error in `problems`, the value None."""

    def __init__(self, table: Table, problems: Problems) -> None:
        self.table, self.problems = table, problems

    def error(self, line: int | None, name: str | None, message: str) -> None:
        self.problems.error(self.table.path, line, name, message, self.table.unit)

    def warn(self, line: int | None, name: str | None, message: str) -> None:
        self.problems.warn(self.table.path, line, name, message, self.table.unit)

    def text(self, line: int | None, record: dict[str, Any], name: str, *, required: bool = True) -> str | None:
        """A non-empty string; numbers are accepted as their text (ids and labels are often numeric)."""
        value = record.get(name)
        if value is None or (value == "" and not required):
            if required:
                self.error(line, name, "missing (expected a non-empty string)")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(line, name, f"expected a string, got {_kind(value)}")
            return None
        if not value.strip():
            self.error(line, name, "empty (expected text)")
            return None
        return value

    def text_list(
        self, line: int | None, record: dict[str, Any], name: str, *, required: bool = True, numbers: bool = True
    ) -> list[str] | None:
        """A list of non-empty strings; a CSV cell may hold it as JSON text.

        Numbers pass as their text where the items are ids (`numbers`); where they are passages the model reads,
        a number is a mistake (an id list pasted into the wrong field), and "1" would become a passage."""
        value = record.get(name)
        if value is None or (value == "" and not required):
            if required:
                self.error(line, name, 'missing (expected a list of strings, e.g. ["..."])')
            return None
        if isinstance(value, str) and self.table.cells_are_text and value.lstrip().startswith("["):
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                self.error(line, name, f"the cell looks like a JSON list but is not valid JSON ({exc.msg})")
                return None
        if isinstance(value, str):
            self.error(line, name, f"is a string, not a list: write [{json.dumps(value[:40], ensure_ascii=False)}]")
            return None
        if not isinstance(value, (list, tuple)):
            self.error(line, name, f"expected a list of strings, got {_kind(value)}")
            return None
        items = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                if not numbers:
                    self.error(line, f"{name}[{index - 1}]", "is a number, not a passage text")
                    return None
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                got = "an empty string" if isinstance(item, str) else _kind(item)
                self.error(line, name, f"item {index} is {got}; every item must be non-empty text")
                return None
            items.append(item)
        return items

    def records(self, line: int | None, record: dict[str, Any], name: str) -> list[dict] | None:
        """A list of objects (chat turns); a CSV cell may hold it as JSON text."""
        value = record.get(name)
        if isinstance(value, str) and self.table.cells_are_text:
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                self.error(line, name, f"the cell is not a valid JSON list ({exc.msg})")
                return None
        if value is None:
            self.error(line, name, "missing (expected a list of objects)")
            return None
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, dict) for v in value):
            self.error(line, name, f"expected a list of objects, got {_kind(value)}")
            return None
        return list(value)


def extras(record: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """Fields the format does not define, carried along so conversion loses nothing.

    A null is a field the row does not have (Parquet and `datasets` fill missing fields with null).
    """
    return {k: v for k, v in record.items() if k not in known and v is not None}


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", tuple: "a list", bool: "true/false", type(None): "null"}
    return names.get(type(value), type(value).__name__)
