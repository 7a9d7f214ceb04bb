"""The train log as a newcomer reads it: terminal colour codes stripped, tqdm's redraws reduced to their last
state, and the library notices that look alarming but are expected (new pooler or classification head weights)
followed by one line saying why, by rule id (studio/strings/train.py words each rule)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# CSI sequences (colours, cursor moves: ESC [ ... letter) and the two-character escapes some tools write
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
NOTE_MARK = "  -> "  # a note line starts so: plain text, indented under the line it explains


@dataclass(frozen=True)
class Notice:
    """Lines [first, last] of the cleaned log are one library notice; `rule` says why it is expected."""

    rule: str
    first: int
    last: int


def clean(text: str) -> list[str]:
    """Lines without colour codes; a line tqdm redrew with carriage returns keeps only its latest state (split on
    newlines only: str.splitlines would make each redraw a line of its own)."""
    lines = text.removesuffix("\n").split("\n")
    return [ANSI.sub("", line.rstrip("\r").rsplit("\r", 1)[-1]) for line in lines]


def rule_of(line: str, task: str) -> str | None:
    """Which expected notice a line belongs to: transformers' "newly initialized" warning, its load report's
    MISSING / UNEXPECTED rows and their notes."""
    lowered = line.lower()
    head = task == "classification" and any(name in lowered for name in ("classifier", "score.", "newly initialized"))
    if head and ("missing" in lowered or "newly initialized" in lowered or "down-stream" in lowered):
        return "notice_head"
    if "pooler" in lowered and ("missing" in lowered or "newly initialized" in lowered):
        return "notice_pooler"
    if "unexpected" in line and ("|" in line or "can be ignored" in lowered):
        return "notice_unexpected"
    if "newly initialized" in lowered or "down-stream task" in lowered or "downstream task" in lowered:
        return "notice_head" if task == "classification" else "notice_new_weights"
    if "load report" in lowered:
        return "notice_report"
    return None


SPECIFIC = ("notice_head", "notice_pooler", "notice_unexpected", "notice_new_weights", "notice_report")
GAP = 3  # lines of a report between two notice lines (its table rules, a blank) that keep them one notice


def notices(lines: list[str], task: str) -> list[Notice]:
    """Notice lines at most GAP lines apart form one notice (a load report's table is one, whatever its rows),
    named by its most specific rule: the rows say which weights, the header says little."""
    found: list[Notice] = []
    for i, line in enumerate(lines):
        rule = rule_of(line, task)
        if rule is None:
            continue
        last = found[-1] if found else None
        if last is not None and i - last.last <= GAP:
            named = min(last.rule, rule, key=SPECIFIC.index)
            found[-1] = Notice(named, last.first, i)
        else:
            found.append(Notice(rule, i, i))
    return found


def explained(text: str, task: str, note: dict[str, str]) -> str:
    """The cleaned log with the worded rule of each notice under its last line (`note` maps rule → sentence)."""
    lines = clean(text)
    after = {n.last: n.rule for n in notices(lines, task)}
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if i in after:
            out.append(NOTE_MARK + note[after[i]])
    return "\n".join(out)
