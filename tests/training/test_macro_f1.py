"""macro_f1 through scikit-learn equals the hand-written count it replaced, classes never predicted included."""

from __future__ import annotations

import numpy as np
import pytest

from training.tasks.classification import macro_f1


def counted_f1(predictions: np.ndarray, labels: np.ndarray) -> float:
    """The studio's former macro-F1, counted by hand: the reference."""
    f1s = []
    for c in np.union1d(predictions, labels):
        tp = int(np.sum((predictions == c) & (labels == c)))
        fp = int(np.sum((predictions == c) & (labels != c)))
        fn = int(np.sum((predictions != c) & (labels == c)))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1s)) if f1s else 0.0


CASES = {
    "a class never predicted": ([0, 0, 1, 1, 0, 1], [0, 1, 1, 2, 0, 2]),
    "a class predicted, never true": ([0, 3, 1, 1], [0, 0, 1, 1]),
    "nothing right": ([1, 0], [0, 1]),
    "all right": ([2, 0, 1], [2, 0, 1]),
    "one class": ([0, 0], [0, 0]),
    "empty": ([], []),
}


@pytest.mark.parametrize(("predictions", "labels"), CASES.values(), ids=CASES.keys())
def test_macro_f1_equals_the_hand_count(predictions: list[int], labels: list[int]) -> None:
    predictions, labels = np.array(predictions, dtype=int), np.array(labels, dtype=int)
    assert macro_f1(predictions, labels) == pytest.approx(counted_f1(predictions, labels), abs=1e-12)


def test_macro_f1_equals_the_hand_count_on_random_labels() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        labels = rng.integers(0, 6, size=int(rng.integers(1, 40)))
        predictions = rng.integers(0, 5, size=len(labels))  # class 5 is never predicted
        assert macro_f1(predictions, labels) == pytest.approx(counted_f1(predictions, labels), abs=1e-12)
