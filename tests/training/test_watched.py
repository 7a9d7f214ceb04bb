"""A run started outside the studio and watched from it (training/lifecycle/watched.py): its folder is linked into
the runs folder and reads, charts, stops and resumes like any run; a run on another machine lives while its
folder shows signs of life; a shared studio watches nothing for a visitor; a cluster's run resumes on the cluster."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.training.builders import ROOT, cli, tiny_config
from tests.training.outside_runs import outside_run
from training.config.studio import StudioConfig, save_yaml
from training.lifecycle import history, runs, watched
from training.lifecycle.metrics import HEARTBEAT_FILE, METRICS_FILE, read_metrics
from training.lifecycle.watched import WatchError
from training.visitors import access, workspace
from training.visitors.access import AccessDenied

VISITOR = access.browser("c" * 32)


def test_an_outside_folder_is_listed_read_and_forgotten_without_being_touched(data_dir: Path, tmp_path: Path) -> None:
    made = runs.create_run(StudioConfig(), runs.runs_dir())
    folder = outside_run(tmp_path / "cluster" / "exp1" / "run")
    run_id = watched.watch(folder, runs.runs_dir())
    assert run_id == "exp1-run" and (runs.runs_dir() / run_id).resolve() == folder
    assert watched.watch(str(folder) + "/", runs.runs_dir()) == run_id, "the same folder is watched once"
    assert watched.watch(made, runs.runs_dir()) == made.name, "a run of this studio is already listed"
    assert [r.id for r in runs.list_runs(runs.runs_dir())] == [run_id, made.name], "newest first, by its start"
    assert [r.id for r in workspace.run_list(VISITOR)] == [run_id, made.name]
    link = workspace.run_dir(VISITOR, run_id)
    assert [r["loss"] for r in read_metrics(link)[0]] == [2.0, 1.5]
    assert history.summary(runs.list_runs(runs.runs_dir())[0])["state"] == "finished"

    twin = outside_run(tmp_path / "other" / "exp1" / "run")
    assert watched.watch(twin, runs.runs_dir()) == "exp1-run-2"
    assert watched.watched(runs.runs_dir()) == {"exp1-run": folder, "exp1-run-2": twin}

    assert watched.forget("exp1-run-2", runs.runs_dir()) == twin
    history.delete(link)  # the history's Delete forgets a watched run: the folder it names stays
    assert watched.watched(runs.runs_dir()) == {}
    assert sorted(p.name for p in folder.iterdir()) == ["config.yaml", "metrics.jsonl", "status.json"]
    assert twin.is_dir() and made.is_dir()
    with pytest.raises(WatchError) as refused:
        watched.forget(made.name, runs.runs_dir())
    assert refused.value.rule == "not_watched" and made.is_dir()


def test_a_folder_that_holds_no_run_is_refused_by_rule(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "config-only").mkdir()
    save_yaml(StudioConfig(), tmp_path / "config-only" / "config.yaml")
    queued = outside_run(tmp_path / "queued", state="queued")
    cases = {"": "missing", str(tmp_path / "nowhere"): "missing", str(tmp_path / "empty"): "not_run"}
    cases |= {str(tmp_path / "config-only"): "not_run", str(queued): "queued"}
    for path, rule in cases.items():
        with pytest.raises(WatchError) as refused:
            watched.watch(path, runs.runs_dir())
        assert refused.value.rule == rule, path
    assert watched.watched(runs.runs_dir()) == {}


def test_a_folder_with_metrics_and_no_status_yet_is_listed(data_dir: Path, tmp_path: Path) -> None:
    folder = outside_run(tmp_path / "run")
    (folder / "status.json").unlink()
    run_id = watched.watch(folder, runs.runs_dir())
    assert [r.id for r in runs.list_runs(runs.runs_dir())] == [run_id]
    assert workspace.run_dir(VISITOR, run_id).resolve() == folder


def test_a_run_on_another_machine_lives_while_its_folder_shows_signs_of_life(data_dir: Path, tmp_path: Path) -> None:
    folder = outside_run(tmp_path / "run", state="running", pid=1, pid_start=0.0, host="gpu-node-07")
    assert runs.read_status(folder)["state"] == "running", "a fresh status: the pid here means nothing"

    long_ago = time.time() - runs.SILENT_AFTER - 120
    status = json.loads((folder / "status.json").read_text(encoding="utf-8"))
    (folder / "status.json").write_text(json.dumps({**status, "updated": long_ago}), encoding="utf-8")
    os.utime(folder / METRICS_FILE, (long_ago, long_ago))
    silent = runs.read_status(folder)
    assert silent["state"] == "failed" and silent["error_rule"] == "silent"
    assert silent["error_values"] == {"host": "gpu-node-07", "minutes": round((runs.SILENT_AFTER + 120) / 60)}

    (folder / HEARTBEAT_FILE).touch()  # the trainer's heartbeat (a long evaluation logs nothing else)
    assert runs.read_status(folder)["state"] == "running"
    os.utime(folder / HEARTBEAT_FILE, (long_ago, long_ago))
    os.utime(folder / METRICS_FILE)  # a metrics row just now
    assert runs.read_status(folder)["state"] == "running"


def test_a_run_on_this_machine_is_judged_by_its_pid(data_dir: Path, tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    started = runs.process_start(child.pid)
    child.wait()
    for host in (runs.host(), None):  # None: a status written before hosts were recorded
        folder = outside_run(tmp_path / f"run-{host}", state="running", pid=child.pid, pid_start=started, host=host)
        (folder / HEARTBEAT_FILE).touch()  # fresh, but the pid here says the process is gone
        assert runs.read_status(folder)["error_rule"] == "vanished"


def test_a_run_another_machine_trains_leaves_this_machines_queue_free(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One run at a time here (STUDIO_MAX_RUNNING=1): a watched run on a cluster takes no turn of this machine's.
    With CPU training refused, a queued run that gets its turn fails at once with the refusal (no child starts)."""
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU here would really start the queued run")
    monkeypatch.setenv("STUDIO_MAX_RUNNING", "1")
    monkeypatch.setenv("STUDIO_ALLOW_CPU_TRAINING", "false")
    remote = outside_run(tmp_path / "node" / "run", state="running", pid=1, host="gpu-node-07")
    watched.watch(remote, runs.runs_dir())
    local = runs.create_run(StudioConfig(), runs.runs_dir())
    runs.write_status(local, state="running", pid=os.getpid(), pid_start=runs.process_start(os.getpid()))
    waiting = runs.create_run(StudioConfig(), runs.runs_dir())
    assert [r.trains_here for r in runs.list_runs(runs.runs_dir()) if r.state == "running"] == [True, False]
    assert runs.start_next(runs.runs_dir()) == [] and runs.read_status(waiting)["state"] == "queued"
    runs.write_status(local, state="finished")
    assert runs.start_next(runs.runs_dir()) == [] and runs.read_status(waiting)["state"] == "failed", "its turn came"


