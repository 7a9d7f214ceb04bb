"""The bundled question log: at least 500 distinct questions, none close to the bench's held-out questions."""

from __future__ import annotations

import json
import re
from pathlib import Path

from datasets_spec.question_log import read_question_log

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "datasets_spec/samples/legal_ko/questions.txt"
BENCH = [ROOT / "bench/data/statute_questions_ko.jsonl", ROOT / "bench/data/statute_questions_ko_test.jsonl"]
CLOSE = 0.35  # character-bigram Jaccard at which two questions ask the same thing in nearly the same words


def bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def test_bundled_log_is_large_distinct_and_apart_from_the_bench() -> None:
    log = read_question_log(LOG)
    assert log.problems.ok and log.repeats == 0 and len(log.questions) >= 500
    assert not any(re.search(r"제\s*\d+\s*조", q) for q in log.questions), "no article numbers: people don't cite"
    held_out = [bigrams(json.loads(line)["query"]) for path in BENCH for line in path.open(encoding="utf-8")]
    assert len(held_out) == 240
    for question in log.questions:
        mine = bigrams(question)
        closest = max(len(mine & theirs) / len(mine | theirs) for theirs in held_out)
        assert closest < CLOSE, f"{question!r} is close to a bench question ({closest:.2f})"
