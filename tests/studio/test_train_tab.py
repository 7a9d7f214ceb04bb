"""The Train tab's own refresh (the function its timer calls), driven over real run folders: with no run Stop and
Delete are off and every chart says why it is empty; a live run's charts appear with their first points and then
only when they change; once the run stops its ETA, "Stopping …" and "running" are gone, its own command is shown,
and the run list and the history follow within one tick."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from studio import session, train_view
from studio.strings import words
from studio.tabs import train
from studio.train_charts import CHARTS
from training.config.studio import StudioConfig
from training.lifecycle import runs


def tab(lang: str) -> tuple[dict[str, gr.Component], Callable[..., dict]]:
    """The tab as the app builds it, and its refresh handler with the timer's inputs."""
    with gr.Blocks() as demo:
        c = train.build(lang, [], session.owner_state())
    fn = next(block.fn for block in demo.fns.values() if (c["timer"]._id, "tick") in block.targets)

    def tick(run_id: str | None, watch: dict[str, Any], log_loss: bool = False, open_tab: str = "train") -> dict:
        return fn(run_id, watch, "step", log_loss, None, open_tab, None, None)

    return c, tick


def live(run_dir: Path) -> None:
    """The run as its training process marks it: running, under a live pid (this test's own)."""
    pid = os.getpid()
    runs.write_status(run_dir, state="running", pid=pid, pid_start=runs.process_start(pid), started=time.time())


def log(run_dir: Path, *rows: dict[str, Any]) -> None:
    with (run_dir / "metrics.jsonl").open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)


def steps(first: int, last: int, t0: float) -> list[dict[str, Any]]:
    return [
        {"step": s, "epoch": s / 100, "max_steps": 100, "time": t0 + 2 * s, "loss": 2.0 - s / 100,
         "learning_rate": 1e-4, "grad_norm": 0.5}
        for s in range(first, last + 1)
    ]  # fmt: skip


def labels(update: dict) -> list[str]:
    return [label for label, _ in update["choices"]]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_with_no_run_stop_and_delete_are_off_and_each_chart_says_why_it_is_empty(data_dir: Path, lang: str) -> None:
    c, tick = tab(lang)
    w = words("train", lang)
    out = tick(None, {"run": None})
    for button in ("stop", "history.delete", "resume"):
        assert out[c[button]]["interactive"] is False
    assert out[c["stop"]]["variant"] == "secondary" and out[c["history.delete"]]["variant"] == "secondary"
    for name in CHARTS:
        assert out[c[name]] == gr.update(visible="hidden"), "no empty plot: it would warn in the console"
        assert out[c[f"{name}_note"]] == w("note_no_run")
    history = out[c["history.table"]]
    assert len(history) == 0 and list(history.columns)[0] == w("column_run"), "named headers, not 1 2 3"
    assert out[c["timer"]]["value"] == train_view.IDLE_SECONDS, "nothing to watch: the timer slows down"
    again = tick(None, out[c["watch"]])
    assert set(again) == {c["watch"], c["timer"]}, "nothing changed: nothing sent but the timer's period"


