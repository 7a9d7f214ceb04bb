"""Run directories: a run is a folder that anyone (UI, CLI, tests, a restarted UI) can read everything from.

States: queued, running, finished, failed (with the error), stopped.
Layout: config.yaml, status.json, metrics.jsonl, train.log, checkpoints/, model/ (the final adapter or model).
The UI starts a run as a child process running exactly the CLI command, detached into its own session so that
it outlives the UI.

The queue is the runs folder itself: `submit` writes a queued run and `start_next` starts the oldest queued run
while fewer than `max_running()` run. A run calls `start_next` when it ends, so a queue drains with no UI open;
the UI calls it too, which covers runs that were killed before they could.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from core import atomic, settings
from core.locks import held
from training.config.studio import StudioConfig, load_yaml, save_yaml
from training.lifecycle.metrics import HEARTBEAT_FILE, METRICS_FILE, STOP_FILE

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ACTIVE = ("queued", "running")  # states in which a run holds (or waits for) the device
# A run trained on another machine (a cluster's, its folder on shared storage) has a pid that means nothing here: it
# lives while its folder shows a sign of life this recently. The trainer touches its heartbeat every
# HEARTBEAT_SECONDS (train.py); ten missed beats leave room for a machine too loaded to beat, NFS caching what we
# see of a file's time (60 s by default) and two machines' clocks a few seconds apart.
HEARTBEAT_SECONDS = 30.0
SILENT_AFTER = 300.0


@dataclass
class StatusFolder:
    """A folder that keeps its state in status.json: a run, a recipe job."""

    path: Path
    status: dict[str, Any]

    @property
    def id(self) -> str:
        return self.path.name

    @property
    def state(self) -> str:
        return self.status.get("state", "unknown")

    @property
    def owner(self) -> str | None:
        return self.status.get("owner")


class RunInfo(StatusFolder):
    @property
    def trains_here(self) -> bool:
        """Running on this machine: a watched run that another machine trains holds none of this one's devices."""
        return self.state == "running" and (self.status.get("host") or host()) == host()


def runs_dir() -> Path:
    """Where the studio keeps its runs: <data dir>/runs."""
    return settings.data_dir() / "runs"


def write_status(run_dir: Path, **fields: Any) -> dict[str, Any]:
    """Merge fields into status.json atomically."""
    path = Path(run_dir) / "status.json"
    status = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    status.update(fields)
    status["updated"] = time.time()
    atomic.write_json(path, status)
    return status


def process_start(pid: int) -> float | None:
    """When a process started: with the pid it names one process, even after the pid is reused."""
    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return None


def _alive(pid: int | None, started_at: float | str | None) -> bool:
    """True while the run's own process lives (not a zombie, not another process that got its pid)."""
    if not pid:
        return False
    if isinstance(started_at, str):  # written by a studio that read /proc: another clock, so only the pid can tell
        started_at = None
    try:
        proc = psutil.Process(pid)
        return proc.status() != psutil.STATUS_ZOMBIE and (started_at is None or proc.create_time() == started_at)
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:  # another account's process holds the pid: not ours, or ours but unreadable
        return started_at is None


def host() -> str:
    """This machine's name, recorded beside a run's pid: a pid is checked only on the machine that wrote it."""
    return socket.gethostname()


def keep_beating(run_dir: Path, until: threading.Event) -> None:
    """Touch the run's heartbeat now and every HEARTBEAT_SECONDS until `until` is set, from a daemon thread of the
    process that owns the run: loading a large model or a long evaluation writes nothing else for minutes."""

    def beat() -> None:
        while not until.wait(HEARTBEAT_SECONDS):
            with suppress(OSError):  # shared storage hiccups; the next beat tries again
                (run_dir / HEARTBEAT_FILE).touch()

    with suppress(OSError):
        (run_dir / HEARTBEAT_FILE).touch()  # the first beat before this returns: the folder says it lives at once
    threading.Thread(target=beat, name="heartbeat", daemon=True).start()


