"""The Train tab's chart data from metrics rows: axes, log scale, epoch markers, and the short-curve notes."""

from __future__ import annotations

import math

import pytest

from studio.train_charts import ChartWords, View, loss_colours, loss_frame, other_frames, short_curves

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


def test_short_curves_say_how_many_points_and_when_the_next_comes() -> None:
    one_log = rows(steps=1)
    notes = {n.chart: n for n in short_curves(one_log, logging_steps=5, eval_steps=10)}
    assert (notes["loss"].points, notes["loss"].next_step) == (1, 6)
    assert (notes["eval"].points, notes["eval"].next_step) == (0, 10)
    assert short_curves(rows(), logging_steps=1, eval_steps=10) == []
    assert short_curves(rows(steps=12), logging_steps=1, eval_steps=0)[0].next_step is None  # eval by epoch