def test_a_live_run_then_stopped(data_dir: Path) -> None:
    c, tick = tab("en")
    w = words("train", "en")
    config = StudioConfig()
    config.training.logging_steps, config.training.eval_steps = 2, 25
    older = runs.create_run(config, runs.runs_dir(), label="older")
    runs.write_status(older, state="finished", started=1.0, ended=2.0)
    run_dir = runs.create_run(config, runs.runs_dir(), label="open")
    live(run_dir)
    t0 = time.time() - 60
    log(run_dir, {"event": "train_begin", "step": 0, "max_steps": 100, "examples_per_step": 8, "time": t0})

    out = tick(run_dir.name, {"run": None})
    assert out[c["timer"]]["value"] == train.REFRESH_SECONDS == train_view.LIVE_SECONDS, "a live run: fast ticks"
    assert tick(run_dir.name, out[c["watch"]], open_tab="data")[c["timer"]]["value"] == train_view.IDLE_SECONDS
    assert out[c["stop"]]["interactive"] and out[c["stop"]]["variant"] == "stop"
    assert out[c["history.delete"]]["interactive"] is False
    assert out[c["loss_note"]] == w("note_wait_log", every=2, next=2)
    assert out[c["eval_note"]] == w("note_wait_eval", every=25, next=25)
    assert all(out[c[name]] == gr.update(visible="hidden") for name in CHARTS)
    message = out[c["message"]]
    assert run_dir.name in message and f"training run {run_dir / 'config.yaml'}" in message
    assert older.name not in message, "the open run's own command, never another run's"
    assert f"{run_dir.name} · running" in labels(out[c["run"]])

    log(run_dir, *steps(1, 10, t0))
    out = tick(run_dir.name, out[c["watch"]])
    loss = out[c["loss"]]
    assert loss["visible"] is True and loss["x_axis_format"] == "d" and loss["x_lim"] == [0, 100]
    assert sorted(set(loss["value"]["x"])) == [float(s) for s in range(1, 11)]
    assert out[c["loss_note"]] == "" and c["eval"] not in out, "the eval chart stays hidden, its note unchanged"
    assert "ETA" in out[c["progress"]] and "samples/s" in out[c["progress"]]
    assert 'aria-valuenow="10"' in out[c["bar"]]

    out = tick(run_dir.name, out[c["watch"]])  # once more after props: a plot rebuilt by them can miss its data
    assert "x_axis_format" not in out[c["loss"]] and len(out[c["loss"]]["value"]) == len(loss["value"])
    out = tick(run_dir.name, out[c["watch"]])
    assert not {c[name] for name in CHARTS} & set(out), "the same points are not sent again"
    log(run_dir, *steps(11, 12, t0))
    assert tick(run_dir.name, out[c["watch"]])[c["loss"]]["value"]["x"].max() == 12.0

    runs.write_status(run_dir, state="stopped", ended=time.time(), step=12)
    out = tick(run_dir.name, out[c["watch"]])
    message, progress = out[c["message"]], out[c["progress"]]
    assert "stopped" in message and "at the next step" not in message and "training run" in message
    assert "ETA" not in progress and "samples/s" not in progress and "stopped" in progress
    assert out[c["stop"]]["interactive"] is False and out[c["history.delete"]]["interactive"] is True
    assert out[c["resume"]]["interactive"] is True
    assert f"{run_dir.name} · stopped" in labels(out[c["run"]]), "the run list follows the state within a tick"
    history = out[c["history.table"]].set_index("run")
    assert history.loc[run_dir.name, "state"] == "stopped" and history.loc[run_dir.name, "minutes"] >= 1.0
    assert c["loss_note"] not in out and out[c["eval_note"]] == w("note_no_eval"), "the run is over: no waiting"
    assert out[c["timer"]]["value"] == train_view.IDLE_SECONDS, "nothing more to draw: the timer slows down"


def test_the_tab_select_lists_current_states(data_dir: Path) -> None:
    run_dir = runs.create_run(StudioConfig(), runs.runs_dir())
    runs.write_status(run_dir, state="finished", started=1.0, ended=61.0)
    choices, history, picked = train.lists("ko", None)
    assert labels(choices) == [f"{run_dir.name} · 완료"] and picked["choices"] == [run_dir.name]
    assert list(history.iloc[0][["상태", "분"]]) == ["완료", 1.0]


def test_the_validation_chart_says_how_many_passages_the_run_searches(data_dir: Path) -> None:
    c, tick = tab("ko")
    w = words("train", "ko")
    run_dir = runs.create_run(StudioConfig(), runs.runs_dir(), label="wide")
    live(run_dir)
    out = tick(run_dir.name, {"run": None})
    assert out[c["eval_note"]] == w("note_wait_eval", every=25, next=25), "before the trainer is built: no count"
    searched = {"size": 10000, "corpus": 84539, "positives": 312, "negatives": 2410, "sampled": 7278, "seed": 42}
    runs.write_status(run_dir, validation_corpus=searched)  # what the embedding task records as it builds
    out = tick(run_dir.name, out[c["watch"]])
    assert out[c["eval_note"]] == w("note_wait_eval", every=25, next=25) + "  \n" + w("eval_corpus", **searched)
    assert "10,000" in out[c["eval_note"]] and "84,539" in out[c["eval_note"]]