def test_keep_beating_touches_the_heartbeat_until_told_to_stop(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(runs, "HEARTBEAT_SECONDS", 0.05)
    until = threading.Event()
    runs.keep_beating(tmp_path, until)
    assert (tmp_path / HEARTBEAT_FILE).exists(), "the first beat comes at once"
    deadline = time.time() + 10
    first = (tmp_path / HEARTBEAT_FILE).stat().st_mtime_ns
    while (tmp_path / HEARTBEAT_FILE).stat().st_mtime_ns == first:
        assert time.time() < deadline, "touched once only"
        time.sleep(0.01)
    until.set()


def test_a_shared_studio_watches_nothing_for_a_visitor(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    folder = outside_run(tmp_path / "run")
    monkeypatch.setenv("STUDIO_MODE", "shared")
    for visitor in (VISITOR, access.user("ann"), access.NOBODY):
        with pytest.raises(AccessDenied) as refused:
            workspace.watch(visitor, str(folder))
        assert refused.value.rule == "watch_shared" and str(tmp_path) not in str(refused.value)
    assert not runs.runs_dir().exists() or watched.watched(runs.runs_dir()) == {}
    run_id = workspace.watch(access.MACHINE, str(folder))  # the host's CLI may
    assert watched.watched(runs.runs_dir()) == {run_id: folder}
    monkeypatch.setenv("STUDIO_MODE", "local")
    assert workspace.watch(VISITOR, f"  {folder}  ") == run_id


def test_a_watched_cluster_run_resumes_on_the_cluster_not_here(data_dir: Path, tmp_path: Path) -> None:
    cluster = watched.watch(outside_run(tmp_path / "cluster" / "run", state="stopped", machines=2), runs.runs_dir())
    with pytest.raises(WatchError) as refused:
        workspace.resume(VISITOR, cluster)
    assert refused.value.rule == "cluster_resume" and refused.value.values == {"machines": 2}
    assert "launch-script" in str(refused.value)
    assert runs.read_status(runs.runs_dir() / cluster)["state"] == "stopped", "nothing was queued"
    single = watched.watch(outside_run(tmp_path / "one" / "run", state="stopped"), runs.runs_dir())
    watched.check_resume(runs.runs_dir() / single)  # one machine: resumed as any run is (the slow test does)


@pytest.mark.slow  # a real run in a child process, stopped and resumed through the studio's link
def test_a_run_started_by_the_cli_elsewhere_is_watched_charted_stopped_and_resumed(
    tiny_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-storage"
    shared.mkdir()
    save_yaml(tiny_config(tiny_model, max_steps=2000, eval_steps=0, save_steps=1000), shared / "config.yaml")
    folder = shared / "job"
    env = {**runs.child_env(), "STUDIO_DATA_DIR": str(tmp_path / "elsewhere")}  # not this studio's data dir
    command = [sys.executable, "-m", "training", "run", str(shared / "config.yaml"), "--run-dir", str(folder)]
    with (tmp_path / "job.log").open("w") as log:
        job = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 240
        while not (folder / "status.json").exists():
            assert job.poll() is None and time.time() < deadline, (tmp_path / "job.log").read_text()[-3000:]
            time.sleep(0.2)
        listed = cli("watch", str(folder), data_dir=data_dir, timeout=120)
        assert listed.returncode == 0, listed.stderr[-2000:]
        run_id = listed.stdout.split()[0]
        assert run_id == "shared-storage-job" and "running" in listed.stdout
        assert [r.id for r in workspace.run_list(VISITOR)] == [run_id]
        link = workspace.run_dir(VISITOR, run_id)

        offset, losses = 0, []
        while len(losses) < 2:  # the charts' reading: new rows from the last offset, while it runs
            assert time.time() < deadline, (tmp_path / "job.log").read_text()[-3000:]
            rows, offset = read_metrics(link, offset)
            losses += [r["loss"] for r in rows if "loss" in r]
            time.sleep(0.2)
        assert runs.read_status(link)["state"] == "running"
        assert runs.read_status(link)["host"] == runs.host()
        assert (folder / HEARTBEAT_FILE).exists()

        workspace.stop(VISITOR, run_id)
        assert job.wait(timeout=120) == 0, (tmp_path / "job.log").read_text()[-3000:]
        status = runs.read_status(link)
        assert status["state"] == "stopped" and 0 < status["step"] < 2000, status
        assert (folder / "checkpoints" / f"checkpoint-{status['step']}").is_dir()

        workspace.resume(VISITOR, run_id)  # through the link: the studio starts `training resume` on it
        status = runs.read_status(link)
        assert status["state"] == "running" and status["host"] == runs.host(), status
        resumed = status["pid"]
        while not runs.read_status(link).get("resumed_from"):
            assert time.time() < deadline, (folder / "train.log").read_text()[-3000:]
            time.sleep(0.2)
        workspace.stop(VISITOR, run_id)
        while runs.read_status(link)["state"] == "running":
            assert time.time() < deadline, (folder / "train.log").read_text()[-3000:]
            time.sleep(0.5)
        status = runs.read_status(link)
        assert status["state"] == "stopped" and status["pid"] == resumed, status
        assert (folder / "train.log").exists(), "the studio's resume logs into the run's own folder"
        listed = cli("watch", data_dir=data_dir, timeout=120)  # no PATH: every watched run, its state and folder
        assert listed.stdout.split() == [run_id, "stopped", str(folder)], listed.stderr[-2000:]
        forgot = cli("watch", "--forget", run_id, data_dir=data_dir, timeout=120)
        assert forgot.returncode == 0 and watched.watched(runs.runs_dir()) == {}, forgot.stderr[-2000:]
        assert (folder / "model").is_dir() and (folder / "config.yaml").is_file()
    finally:
        if job.poll() is None:
            job.kill()
