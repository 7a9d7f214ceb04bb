"""An SFT run's sample generations (samples.jsonl, written at each evaluation) on the Train tab: grouped by
evaluation step, each answer marked in text (valid JSON or not, matches the schema or which keys it misses), so a
person sees the answers improve as training goes."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasets_spec.json_answers import parse_answer, schema_errors

SAMPLES_FILE = "samples.jsonl"  # training/tasks/sft.py writes it; read here without loading torch
SCHEMA_FILE = "schema.json"


@dataclass(frozen=True)
class Sample:
    step: int
    prompt: str
    expected: str
    generated: str
    valid_json: bool
    matches_schema: bool
    missing: tuple[str, ...]  # required keys the answer lacks
    field_match: float | None
    error: str | None  # why it is not JSON (the parser's words, shown as written)


def read_rows(run_dir: str | Path) -> list[dict[str, Any]]:
    """The generations logged so far, oldest first; a half-written last line waits for the next read."""
    path = Path(run_dir) / SAMPLES_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    rows = []
    for line in text[: text.rfind("\n") + 1].splitlines():
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a torn line from a killed writer
    return rows


def read_schema(run_dir: str | Path) -> dict[str, Any]:
    path = Path(run_dir) / SCHEMA_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, json.JSONDecodeError):
        return {}


def missing_keys(answer: str, schema: dict[str, Any]) -> tuple[str, ...]:
    parsed = parse_answer(answer)
    if not parsed.ok or not isinstance(parsed.value, dict):
        return ()
    return tuple(k for k in schema.get("required", []) if k not in parsed.value)


def sample(row: dict[str, Any], schema: dict[str, Any]) -> Sample:
    answer = str(row.get("answer", ""))
    valid = bool(row.get("valid"))
    matches = bool(row.get("schema_valid"))
    if valid and schema:  # the schema on disk says why an answer fails it; the row holds only the verdict
        matches = not schema_errors(parse_answer(answer).value, schema)
    return Sample(
        step=int(row.get("step", 0)),
        prompt=str(row.get("prompt", "")),
        expected=str(row.get("reference", "")),
        generated=answer,
        valid_json=valid,
        matches_schema=valid and matches,
        missing=missing_keys(answer, schema) if valid else (),
        field_match=row.get("field_match"),
        error=row.get("error"),
    )


def by_step(rows: list[dict[str, Any]], schema: dict[str, Any]) -> dict[int, list[Sample]]:
    """Evaluation step → its samples, steps in the order they were evaluated."""
    out: dict[int, list[Sample]] = {}
    for row in rows:
        s = sample(row, schema)
        out.setdefault(s.step, []).append(s)
    return out


def marks(s: Sample, w) -> list[tuple[str, bool]]:
    """(text mark, good?) for one sample: JSON validity, then the schema (with the missing keys named)."""
    out = [(w("sample_valid") if s.valid_json else w("sample_invalid"), s.valid_json)]
    if s.valid_json:
        if s.matches_schema:
            out.append((w("sample_schema_ok"), True))
        elif s.missing:
            out.append((w("sample_missing", keys=", ".join(s.missing)), False))
        else:
            out.append((w("sample_schema_bad"), False))
    if s.field_match is not None:
        out.append((w("sample_fields", pct=100 * s.field_match), s.field_match >= 1))
    return out


def samples_html(samples: list[Sample], w) -> str:
    """One evaluation's samples: prompt, expected and generated answer, with their marks as styled text."""
    parts = []
    for n, s in enumerate(samples, start=1):
        tags = "".join(
            f'<span class="sample-mark {"good" if good else "bad"}">{html.escape(text)}</span> '
            for text, good in marks(s, w)
        )
        error = f'<div class="sample-error">{html.escape(s.error)}</div>' if s.error else ""
        parts.append(
            f'<div class="train-sample"><div><b>{html.escape(w("sample_n", n=n))}</b> {tags}</div>{error}'
            f"<div>{html.escape(w('sample_prompt'))}</div><pre>{html.escape(s.prompt)}</pre>"
            f"<div>{html.escape(w('sample_expected'))}</div><pre>{html.escape(s.expected)}</pre>"
            f"<div>{html.escape(w('sample_generated'))}</div><pre>{html.escape(s.generated)}</pre></div>"
        )
    return STYLE + "".join(parts)


STYLE = (
    "<style>.train-sample{margin:0 0 1em 0}.train-sample pre{white-space:pre-wrap;margin:0.2em 0 0.6em 0}"
    ".sample-mark{display:inline-block;padding:0 0.4em;border-radius:4px;font-size:0.9em;border:1px solid}"
    ".sample-mark.good{color:#166534;border-color:#166534}.sample-mark.bad{color:#991b1b;border-color:#991b1b}"
    "</style>"
)
