"""What every mining method hands back: each query's candidates, best first, and the progress callback it
reports to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[int, int, str], None]  # (done, total, what): what the UI draws a bar from
QUERY_BATCH = 500  # queries per retrieval call: bounds the (batch x depth) result arrays and paces the progress bar


@dataclass
class Ranked:
    """One query's candidates, best first: corpus positions, their scores (None when the method has none)."""

    indices: list[int]
    scores: list[float] | None
    positive_scores: list[float | None]
    note: str | None = None  # why there is nothing to rank, when there is nothing
