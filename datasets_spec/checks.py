"""Checks across examples: what loads but will mislead training (duplicates, leakage, queries quoting answers)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection

from datasets_spec.canonical import Loaded

QUOTE_WINDOW = 30  # characters of a positive found verbatim in its query: the query gives the answer away
_SPACE = re.compile(r"\s+")


def key_of(task: str, example: dict) -> str:
    """What makes two examples the same: the text a model sees and the answer it is taught."""
    if task == "retrieval":
        return json.dumps([example["query_text"], example["positive_passages"]], ensure_ascii=False)
    if task == "sft":
        return json.dumps(example["messages"], ensure_ascii=False)
    return example["text"]


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def shingles(passage: str) -> list[str]:
    """30-character stretches of the passage, one every 15 characters."""
    passage = _normal(passage)
    step = QUOTE_WINDOW // 2
    return [passage[i : i + QUOTE_WINDOW] for i in range(0, max(1, len(passage) - QUOTE_WINDOW + 1), step)]


def quotes(query: str, passage_shingles: list[str]) -> bool:
    """True when a 30-character stretch of the passage appears in the query."""
    query = _normal(query)
    return len(query) >= QUOTE_WINDOW and any(s in query for s in passage_shingles)


def check_examples(loaded: Loaded, quoting_by_design: Collection[str] = ()) -> Counter[str]:
    """Warnings on the lines concerned; retrieval examples without a positive are left out (nothing to learn).
    Examples of the `quoting_by_design` generators that quote their positive are counted per generator (returned),
    not warned of one by one: their queries keep the passage's words on purpose."""
    problems, path, unit = loaded.problems, loaded.source, loaded.unit
    if loaded.task == "retrieval":
        kept, lines = [], []
        for example, line in zip(loaded.examples, loaded.lines, strict=True):
            if example["positive_passages"]:
                kept.append(example)
                lines.append(line)
            else:
                problems.warn(path, line, "positives", "query without positives; left out")
        loaded.examples, loaded.lines = kept, lines
    by_design: Counter[str] = Counter()
    first: dict[str, tuple[int | None, dict]] = {}
    passage_shingles: dict[str, list[str]] = {}
    for example, line in zip(loaded.examples, loaded.lines, strict=True):
        key = key_of(loaded.task, example)
        if key in first:
            earlier_line, earlier = first[key]
            if loaded.task == "classification" and earlier["label"] != example["label"]:
                message = f"same text as {unit} {earlier_line} with a different label ({earlier['label']!r})"
                problems.warn(path, line, "label", message)
            else:
                problems.warn(path, line, None, f"duplicate of {unit} {earlier_line}")
        else:
            first[key] = (line, example)
        if loaded.task == "retrieval":
            for pid in example["positive_passages"]:
                if pid not in passage_shingles:  # 100k queries often share 20k passages: cut each once
                    passage_shingles[pid] = shingles(loaded.corpus[pid]["text"])
                if quotes(example["query_text"], passage_shingles[pid]):
                    if example.get("generator") in quoting_by_design:
                        by_design[example["generator"]] += 1
                        break
                    problems.warn(
                        path, line, "query", f"quotes its own positive {pid!r} word for word: too easy to learn from"
                    )
                    break
    if loaded.task == "sft":
        check_json_answers(loaded)
    if not loaded.examples and problems.ok:
        problems.error(path, None, None, "no usable examples")
    return by_design


def check_json_answers(loaded: Loaded) -> None:
    """When most answers are JSON (a JSON-task dataset), the few that are not are almost certainly mistakes."""
    parsed = []
    for example in loaded.examples:
        try:
            json.loads(example["messages"][-1]["content"])
            parsed.append(True)
        except json.JSONDecodeError:
            parsed.append(False)
    if parsed and sum(parsed) >= 0.5 * len(parsed):
        for ok, line in zip(parsed, loaded.lines, strict=True):
            if not ok:
                loaded.problems.warn(loaded.source, line, "answer", "not valid JSON, unlike most answers in this file")


def check_leakage(train: list[dict], validation: list[dict], task: str) -> list[str]:
    """Validation examples whose input also appears in training: their scores measure memory, not skill."""
    field = {"retrieval": "query_text", "classification": "text"}.get(task)

    def text(example: dict) -> str:
        if field:
            return _normal(example[field])
        return _normal(next(m["content"] for m in reversed(example["messages"]) if m["role"] == "user"))

    seen = {text(e) for e in train}
    return [text(e) for e in validation if text(e) in seen]
