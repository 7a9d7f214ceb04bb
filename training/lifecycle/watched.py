"""Runs the studio watches but did not start: a run folder elsewhere (one a cluster trains into, on shared storage,
with `python -m training run CONFIG --run-dir D`) linked into the studio's runs folder by a symbolic link named by
its id. Whatever reads or changes a run goes through the link unchanged: the run list, the charts (metrics.jsonl),
Stop (the STOP file the trainer checks on every machine) and Resume. Forgetting a run removes the link, never the
folder it names.

A link is made in one system call, whole or not at all, and never over an existing name: two studios that watch at
once get two ids, not one half-made entry.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from training.config.studio import ConfigError
from training.lifecycle import runs
from training.lifecycle.metrics import METRICS_FILE


class WatchError(ValueError):
    """A folder this studio cannot watch, or a watched run it may not resume: `rule` and `values` for the page's
    words (studio/strings/train.py, `watch_<rule>`), the message for the CLI."""

    def __init__(self, rule: str, message: str, **values: object) -> None:
        self.rule, self.values = rule, values
        super().__init__(message)


def is_watched(run_dir: str | Path) -> bool:
    return Path(run_dir).is_symlink()


def watched(runs_root: str | Path) -> dict[str, Path]:
    """Every watched run's id and the folder it names (which may be gone: an unmounted share, a deleted folder)."""
    root = Path(runs_root)
    if not root.is_dir():
        return {}
    return {p.name: Path(os.readlink(p)) for p in sorted(root.iterdir()) if p.is_symlink()}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")


def check_folder(path: str | Path) -> Path:
    """The absolute folder of a run that `python -m training run` trains or trained: its config.yaml, and its
    status.json or metrics.jsonl (machine 0 writes both; a folder with neither is not a run yet)."""
    if not str(path).strip():
        raise WatchError("missing", "no folder named", path="")
    folder = Path(path).expanduser().resolve()
    if not folder.is_dir():
        raise WatchError("missing", f"{folder} is not a folder on this machine", path=str(folder))
    if not (folder / "config.yaml").is_file() or not any(
        (folder / name).is_file() for name in ("status.json", METRICS_FILE)
    ):
        raise WatchError(
            "not_run",
            f"{folder} holds no run: it needs config.yaml and status.json or metrics.jsonl",
            path=str(folder),
        )
    return folder


def watch(path: str | Path, runs_root: str | Path) -> str:
    """Watch the run folder at `path`: its id in `runs_root` (the id it already has when it is watched or lives
    there)."""
    folder = check_folder(path)
    root = Path(runs_root)
    root.mkdir(parents=True, exist_ok=True)
    if folder.parent == root.resolve():
        return folder.name
    for run_id, target in watched(root).items():
        if target == folder:
            return run_id
    if runs.read_status(folder).get("state") == "queued":  # another studio's queue starts it; ours would too
        raise WatchError(
            "queued", f"{folder} is a run queued by another studio; watch it once it starts", path=str(folder)
        )
    stem = _slug(f"{folder.parent.name}-{folder.name}")[:100] or "run"
    for n in range(1, 1000):
        run_id = stem if n == 1 else f"{stem}-{n}"
        try:
            os.symlink(folder, root / run_id, target_is_directory=True)
        except FileExistsError:
            continue
        return run_id
    raise WatchError("taken", f"ids {stem} to {stem}-999 are all taken in {root}", id=stem)


def forget(run_id: str, runs_root: str | Path) -> Path:
    """Stop watching a run: its link goes, the folder it named stays as it is. Returns that folder."""
    link = Path(runs_root) / run_id
    if "/" in run_id or os.sep in run_id or not link.is_symlink():
        raise WatchError("not_watched", f"{run_id!r} is not a watched run", id=run_id)
    target = Path(os.readlink(link))
    link.unlink()
    return target


def check_resume(run_dir: str | Path) -> None:
    """A watched run trained over several machines resumes on all of them, machine 0 first, with the cluster's own
    commands: resumed from here, this machine would start the job alone and wait for machines that never come."""
    if not is_watched(run_dir):
        return
    try:
        machines = runs.load_config(run_dir).training.num_machines
    except (ConfigError, OSError):
        return  # the run itself says what is wrong with its config when it starts
    if machines > 1:
        raise WatchError(
            "cluster_resume",
            f"this run trains on {machines} machines: resume it on each of them with the launch commands "
            "(python -m training launch-script), not from here",
            machines=machines,
        )
