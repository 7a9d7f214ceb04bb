"""What a visitor does with datasets, runs and exports: each call checks who asks (training/visitors/access.py) before
it touches the store or a run, so the page, the CLI and the tests meet the same rules. The machine's own user
(`access.MACHINE`) passes every check, which is how the CLI keeps its powers.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from core import locks, settings
from datasets_spec import store, uploads
from training.config.studio import StudioConfig
from training.insight import pace
from training.insight.pace import Pace
from training.lifecycle import runs, watched
from training.lifecycle.sweep import Sweep, configs
from training.lifecycle.sweep import submit as sweep_submit
from training.publish import hub
from training.publish.export import export
from training.publish.hub import Pushed
from training.visitors import access
from training.visitors.access import AccessDenied, Visitor

_RUN_ID = re.compile(r"^[\w][\w.-]{0,127}$")


# Datasets


def dataset_owner(name: str) -> str | None:
    """The owner recorded in a stored dataset's manifest (None: shared, or a bundled sample not stored yet)."""
    folder = store.datasets_dir() / store.check_name(name)
    return store.read_manifest(folder).get("owner") if (folder / "manifest.json").exists() else None


def dataset_names(visitor: Visitor) -> list[str]:
    """The datasets `visitor` may see: the shared ones and their own."""
    return store.list_datasets(None if visitor.is_machine else visitor.owner or "")


def check_dataset_name(visitor: Visitor, name: str) -> str:
    """A dataset named by a visitor: a stored name they may read (in shared mode never a folder path)."""
    if access.looks_like_path(name) and not _stored(name):
        access.check_local_path(visitor, name)
        return name
    if name in store.BUNDLED:
        return name
    if not (store.datasets_dir() / store.check_name(name) / "manifest.json").exists():
        # The store's own message lists every stored name; a visitor hears only the names they may see.
        known = ", ".join(dataset_names(visitor)) or "none yet"
        raise FileNotFoundError(f"dataset {name!r} not found (stored: {known})")
    access.check_read(visitor, dataset_owner(name), "dataset", name)
    return name


def _stored(name: str) -> bool:
    """A stored dataset of that name: it wins over a relative path that happens to exist. (Joined to the datasets
    folder, an absolute path is itself: it must never read as stored.)"""
    try:
        return (store.datasets_dir() / store.check_name(name) / "manifest.json").exists()
    except ValueError:
        return False


def open_dataset(visitor: Visitor, name: str) -> store.StoredDataset:
    return store.load(check_dataset_name(visitor, name))


def rename_dataset(visitor: Visitor, old: str, new: str) -> Path:
    access.check_change(visitor, dataset_owner(old), "dataset", old)
    return store.rename_dataset(old, new)


def share_dataset(visitor: Visitor, name: str) -> Path:
    access.check_change(visitor, dataset_owner(name), "dataset", name)
    return store.share_dataset(name)


def delete_dataset(visitor: Visitor, name: str) -> None:
    if name in store.BUNDLED:
        access.check_change(visitor, None, "dataset", name)
    access.check_change(visitor, dataset_owner(name), "dataset", name)
    store.delete_dataset(name)


def check_can_store(visitor: Visitor, name: str) -> str | None:
    """Before a visitor stores a dataset: they have a session, the name is not someone else's, and their quota
    has room. Returns the owner to record (None: shared, as a script or a page without an id in local mode)."""
    access.check_can_make(visitor)
    store.check_name(name)
    if (store.datasets_dir() / name).exists():
        access.check_change(visitor, dataset_owner(name), "dataset", name)
    check_quota(visitor, new_dataset=True)
    return access.stored_owner(visitor)


# Runs


def run_owner(run_dir: Path) -> str | None:
    return runs.read_status(run_dir).get("owner")


def run_dir(visitor: Visitor, run_id: str, *, change: bool = False) -> Path:
    """The folder of a run named by a visitor: a plain id under the runs folder that they may open (or change)."""
    if not _RUN_ID.match(run_id or "") or not runs.is_run(runs.runs_dir() / run_id):
        raise FileNotFoundError(f"run {run_id!r} not found")
    folder = runs.runs_dir() / run_id
    if change:
        access.check_change(visitor, run_owner(folder), "run", run_id)
    else:
        access.check_read(visitor, run_owner(folder), "run", run_id)
    return folder


def run_list(visitor: Visitor) -> list[runs.RunInfo]:
    """The runs `visitor` sees, newest first: in shared mode their own and shared ones; in local mode all."""
    found = runs.list_runs(runs.runs_dir())
    return [r for r in found if access.visible(visitor, r.status.get("owner"), listed_for_all=True)]


def check_config(visitor: Visitor, config: StudioConfig) -> None:
    """Everything a config names on a visitor's behalf: the dataset, the model, files, trackers, machines."""
    check_dataset_name(visitor, config.data.dataset)
    access.check_config_paths(visitor, config)
    access.check_trackers(visitor, list(config.training.report_to))
    access.check_machines(visitor, config)


def measure_pace(visitor: Visitor, config: StudioConfig) -> Pace:
    """Time a few real steps of the visitor's config: it trains on this machine on their behalf, so it is checked
    as a run is (may they make things, may this config's data and files be read for them, may this machine train)."""
    access.check_can_make(visitor)
    check_config(visitor, config)
    runs.check_allowed()
    if any(run.trains_here for run in runs.list_runs(runs.runs_dir())):
        raise pace.PaceBusy("training")
    try:  # one probe at a time on this machine, for every visitor
        with locks.held(settings.data_dir() / "locks" / "pace.lock", wait=False):
            return pace.measure(config)
    except locks.LockBusy:
        raise pace.PaceBusy("measuring") from None


