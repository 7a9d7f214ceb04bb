"""Is B better than A on these queries, or is the difference noise? A paired bootstrap over the queries both
answered: the mean difference of one metric, its 95% interval, and on how many queries B is better, worse, equal.

On 60 questions a 0.02 change of NDCG@10 is one or two questions moving; the interval says so before anyone
picks a config by it (Sakai 2006, "Evaluating evaluation metrics based on the bootstrap", for IR).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from training.retrieval.scoreboard import Scoreboard

RESAMPLES = 10_000  # enough for the 2.5% / 97.5% quantiles to settle to the third decimal


@dataclass(frozen=True)
class Paired:
    a: str
    b: str
    metric: str
    queries: int
    mean: float  # mean of b - a
    low: float  # 95% bootstrap interval of that mean
    high: float
    better: int  # queries where b scores higher than a
    worse: int
    same: int

    @property
    def clear(self) -> bool:
        """The interval lies wholly on one side of zero."""
        return self.low > 0 or self.high < 0

    def sentence(self) -> str:
        verdict = "B better" if self.low > 0 else "B worse" if self.high < 0 else "no clear difference"
        return (
            f"B − A {self.metric}: {self.mean:+.3f} (95% CI {self.low:+.3f} … {self.high:+.3f}, {verdict}); "
            f"B better on {self.better}, worse on {self.worse}, same on {self.same} of {self.queries} queries"
            f" [A = {self.a}, B = {self.b}]"
        )

    def to_dict(self) -> dict:
        return {**asdict(self), "clear": self.clear}


def paired_difference(
    a: list[float], b: list[float], *, names: tuple[str, str], metric: str, resamples: int = RESAMPLES, seed: int = 0
) -> Paired:
    """`a[i]` and `b[i]` are one query's scores under A and B; the queries are resampled with their pairs kept."""
    if len(a) != len(b) or not a:
        raise ValueError(f"paired scores need the same queries on both sides: {len(a)} vs {len(b)}")
    diff = np.asarray(b, dtype=np.float64) - np.asarray(a, dtype=np.float64)
    picks = np.random.default_rng(seed).integers(0, len(diff), size=(resamples, len(diff)))
    means = diff[picks].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    eps = 1e-12
    return Paired(
        names[0],
        names[1],
        metric,
        len(diff),
        float(diff.mean()),
        float(low),
        float(high),
        int((diff > eps).sum()),
        int((diff < -eps).sum()),
        int((np.abs(diff) <= eps).sum()),
    )


def compare_searchers(board: Scoreboard, a: str, b: str, metric: str = "ndcg@10") -> Paired:
    """The paired difference of two rows of a `scoreboard.Scoreboard`."""
    scores = [(q["metrics"][a][metric], q["metrics"][b][metric]) for q in board.queries]
    return paired_difference([x for x, _ in scores], [y for _, y in scores], names=(a, b), metric=metric)
