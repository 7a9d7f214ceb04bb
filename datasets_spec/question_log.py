"""A question log: the unlabelled questions people really asked (a help-desk log, a Q&A board export), one a line.

It has no gold: the engine's pseudo-labelling (training/retrieval/pseudo_label.py) gives each question a passage
where BM25 and the model agree. Read here, so a bad file is one located error before anything is searched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from datasets_spec.errors import Problems
from datasets_spec.read import decode

QUESTION_FIELDS = ("question", "query", "text")  # the first present names a JSON line's question
_SPACE = re.compile(r"\s+")


@dataclass
class QuestionLog:
    """The questions in file order with their source lines; repeats (same text up to spacing) kept once."""

    source: Path
    questions: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    repeats: int = 0
    problems: Problems = field(default_factory=Problems)


def question_of(record: dict) -> str | None:
    return next((record[name] for name in QUESTION_FIELDS if isinstance(record.get(name), str)), None)


def read_question_log(path: str | Path) -> QuestionLog:
    """Plain text (one question a line; blank lines and lines starting with # skipped) or JSON lines with a
    question / query / text field; UTF-8, CP949 or EUC-KR, gzip-packed or not."""
    path = Path(path)
    log = QuestionLog(path)
    if not path.is_file():
        log.problems.error(path, None, None, "no such file")
        return log
    decoded = decode(path, path.read_bytes(), log.problems)
    if decoded is None:
        return log
    seen: set[str] = set()
    for number, raw in enumerate(decoded[0].splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        question = line
        if line.startswith("{"):
            try:
                question = question_of(json.loads(line))
            except json.JSONDecodeError as exc:
                log.problems.error(path, number, None, f"not JSON ({exc.msg})")
                continue
            if question is None:
                log.problems.error(path, number, "question", f"no text field ({' / '.join(QUESTION_FIELDS)})")
                continue
        key = _SPACE.sub(" ", question).strip()
        if not key:
            log.problems.error(path, number, "question", "empty")
        elif key in seen:
            log.repeats += 1
        else:
            seen.add(key)
            log.questions.append(key)
            log.lines.append(number)
    if not log.questions and log.problems.ok:
        log.problems.error(path, None, None, "no question in the file")
    return log