def submit(visitor: Visitor, config: StudioConfig, *, label: str = "") -> Path:
    """Queue a run for `visitor` once their config and quota allow it; the run is theirs."""
    access.check_can_make(visitor)
    check_config(visitor, config)
    check_quota(visitor, new_runs=1)
    return runs.submit(config, runs.runs_dir(), label=label, owner=access.stored_owner(visitor))


def submit_sweep(visitor: Visitor, sweep: Sweep) -> list[Path]:
    """Queue a sweep's trials for `visitor`: every trial's config is checked and the quota counts them all."""
    access.check_can_make(visitor)
    trials = configs(sweep)
    for _, config in trials:
        check_config(visitor, config)
    check_quota(visitor, new_runs=len(trials))
    return sweep_submit(sweep, runs.runs_dir(), owner=access.stored_owner(visitor))


def stop(visitor: Visitor, run_id: str) -> None:
    runs.stop(run_dir(visitor, run_id, change=True))


def resume(visitor: Visitor, run_id: str) -> None:
    folder = run_dir(visitor, run_id, change=True)
    watched.check_resume(folder)
    check_quota(visitor, new_runs=1)
    runs.resume(folder)


def watch(visitor: Visitor, path: str) -> str:
    """Watch a run folder that a visitor names on this machine (a cluster's, on shared storage): its run id. Local
    mode only (access.check_watch); the folder itself is checked by watched.check_folder."""
    access.check_watch(visitor)
    return watched.watch(path.strip(), runs.runs_dir())


# Exports and pushes


def exports_dir(visitor: Visitor) -> Path:
    """Where a visitor's exports go in shared mode: their own folder under the data dir."""
    return settings.data_dir() / "exports" / (visitor.owner or "shared")


def export_run(visitor: Visitor, run_id: str, kind: str, out: str, *, force: bool = False) -> Path:
    """Export a run the visitor may open. Local mode: into any folder `out` (replaced only with `force`). Shared
    mode: `out` is a plain name, the folder goes under the visitor's own exports folder and never replaces one."""
    folder = run_dir(visitor, run_id)
    if visitor.is_machine or not access.shared_mode():
        return export(folder, kind, out, force=force)
    access.check_can_make(visitor)
    if force:
        raise AccessDenied("no_replace", "this studio is shared: an export never replaces a folder; pick a new name")
    name = store.check_name((out or "").strip() or f"{run_id}-{kind}")
    target = exports_dir(visitor) / name
    if target.exists():
        raise AccessDenied("export_exists", f"you already have an export named {name!r}; pick another name")
    check_quota(visitor)
    return export(folder, kind, target, model_ref=name)  # the card's loading code names the folder, not its path


def push_run(
    visitor: Visitor,
    run_id: str,
    repo_id: str,
    *,
    private: bool,
    token: str | None,
    kind: str | None = None,
    demo_space_id: str = "",
) -> list[Pushed]:
    """Push a run the visitor may open, with the token access.check_token_use allows (never the server's for a
    stranger); then, when named, its demo Space."""
    folder = run_dir(visitor, run_id)
    use = access.check_token_use(visitor, token, os.environ.get("HF_TOKEN"))
    pushed = [hub.push(folder, repo_id, private=private, token=use, kind=kind)]
    if demo_space_id:
        pushed.append(
            hub.demo_space(folder, demo_space_id, model_repo=pushed[0].repo_id, private=private, token=use, kind=kind)
        )
    return pushed


# Quotas (shared mode): disk, stored datasets, queued + running runs per visitor


def check_quota(visitor: Visitor, *, new_dataset: bool = False, new_runs: int = 0) -> None:
    if visitor.is_machine or not access.shared_mode():
        return
    owner = visitor.owner or ""
    usage = uploads.owner_usage(owner)
    used = usage.bytes + sum(_size(r.path) for r in _owned_runs(owner)) + _size(exports_dir(visitor))
    cap_gb = settings.read("quota_gb")
    if used >= cap_gb * 1e9:
        raise AccessDenied(
            "quota_disk",
            f"your datasets, uploads, runs and exports use {used / 1e9:.2f} GB of the {cap_gb:g} GB each "
            "visitor may use here; delete some first",
        )
    if new_dataset and usage.datasets >= settings.read("quota_datasets"):
        raise AccessDenied(
            "quota_datasets",
            f"you have {usage.datasets} stored datasets, the most each visitor may keep here; delete one first",
        )
    if new_runs:
        active = sum(1 for r in _owned_runs(owner) if r.state in runs.ACTIVE)
        if active + new_runs > settings.read("quota_runs"):
            raise AccessDenied(
                "quota_runs",
                f"you have {active} runs queued or training, the most each visitor may have here; wait for one to "
                "end or stop it",
            )


def _owned_runs(owner: str) -> list[runs.RunInfo]:
    return [r for r in runs.list_runs(runs.runs_dir()) if r.status.get("owner") == owner]


def _size(folder: Path) -> int:
    """Bytes under a folder (a run's or a visitor's exports), walked once; only the studio's own folders."""
    if not folder.is_dir():
        return 0
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
