"""Scoring JSON answers: does a generation parse, satisfy the schema, and reproduce the reference's fields?

Pure Python (no torch), so the scores are tested dict-in, dict-out and the UI can reuse them on saved samples.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

# Chat models often wrap JSON in a Markdown fence even when told not to; the object inside still counts.
_FENCE = re.compile(r"^```[A-Za-z0-9_-]*[ \t]*\n?(.*?)\n?```$", re.DOTALL)
_JSON_TYPES: list[tuple[type, str]] = [
    (bool, "boolean"),  # before int: True is an int in Python
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
    (type(None), "null"),
]


@dataclass(frozen=True)
class Parsed:
    """A generation read as JSON: the value, or why it is not JSON."""

    value: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def strip_fences(text: str) -> str:
    text = text.strip()
    fenced = _FENCE.match(text)
    return fenced.group(1).strip() if fenced else text


def parse_answer(text: str) -> Parsed:
    """The JSON in an answer, tolerating whitespace and a ```json fence around it; anything else is invalid."""
    body = strip_fences(text)
    try:
        return Parsed(json.loads(body))
    except json.JSONDecodeError as exc:
        at = "" if exc.msg.endswith(" at") else " at"  # "Unterminated string starting at" has its own
        return Parsed(error=f"not JSON: {exc.msg}{at} line {exc.lineno} column {exc.colno}")


def json_type(value: Any) -> str:
    return next(name for kind, name in _JSON_TYPES if isinstance(value, kind))


def _common_type(values: list[Any]) -> str | None:
    """The one JSON type all values share (integers and decimals together are numbers), else None."""
    types = {json_type(v) for v in values}
    if types == {"integer", "number"}:
        return "number"
    return types.pop() if len(types) == 1 else None


def infer_schema(answers: Iterable[str]) -> dict[str, Any]:
    """A schema the training answers all satisfy: an object whose shared keys are required, each with the type it
    always has. Answers that are not JSON are skipped; with no JSON object among them, any JSON value passes."""
    objects = [p.value for p in map(parse_answer, answers) if p.ok and isinstance(p.value, dict)]
    if not objects:
        return {}
    keys = list(dict.fromkeys(k for obj in objects for k in obj))  # first-seen order, for a readable schema
    properties: dict[str, Any] = {}
    for key in keys:
        kind = _common_type([obj[key] for obj in objects if key in obj])
        properties[key] = {"type": kind} if kind else {}
    required = [k for k in keys if all(k in obj for obj in objects)]
    return {"type": "object", "properties": properties, "required": required}


def load_schema(path: str | Path) -> dict[str, Any]:
    """A JSON Schema from a file, with errors that name the file and the field that set it."""
    path = Path(path)
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"sft.json_schema: cannot read {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"sft.json_schema: {path} is not JSON ({exc.msg} at line {exc.lineno})") from exc
    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise ValueError(f"sft.json_schema: {path} is not a valid JSON Schema: {exc.message}") from exc
    return schema


def schema_for(json_schema: str, answers: Iterable[str]) -> dict[str, Any]:
    """The config's schema file, or the schema inferred from the training answers when the field is empty."""
    return load_schema(json_schema) if json_schema.strip() else infer_schema(answers)


def schema_valid(value: Any, schema: dict[str, Any]) -> bool:
    return jsonschema.validators.validator_for(schema)(schema).is_valid(value)


def schema_errors(value: Any, schema: dict[str, Any]) -> list[str]:
    """Why a value fails the schema, one `path: reason` per violation (`$.duration_days: 'x' is not of type
    'integer'`), shallowest first: a missing key explains more than the wrong type of a key inside it."""
    found = jsonschema.validators.validator_for(schema)(schema).iter_errors(value)
    return [f"{e.json_path}: {e.message}" for e in sorted(found, key=lambda e: len(e.absolute_path))]


def field_match(value: Any, reference: Any) -> float:
    """Share of the reference's top-level fields the answer reproduces exactly; non-objects match whole or not."""
    if not isinstance(reference, dict):
        return float(value == reference)
    if not reference:
        return float(value == {})
    if not isinstance(value, dict):
        return 0.0
    return sum(key in value and value[key] == expected for key, expected in reference.items()) / len(reference)


@dataclass(frozen=True)
class Scored:
    """One generation judged against its reference."""

    json_valid: bool
    schema_valid: bool
    field_match: float
    error: str | None = None


def score_answer(generated: str, reference: str, schema: dict[str, Any]) -> Scored:
    parsed = parse_answer(generated)
    if not parsed.ok:
        return Scored(False, False, 0.0, parsed.error)
    expected = parse_answer(reference)
    match = field_match(parsed.value, expected.value) if expected.ok else float(strip_fences(generated) == reference)
    return Scored(True, schema_valid(parsed.value, schema), match)


def mean_scores(scores: list[Scored]) -> dict[str, float]:
    """`{"json_valid", "schema_valid", "field_match"}`: two shares and a mean, 0 for no answers at all."""
    n = len(scores) or 1
    return {
        "json_valid": sum(s.json_valid for s in scores) / n,
        "schema_valid": sum(s.schema_valid for s in scores) / n,
        "field_match": sum(s.field_match for s in scores) / n,
    }


def score_answers(pairs: Iterable[tuple[str, str]], schema: dict[str, Any]) -> dict[str, float]:
    """The scores of (generated, reference) pairs, as evaluation logs them (without the `eval_` prefix)."""
    return mean_scores([score_answer(generated, reference, schema) for generated, reference in pairs])
