"""The paired bootstrap: a uniform gain is clear, a coin-flip of gains and losses is not, and pairs are kept."""

from __future__ import annotations

import random

import pytest

from training.retrieval.paired import paired_difference


def test_a_gain_on_every_query_is_clear() -> None:
    a = [random.Random(1).random() * 0.8 for _ in range(60)]
    found = paired_difference(a, [x + 0.1 for x in a], names=("base", "tuned"), metric="ndcg@10")
    assert found.mean == pytest.approx(0.1) and found.low == pytest.approx(0.1) and found.high == pytest.approx(0.1)
    assert found.clear and (found.better, found.worse, found.same) == (60, 0, 0)
    assert "B better" in found.sentence() and "A = base, B = tuned" in found.sentence()


def test_a_few_questions_moving_either_way_is_no_clear_difference() -> None:
    a = [0.5] * 60
    b = [0.5] * 54 + [1.0, 1.0, 1.0, 0.0, 0.0, 0.5]  # three up by 0.5, two down by 0.5: mean +0.008
    found = paired_difference(a, b, names=("a", "b"), metric="ndcg@10")
    assert found.mean == pytest.approx(0.5 / 60)
    assert found.low < 0 < found.high and not found.clear and "no clear difference" in found.sentence()
    assert (found.better, found.worse, found.same) == (3, 2, 55)


def test_pairs_are_resampled_together_so_a_shared_spread_does_not_hide_a_small_gain() -> None:
    rng = random.Random(0)
    a = [rng.random() for _ in range(200)]  # queries differ a lot from each other, B adds 0.01 to each
    found = paired_difference(a, [x + 0.01 for x in a], names=("a", "b"), metric="mrr@10")
    assert found.clear and found.low > 0.009


def test_unpaired_lists_are_refused() -> None:
    with pytest.raises(ValueError, match="same queries on both sides: 2 vs 3"):
        paired_difference([0.1, 0.2], [0.1, 0.2, 0.3], names=("a", "b"), metric="ndcg@10")
