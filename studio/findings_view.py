"""A doctor finding in words: the engine's rule id and values, worded from studio/strings/findings.py in a language.

Both doctors' panels (Configure's preflight, the Train tab's live findings) word findings here, so the /ko page
says them in Korean and both pages say the same finding the same way.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from studio.strings import LANGUAGES
from studio.strings.findings import FINDINGS, MARKS, NAMES
from training.doctor.findings import Finding
from training.insight.explain import number_words, power, short, times
from training.insight.lora_size import spans
from training.visitors.access import redact

PAIRS_CHARS = 300  # a long list of rare classes is cut, as the evidence line has to stay one line


@dataclass(frozen=True)
class Worded:
    title: str
    evidence: str
    why: str
    fix: str | None  # the fix's label, for a button or a line


def _pairs(pairs: list, _lang: str) -> str:
    return ", ".join(f"{label} ({count})" for label, count in pairs)[:PAIRS_CHARS]


SPECS = {
    "lr": lambda v, _: short(v),
    "lrw": lambda v, _: number_words(v),
    "x": lambda v, _: times(v),
    "pow": lambda v, _: power(v),
    "spans": lambda v, _: spans(v),
    "pairs": _pairs,
    "name": lambda v, lang: NAMES[v][lang],
}


class _Wording(string.Formatter):
    """str.format with the table's specs, fragments ({where}: another key of the rule's entry, for its case) and
    text values redacted, as studio.strings.words does: a dataset name or an error may hold a server path."""

    def __init__(self, rule: str, case: str, lang: str) -> None:
        self.rule, self.case, self.lang = rule, case, lang

    def template(self, part: str) -> str:
        entry = FINDINGS[self.rule]
        for key in (f"{part}.{self.case}", part):
            if key in entry:
                return entry[key][self.lang]
        if part in FINDINGS["_shared"]:
            return FINDINGS["_shared"][part][self.lang]
        raise KeyError(f"no words for finding {self.rule} part {part} case {self.case!r}")

    def say(self, template: str, values: dict[str, Any]) -> str:
        return self.vformat(template, (), values)

    def get_value(self, key, args, kwargs):
        if isinstance(key, str) and key not in kwargs:
            return self.say(self.template(key), kwargs)
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("?"):  # {n:?class has|classes have}: the words for one, else for any other count
            one, _, many = format_spec[1:].partition("|")
            return one if value == 1 else many
        if format_spec in SPECS:
            return SPECS[format_spec](value, self.lang)
        if isinstance(value, (str, PurePath)):
            value = redact(str(value))
        return super().format_field(value, format_spec)


def fix_template(wording: _Wording, finding: Finding) -> str:
    entry, path = FINDINGS[finding.rule], finding.fix.path
    for key in (f"fix.{finding.case}", f"fix.{path}", "fix"):
        if key in entry:
            return entry[key][wording.lang]
    raise KeyError(f"no words for the fix of finding {finding.rule} on {path}")


def worded(finding: Finding, lang: str) -> Worded:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    wording = _Wording(finding.rule, finding.case, lang)
    values = finding.values
    title, evidence, why = (wording.say(wording.template(part), values) for part in ("title", "evidence", "why"))
    fix = None
    if finding.fix is not None:
        fix = wording.say(fix_template(wording, finding), {**values, "value": finding.fix.value})
    return Worded(title, evidence, why, fix)


def mark(severity: str, lang: str) -> str:
    """ "**Warning** ·": a finding's severity in words, before its title."""
    return MARKS[severity][lang]