def last_sign(run_dir: Path, status: dict[str, Any]) -> float:
    """When the run last showed it lives: its status written, its heartbeat touched or a metrics row appended."""
    times = [status.get("updated") or 0.0]
    for name in (HEARTBEAT_FILE, METRICS_FILE):
        try:
            times.append((run_dir / name).stat().st_mtime)
        except OSError:
            continue
    return max(times)


def read_status(run_dir: str | Path) -> dict[str, Any]:
    """The run's status; a run whose process vanished without a word (kill -9, reboot) reads as failed, and so does
    a run on another machine that has shown no sign of life for SILENT_AFTER seconds (it may come back: nothing is
    written, the next read says what is true then)."""
    run_dir = Path(run_dir)
    path = run_dir / "status.json"
    if not path.exists():
        return {"state": "unknown"}
    status = json.loads(path.read_text(encoding="utf-8"))
    if status.get("state") != "running":
        return status
    if (status.get("host") or host()) == host():  # no host: written before hosts were recorded, here
        if _alive(status.get("pid"), status.get("pid_start")):
            return status
        error = "the training process ended without reporting (killed?)"  # error_rule: the studio's words for it
        return {**status, "state": "failed", "error": error, "error_rule": "vanished"}
    silent = time.time() - last_sign(run_dir, status)
    if silent <= SILENT_AFTER:
        return status
    minutes = round(silent / 60)
    error = f"no sign of life from the training process on {status['host']} for {minutes} minutes"
    values = {"host": status["host"], "minutes": minutes}
    return {**status, "state": "failed", "error": error, "error_rule": "silent", "error_values": values}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text.rsplit("/", 1)[-1]).strip("-").lower()[:24] or "model"


def create_run(config: StudioConfig, runs_root: str | Path, *, label: str = "", owner: str | None = None) -> Path:
    """A new run directory holding the config, in state queued; `owner` (a visitor's id, training/visitors/access.py)
    is recorded in its status, None for a shared run (the CLI's)."""
    runs_root = Path(runs_root)
    runs_root.mkdir(parents=True, exist_ok=True)
    stem = f"{time.strftime('%Y%m%d-%H%M%S')}-{config.task}-{_slug(label or config.model.name_or_path)}"
    run_dir, n = runs_root / stem, 1
    while run_dir.exists():
        n += 1
        run_dir = runs_root / f"{stem}-{n}"
    run_dir.mkdir()
    save_yaml(config, run_dir / "config.yaml")
    write_status(
        run_dir,
        state="queued",
        created=time.time(),
        task=config.task,
        model=config.model.name_or_path,
        dataset=config.data.dataset,
        command=command(run_dir),
        owner=owner,
    )
    return run_dir


def command(run_dir: Path, *, resume: bool = False) -> list[str]:
    """Exactly what a person would type to run this headless (or to resume it from its last checkpoint)."""
    if resume:
        return [sys.executable, "-m", "training", "resume", str(run_dir)]
    return [sys.executable, "-m", "training", "run", str(run_dir / "config.yaml"), "--run-dir", str(run_dir)]


def child_env() -> dict[str, str]:
    """Environment for a training child: passive OpenMP waits so it and the UI don't spin against each other."""
    env = dict(os.environ)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def yielding(argv: list[str]) -> list[str]:
    """`argv` under `nice` at $STUDIO_RUN_NICENESS where there is one (POSIX), so the page stays quick beside it;
    `nice` execs the command, so the pid is the run's own."""
    level, nice = settings.read("run_niceness"), shutil.which("nice")
    return [nice, "-n", str(level), *argv] if level and nice else argv


class TrainingRefused(ValueError):
    """This machine may not train now (STUDIO_ALLOW_CPU_TRAINING is off and there is no GPU)."""


def check_allowed() -> None:
    """Refuse before anything is queued or started when training would run on a CPU that the host keeps for the UI."""
    if settings.read("allow_cpu_training"):
        return
    import torch  # only here: listing and reading runs must not load torch

    if not torch.cuda.is_available():
        raise TrainingRefused(
            "training on this machine's CPU is turned off (STUDIO_ALLOW_CPU_TRAINING=false) and no CUDA GPU is "
            "available; use the CLI on a machine with a GPU, or set STUDIO_ALLOW_CPU_TRAINING=true"
        )


