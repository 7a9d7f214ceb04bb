"""Seeded train/validation splits that keep each group (a case, a query, a prompt) on one side, or each class in
proportion, and are saved with the dataset so re-runs compare like with like."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# per task: the ways to split, the first being the default
SPLIT_BY = {"retrieval": ("query", "case"), "sft": ("prompt", "example"), "classification": ("class", "example")}
_SPACE = re.compile(r"\s+")


def _check_ratio(validation_ratio: float) -> None:
    if not 0.0 < validation_ratio < 1.0:
        raise ValueError(f"validation_ratio = {validation_ratio}: must be between 0 and 1 (exclusive)")


def split_by_group(
    items: list[T], group: Callable[[T], str], validation_ratio: float, seed: int = 42
) -> tuple[list[T], list[T]]:
    """Split so no group appears on both sides: otherwise validation scores measure memory, not generalisation."""
    _check_ratio(validation_ratio)
    groups = sorted(dict.fromkeys(group(item) for item in items))
    random.Random(seed).shuffle(groups)
    n_validation = max(1, round(len(groups) * validation_ratio))
    validation_groups = set(groups[:n_validation])
    train = [item for item in items if group(item) not in validation_groups]
    validation = [item for item in items if group(item) in validation_groups]
    return train, validation


def split_stratified(
    items: list[T], label: Callable[[T], str], validation_ratio: float, seed: int = 42
) -> tuple[list[T], list[T]]:
    """Each class split in the same proportion; a class with one example stays in training."""
    _check_ratio(validation_ratio)
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        by_label.setdefault(label(item), []).append(index)
    validation_index: set[int] = set()
    for name in sorted(by_label):
        indices = by_label[name]
        rng.shuffle(indices)
        if len(indices) >= 2:
            validation_index.update(indices[: round(len(indices) * validation_ratio)])
    train = [item for i, item in enumerate(items) if i not in validation_index]
    validation = [item for i, item in enumerate(items) if i in validation_index]
    return train, validation


def _last_user(example: dict) -> str:
    return next(m["content"] for m in reversed(example["messages"]) if m["role"] == "user")


def split_examples(
    task: str, examples: list[dict], by: str, validation_ratio: float, seed: int = 42
) -> tuple[list[dict], list[dict]]:
    """The split a user picked by name: query / case (retrieval), prompt / example (SFT), class / example."""
    if by not in SPLIT_BY[task]:
        raise ValueError(f"split by {by!r}: for {task} data choose {' or '.join(SPLIT_BY[task])}")
    if by == "class":
        return split_stratified(examples, lambda e: e["label"], validation_ratio, seed)
    keys: dict[str, Callable[[dict], str]] = {
        "query": lambda e: _SPACE.sub(" ", e["query_text"]).strip(),
        "case": lambda e: e["query_id"],
        "prompt": _last_user,
    }
    if by == "example":
        numbered = list(enumerate(examples))
        train, validation = split_by_group(numbered, lambda pair: str(pair[0]), validation_ratio, seed)
        return [e for _, e in train], [e for _, e in validation]
    return split_by_group(examples, keys[by], validation_ratio, seed)
