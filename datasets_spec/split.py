"""Seeded train/validation splits that keep each group (a case, a query) on one side."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def split_by_group(
    items: list[T], group: Callable[[T], str], validation_ratio: float, seed: int = 42
) -> tuple[list[T], list[T]]:
    """Split so no group appears on both sides: otherwise validation scores measure memory, not generalisation."""
    if not 0.0 < validation_ratio < 1.0:
        raise ValueError(f"validation_ratio = {validation_ratio}: must be between 0 and 1 (exclusive)")
    groups = sorted(dict.fromkeys(group(item) for item in items))
    random.Random(seed).shuffle(groups)
    n_validation = max(1, round(len(groups) * validation_ratio))
    validation_groups = set(groups[:n_validation])
    train = [item for item in items if group(item) not in validation_groups]
    validation = [item for item in items if group(item) in validation_groups]
    return train, validation