def start(run_dir: str | Path, *, resume: bool = False) -> int:
    """Start the run in its own session so it survives the UI; returns the child's pid. TrainingRefused when
    `check_allowed` says no."""
    check_allowed()
    run_dir = Path(run_dir)
    log = (run_dir / "train.log").open("ab")
    proc = subprocess.Popen(
        yielding(command(run_dir, resume=resume)),
        cwd=PROJECT_ROOT,
        env=child_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    write_status(
        run_dir, state="running", pid=proc.pid, pid_start=process_start(proc.pid), host=host(), started=time.time()
    )
    # Reap the child when it ends so it never lingers as a zombie that looks alive.
    threading.Thread(target=proc.wait, daemon=True).start()
    return proc.pid


def stop(run_dir: str | Path) -> None:
    """Ask the run to end at the next step: it saves a checkpoint and the final model, then reports 'stopped'."""
    run_dir = Path(run_dir)
    (run_dir / STOP_FILE).touch()
    status = read_status(run_dir)
    if status.get("state") == "queued":  # never started: nothing will read the STOP file
        write_status(run_dir, state="stopped", ended=time.time())


def max_running() -> int:
    """Runs trained at once: one per device by default ($STUDIO_MAX_RUNNING); a second run on the same CPU or GPU
    only makes both slower."""
    return settings.read("max_running")


@contextmanager
def _queue_lock(runs_root: Path) -> Iterator[None]:
    """One process at a time decides what starts next (the UI, a finishing run and the CLI may all ask at once)."""
    with held(runs_root / ".queue.lock"):
        yield


def submit(config: StudioConfig, runs_root: str | Path, *, label: str = "", owner: str | None = None) -> Path:
    """Queue a new run and start it at once if the device is free; TrainingRefused (nothing queued) when this
    machine may not train."""
    check_allowed()
    run_dir = create_run(config, runs_root, label=label, owner=owner)
    start_next(runs_root)
    return run_dir


def start_next(runs_root: str | Path) -> list[Path]:
    """Start queued runs, oldest first, while fewer than `max_running()` are running; returns those started."""
    runs_root, started = Path(runs_root), []
    with _queue_lock(runs_root):
        found = list_runs(runs_root)
        free = max_running() - sum(r.trains_here for r in found)
        for run in sorted((r for r in found if r.state == "queued"), key=lambda r: r.status.get("created", 0)):
            if free <= 0:
                break
            try:
                start(run.path, resume=bool(run.status.get("resume")))
            except TrainingRefused as exc:  # queued before the setting changed: say why instead of waiting forever
                write_status(run.path, state="failed", error=str(exc), ended=time.time())
                continue
            started.append(run.path)
            free -= 1
    return started


def resume(run_dir: str | Path) -> None:
    """Queue a stopped, failed or killed run to continue from its last checkpoint (it starts when the device is
    free). A run that is running or already queued is left alone."""
    run_dir = Path(run_dir)
    state = read_status(run_dir).get("state")
    if state in ("running", "queued"):
        raise ValueError(f"run {run_dir.name} is {state}; only a stopped, failed or finished run can be resumed")
    check_allowed()
    (run_dir / STOP_FILE).unlink(missing_ok=True)
    write_status(run_dir, state="queued", resume=True, queued=time.time(), error=None)
    start_next(run_dir.parent)


def is_run(folder: Path) -> bool:
    """A run folder: its status, or for a watched run (a link, watched.py) its metrics while machine 0 has written
    no status yet."""
    return (folder / "status.json").exists() or (folder.is_symlink() and (folder / METRICS_FILE).exists())


def list_runs(runs_root: str | Path) -> list[RunInfo]:
    """Every run under the root, newest first."""
    root = Path(runs_root)
    if not root.exists():
        return []
    runs = [RunInfo(p, read_status(p)) for p in root.iterdir() if is_run(p)]
    # A run trained by `python -m training run` alone (a watched one: watched.py) has no `created`: it began when
    # it started.
    return sorted(runs, key=lambda r: r.status.get("created") or r.status.get("started") or 0, reverse=True)


def load_config(run_dir: str | Path) -> StudioConfig:
    return load_yaml(Path(run_dir) / "config.yaml")
