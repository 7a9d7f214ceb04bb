"""A recipe as a background job: minutes to an hour of work that a page starts, then reads back across reloads and
restarts, as it reads a run.

A job is a folder, <data dir>/recipes/<job id>/: `status.json` (state running, finished or failed with the error;
the owner, the recipe's arguments, the command, the process's pid, its start time and host; on finish the stored
dataset, the run and the scores), `progress.jsonl` (each stage the recipe says, one JSON line, flushed and synced
before the next) and `recipe.log` (the process's own output). The process is exactly the CLI's command with
`--job`, started as runs.start starts a run (under `nice`, the same environment, its own session so it outlives
the page) and judged alive as a run is (runs.read_status: a process gone without a word reads as failed).

One job runs at a time on a machine: each trains, and a second would only wait for the device behind the first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from core import settings
from core.locks import held
from training.lifecycle import runs
from training.lifecycle.metrics import read_new_lines
from training.recipes.legal import LegalRecipe, Said

PROGRESS_FILE = "progress.jsonl"
LOG_FILE = "recipe.log"
STATUS_LOCK = ".status.lock"  # the page's first write and the job's own writes never cross


class RecipeBusy(RuntimeError):
    """A recipe job already runs on this machine (perhaps another visitor's: its id, in `job`, names no dataset)."""

    def __init__(self, job: str) -> None:
        self.job = job
        super().__init__("a recipe is running on this machine; one recipe runs at a time")


class Job(runs.StatusFolder):
    """A recipe job's folder: progress.jsonl, status.json, recipe.log."""


def jobs_dir() -> Path:
    return settings.data_dir() / "recipes"


def command(recipe: LegalRecipe, job_dir: Path) -> list[str]:
    """What a person would type to run this recipe headless into `job_dir` (the label rule and pool travel; the
    other label options keep their defaults, as on the command line)."""
    argv = [sys.executable, "-m", "training", "recipe", "legal", "--corpus", recipe.corpus, "--name", recipe.name]
    for flag, value in (("--questions", recipe.questions), ("--cases", recipe.cases)):
        if value:
            argv += [flag, str(value)]
    argv += ["--steps", str(recipe.steps)] if recipe.steps else ["--minutes", f"{recipe.minutes:g}"]
    argv += ["--model", recipe.model, "--max-seq-length", str(recipe.max_seq_length)]
    argv += [
        "--score-corpus",
        str(recipe.score_corpus),
        "--rule",
        recipe.labels.rule,
        "--pool",
        str(recipe.labels.pool),
    ]
    if recipe.owner:
        argv += ["--owner", recipe.owner]
    return argv + ["--job", str(job_dir)]


def read_job(job_dir: str | Path) -> Job:
    return Job(Path(job_dir), runs.read_status(job_dir))


def read_progress(job_dir: str | Path, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """The stages said since `offset` ({"stage", "numbers", "time"} each, in order) and the offset to pass next."""
    return read_new_lines(Path(job_dir) / PROGRESS_FILE, offset)


def list_jobs() -> list[Job]:
    """Every job, newest first."""
    root = jobs_dir()
    if not root.is_dir():
        return []
    found = [read_job(p) for p in root.iterdir() if (p / "status.json").is_file()]
    return sorted(found, key=lambda j: j.status.get("created") or 0, reverse=True)


def _new_folder(root: Path, kind: str) -> Path:
    stem = f"{time.strftime('%Y%m%d-%H%M%S')}-{kind}"  # no dataset name: another visitor may hear of a busy job
    folder, n = root / stem, 1
    while folder.exists():
        n += 1
        folder = root / f"{stem}-{n}"
    folder.mkdir(parents=True)
    return folder


def start(recipe: LegalRecipe) -> Path:
    """Start the recipe as its own process; its job folder. RecipeBusy while another job runs on this machine."""
    root = jobs_dir()
    root.mkdir(parents=True, exist_ok=True)
    with held(root / ".start.lock"):
        running = next((job for job in list_jobs() if job.state == "running"), None)
        if running is not None:
            raise RecipeBusy(running.id)
        job_dir = _new_folder(root, "legal")
        argv = command(recipe, job_dir)
        with held(job_dir / STATUS_LOCK), (job_dir / LOG_FILE).open("ab") as log:
            proc = subprocess.Popen(
                runs.yielding(argv),
                cwd=runs.PROJECT_ROOT,
                env=runs.child_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            mark_running(job_dir, recipe, proc.pid, command=argv)
    threading.Thread(target=proc.wait, daemon=True).start()  # reaped when it ends: never a zombie that looks alive
    return job_dir


def mark_running(job_dir: Path, recipe: LegalRecipe, pid: int, **more: Any) -> None:
    """The job's status as its process starts: what it runs, for whom, and the process that runs it."""
    runs.write_status(
        job_dir,
        state="running",
        kind="legal",
        owner=recipe.owner,
        recipe=_arguments(recipe),
        created=time.time(),
        pid=pid,
        pid_start=runs.process_start(pid),
        host=runs.host(),
        **more,
    )


def _arguments(recipe: LegalRecipe) -> dict[str, Any]:
    return {k: v for k, v in asdict(recipe).items() if k != "labels"} | {"labels": recipe.labels.to_dict()}


# The job's own process (the CLI with --job)


def begin(job_dir: Path, recipe: LegalRecipe) -> Said:
    """Mark the job running (when the CLI was typed by hand, not started by `start`) and return its journal."""
    job_dir.mkdir(parents=True, exist_ok=True)
    with held(job_dir / STATUS_LOCK):
        if not (job_dir / "status.json").is_file():
            mark_running(job_dir, recipe, os.getpid())
    return journal(job_dir)


def journal(job_dir: Path) -> Said:
    """The `said` that appends each stage to progress.jsonl: one write of a whole line, flushed and synced, so a
    reader never sees half a line and a crash loses at most the stage being said."""
    path = job_dir / PROGRESS_FILE

    def said(stage: str, numbers: dict[str, Any]) -> None:
        line = json.dumps({"stage": stage, "numbers": numbers, "time": time.time()}, ensure_ascii=False, default=str)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    return said


def finish(job_dir: Path, report: dict[str, Any]) -> None:
    """The outcome the page shows: the stored (mined) dataset, the run's id, the sized config and the scores."""
    kept = {k: report[k] for k in ("dataset", "config", "scores", "seconds") if k in report}
    with held(job_dir / STATUS_LOCK):
        runs.write_status(job_dir, state="finished", ended=time.time(), run=Path(report["run"]).name, **kept)


def fail(job_dir: Path, exc: BaseException) -> None:
    """The error as the exception says it (the page hides server paths in a shared studio), with its kind."""
    with held(job_dir / STATUS_LOCK):
        runs.write_status(
            job_dir,
            state="failed",
            ended=time.time(),
            error=str(exc) or type(exc).__name__,
            error_kind=type(exc).__name__,
        )
