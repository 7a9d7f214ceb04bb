"""The Train tab's chart data from metrics rows: axes, log scale, epoch markers, and the notes that say in words
why a chart has no line yet."""

from __future__ import annotations

import math

import pytest

from studio.strings.train import STRINGS
from studio.train_charts import (
    MAX_POINTS,
    ChartWords,
    View,
    chart_notes,
    loss_colours,
    loss_frame,
    other_frames,
    thinned,
    x_axis,
)

WORDS = ChartWords("raw", "smoothed", "clip", "end of epoch")


def rows(steps: int = 50, per_epoch: int = 20, seconds_per_step: float = 6.0) -> list[dict]:
    """A run that began at t=1000, logs every step and evaluates every 10 steps."""
    out = [{"event": "train_begin", "step": 0, "max_steps": 100, "time": 1000.0}]
    for s in range(1, steps + 1):
        t = 1000.0 + s * seconds_per_step
        out.append(
            {"step": s, "epoch": s / per_epoch, "time": t, "loss": 2.0 / s, "grad_norm": 1.5, "learning_rate": 1e-4}
        )
        if s % 10 == 0:
            out.append({"step": s, "time": t + 1, "eval_loss": 1.0 / s, "eval_ndcg@10": s / 100})
    return out


def test_loss_by_step_has_raw_smoothed_eval_and_one_marker_series_per_epoch_boundary() -> None:
    frame = loss_frame(rows(), View(), WORDS)
    names = set(frame["series"])
    assert {"raw", "smoothed", "eval_loss", "end of epoch 1", "end of epoch 2"} <= names
    marker = frame[frame["series"] == "end of epoch 1"]
    assert list(marker["x"]) == [20.0, 20.0] and marker["value"].min() < marker["value"].max()
    assert set(loss_colours("raw", "smoothed", "end of epoch")) >= names  # every drawn series has a colour


def test_time_axis_is_minutes_since_training_began_and_log_scale_is_log10() -> None:
    frame = loss_frame(rows(), View("time", log_loss=True), WORDS)
    raw = frame[frame["series"] == "raw"]
    assert raw["x"].iloc[0] == pytest.approx(0.1) and raw["x"].iloc[-1] == pytest.approx(5.0)  # 6 s a step
    assert raw["value"].iloc[0] == pytest.approx(math.log10(2.0))
    marker = frame[frame["series"] == "end of epoch 1"]
    assert marker["x"].iloc[0] == pytest.approx(2.0)


def test_gradient_chart_draws_the_clip_threshold_and_eval_scores_their_own_series() -> None:
    frames = other_frames(rows(), View(), 1.0, WORDS)
    grad = frames["grad"]
    assert set(grad["series"]) == {"grad_norm", "clip"} and set(grad[grad["series"] == "clip"]["value"]) == {1.0}
    assert set(frames["eval"]["series"]) == {"ndcg@10"}
    assert other_frames(rows()[:1], View(), 1.0, WORDS)["lr"] is None  # nothing yet: cleared, never empty


def test_every_chart_says_why_it_is_empty_before_its_first_points() -> None:
    begun = rows(steps=0)  # train_begin only: the run is live, nothing logged yet
    notes = chart_notes(begun, logging_steps=5, eval_steps=10, live=True)
    assert {name: (n.rule, n.values) for name, n in notes.items()} == {
        "loss": ("wait_log", {"every": 5, "next": 5}),
        "lr": ("wait_log", {"every": 5, "next": 5}),
        "grad": ("wait_log", {"every": 5, "next": 5}),
        "eval": ("wait_eval", {"every": 10, "next": 10}),
    }
    assert chart_notes(begun, logging_steps=5, eval_steps=0, live=True)["eval"].rule == "wait_eval_epoch"
    ended = chart_notes(begun, logging_steps=5, eval_steps=10, live=False)  # over with nothing logged: no waiting
    assert {n.rule for n in ended.values()} == {"none_logged", "no_eval"}
    for note in (*notes.values(), *ended.values()):  # each rule is worded in both languages with its numbers
        entry = STRINGS[f"note_{note.rule}"]
        assert entry["en"].format(**note.values) and entry["ko"].format(**note.values) != entry["en"]


def test_one_point_says_a_line_needs_two_and_when_the_next_comes() -> None:
    notes = chart_notes(rows(steps=1), logging_steps=5, eval_steps=10, live=True)
    assert (notes["loss"].rule, notes["loss"].values) == ("short_log", {"n": 1, "next": 6})
    assert notes["eval"].rule == "wait_eval"
    tenth = chart_notes(rows(steps=12), logging_steps=1, eval_steps=10, live=True)
    assert (tenth["eval"].rule, tenth["eval"].values) == ("short_eval", {"n": 1, "next": 20})
    assert tenth["loss"] is None and tenth["lr"] is None and tenth["grad"] is None
    assert chart_notes(rows(steps=12), logging_steps=1, eval_steps=0, live=True)["eval"].rule == "short_eval_epoch"
    assert set(chart_notes(rows(), logging_steps=1, eval_steps=10, live=True).values()) == {None}


def test_step_ticks_are_whole_numbers_over_the_run_and_minutes_keep_their_decimals() -> None:
    assert x_axis(View(), 75) == {"x_axis_format": "d", "x_lim": [0, 75]}
    assert x_axis(View(), 0) == {"x_axis_format": "d", "x_lim": [0, 20]}  # one evaluation at step 0: "0", not 0.000000
    assert x_axis(View("time"), 75) == {"x_axis_format": ".2f", "x_lim": None}


def test_a_run_logging_every_step_sends_each_chart_at_most_max_points_with_its_spike_and_ends() -> None:
    # 10k steps logged every step sent 10k points a series each tick, and the page stopped taking clicks.
    rows = [{"step": s, "loss": 9.0 if s == 4321 else 2.0 - s / 10_000, "grad_norm": 1.0} for s in range(1, 10_001)]
    loss = loss_frame(rows, View(), WORDS)
    raw = loss[loss["series"] == WORDS.raw]
    assert len(raw) <= MAX_POINTS and len(loss[loss["series"] == WORDS.smooth]) <= MAX_POINTS
    assert raw["x"].iloc[0] == 1.0 and raw["x"].iloc[-1] == 10_000.0, "the first and the last step are drawn"
    assert 4321.0 in set(raw["x"]) and raw["value"].max() == 9.0, "a one-step spike is not thinned away"
    assert list(raw["x"]) == sorted(raw["x"])
    grad = other_frames(rows, View(), 1.0, WORDS)["grad"]
    assert len(grad) <= 2 * MAX_POINTS
    assert thinned([(1.0, 2.0), (2.0, 1.0)]) == [(1.0, 2.0), (2.0, 1.0)], "a short series goes whole"
