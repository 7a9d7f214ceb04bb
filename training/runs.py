"""Run directories: a run is a folder that anyone (UI, CLI, tests, a restarted UI) can read everything from.

States: queued, running, finished, failed (with the error), stopped.
Layout: config.yaml, status.json, metrics.jsonl, train.log, checkpoints/, model/ (the final adapter or model).
The UI starts a run as a child process running exactly the CLI command, detached into its own session so that
it outlives the UI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from training.config import StudioConfig, load_yaml, save_yaml
from training.metrics import STOP_FILE

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class RunInfo:
    path: Path
    status: dict[str, Any]

    @property
    def id(self) -> str:
        return self.path.name

    @property
    def state(self) -> str:
        return self.status.get("state", "unknown")


def write_status(run_dir: Path, **fields: Any) -> dict[str, Any]:
    """Merge fields into status.json atomically (write a temp file, then rename)."""
    path = Path(run_dir) / "status.json"
    status = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    status.update(fields)
    status["updated"] = time.time()
    tmp = path.with_name(f"status.json.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return status


def process_start(pid: int) -> str | None:
    """The kernel's start time of a process: with the pid it names one process, even after the pid is reused."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _alive(pid: int | None, started_at: str | None) -> bool:
    """True while the run's own process lives (not a zombie, not another process that got its pid)."""
    if not pid:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: all we can ask is whether the pid exists
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True
    return state != "Z" and (started_at is None or process_start(pid) == started_at)


def read_status(run_dir: str | Path) -> dict[str, Any]:
    """The run's status; a run whose process vanished without a word (kill -9, reboot) reads as failed."""
    run_dir = Path(run_dir)
    path = run_dir / "status.json"
    if not path.exists():
        return {"state": "unknown"}
    status = json.loads(path.read_text(encoding="utf-8"))
    if status.get("state") == "running" and not _alive(status.get("pid"), status.get("pid_start")):
        status = {**status, "state": "failed", "error": "the training process ended without reporting (killed?)"}
    return status


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text.rsplit("/", 1)[-1]).strip("-").lower()[:24] or "model"


def create_run(config: StudioConfig, runs_root: str | Path, *, label: str = "") -> Path:
    """A new run directory holding the config, in state queued."""
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
    )
    return run_dir


def command(run_dir: Path) -> list[str]:
    """Exactly what a person would type to run this headless."""
    return [sys.executable, "-m", "training", "run", str(run_dir / "config.yaml"), "--run-dir", str(run_dir)]


def child_env() -> dict[str, str]:
    """Environment for a training child: passive OpenMP waits so it and the UI don't spin against each other."""
    env = dict(os.environ)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def start(run_dir: str | Path) -> int:
    """Start the run in its own session so it survives the UI; returns the child's pid."""
    run_dir = Path(run_dir)
    log = (run_dir / "train.log").open("ab")
    proc = subprocess.Popen(
        command(run_dir),
        cwd=PROJECT_ROOT,
        env=child_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    write_status(run_dir, state="running", pid=proc.pid, pid_start=process_start(proc.pid), started=time.time())
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


def list_runs(runs_root: str | Path) -> list[RunInfo]:
    """Every run under the root, newest first."""
    root = Path(runs_root)
    if not root.exists():
        return []
    runs = [RunInfo(p, read_status(p)) for p in root.iterdir() if (p / "status.json").exists()]
    return sorted(runs, key=lambda r: r.status.get("created", 0), reverse=True)


def load_config(run_dir: str | Path) -> StudioConfig:
    return load_yaml(Path(run_dir) / "config.yaml")
