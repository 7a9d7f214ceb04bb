"""The Train tab's "Watch a run folder" panel (studio/tabs/train_watch.py), driven through the handlers the page
calls: a folder joins the run list and opens, a refusal is worded in the page's language, a shared studio hides the
panel and refuses, a watched cluster run's Resume points at the launch commands, a silent run on another machine
says so, and Delete forgets a watched run without touching its folder."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import gradio as gr
import pytest

from studio import session
from studio.strings import words
from studio.tabs import history_panel, train
from tests.training.outside_runs import outside_run
from training.lifecycle import runs
from training.lifecycle.metrics import METRICS_FILE

ID = "d" * 32


def handlers(lang: str) -> tuple[dict[str, gr.Component], dict[str, object]]:
    """The tab as the app builds it, and the functions behind its watch, resume and delete buttons and its timer."""
    with gr.Blocks() as demo:
        c = train.build(lang, [], session.owner_state())
    by_target = {target: block.fn for block in demo.fns.values() for target in block.targets}
    named = {
        "watch": (c["watch_button"], "click"),
        "resume": (c["resume"], "click"),
        "delete": (c["history.delete"], "click"),
        "tick": (c["timer"], "tick"),
    }
    return c, {name: by_target[(component._id, event)] for name, (component, event) in named.items()}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_folder_joins_the_run_list_and_opens(data_dir: Path, tmp_path: Path, lang: str) -> None:
    w = words("train", lang)
    c, fn = handlers(lang)
    assert c["watch_panel"].visible is True, "a local studio shows the panel"
    folder = outside_run(tmp_path / "cluster" / "run")
    listed, said = fn["watch"](str(folder), ID, None)
    assert listed["value"] == "cluster-run" and "cluster-run" in [value for _, value in listed["choices"]]
    assert said == w("watching", run="cluster-run")
    _, said = fn["watch"](str(tmp_path / "nowhere"), ID, None)
    assert said == w("refused", message=w("watch_missing", path=tmp_path / "nowhere"))
    _, said = fn["watch"]("", ID, None)
    assert said == w("refused", message=w("watch_missing", path=""))


def test_a_shared_studio_hides_the_panel_and_refuses(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_MODE", "shared")
    c, fn = handlers("ko")
    assert c["watch_panel"].visible is False
    listed, said = fn["watch"](str(outside_run(tmp_path / "run")), ID, None)
    w = words("train", "ko")
    assert listed == gr.update() and said == w("refused", message=w("watch_shared"))
    assert not runs.runs_dir().exists() or list(runs.runs_dir().iterdir()) == []


def test_a_watched_cluster_run_resumes_on_the_cluster(data_dir: Path, tmp_path: Path) -> None:
    w = words("train", "ko")
    _, fn = handlers("ko")
    fn["watch"](str(outside_run(tmp_path / "job" / "run", state="stopped", machines=4)), ID, None)
    said = fn["resume"]("job-run", ID, None)
    assert said == w("invalid", message=w("watch_cluster_resume", machines=4))
    assert "launch-script" in said and runs.read_status(runs.runs_dir() / "job-run")["state"] == "stopped"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_silent_run_on_another_machine_is_said_failed(data_dir: Path, tmp_path: Path, lang: str) -> None:
    folder = outside_run(tmp_path / "node" / "run", state="running", pid=1, host="gpu-node-07")
    _, fn = handlers(lang)
    fn["watch"](str(folder), ID, None)
    status = json.loads((folder / "status.json").read_text(encoding="utf-8"))
    long_ago = time.time() - 20 * 60
    (folder / "status.json").write_text(json.dumps({**status, "updated": long_ago}), encoding="utf-8")
    os.utime(folder / METRICS_FILE, (long_ago, long_ago))
    c, fn = handlers(lang)
    out = fn["tick"]("node-run", {"run": None}, "step", False, None, "train", ID, None)
    w = words("train", lang)
    assert w("failed", error=w("error_silent", host="gpu-node-07", minutes=20)) in out[c["progress"]]


def test_delete_forgets_a_watched_run_and_leaves_its_folder(data_dir: Path, tmp_path: Path) -> None:
    folder = outside_run(tmp_path / "kept" / "run")
    _, fn = handlers("en")
    fn["watch"](str(folder), ID, None)
    said, _ = history_panel.delete_run("en", "kept-run", ID)
    assert said == words("train", "en")("forgotten", run="kept-run")
    assert not (runs.runs_dir() / "kept-run").exists() and (folder / "config.yaml").is_file()
