"""What a visitor does with the legal recipe (training/recipes/jobs.py), each call checked first (SECURITY.md): the
corpus is a stored dataset they may read (a server path only where access.check_local_path allows one), the
question log and the cases are the bundled sample's or the visitor's own uploads, and the two datasets and the run
the recipe makes are theirs and count against their quota."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from core.models.names import DEFAULT_EMBEDDING_MODEL
from datasets_spec import store, uploads
from training.lifecycle import runs
from training.recipes import jobs
from training.recipes.legal import LegalRecipe
from training.retrieval.pseudo_label import PseudoLabelOptions
from training.visitors import access, workspace
from training.visitors.access import Visitor

BUNDLED = tuple((store.SAMPLE_DIR / name).resolve() for name in ("questions.txt", "cases.jsonl"))
MAX_MINUTES = 600.0  # ten hours: the CLI takes more; a page's visitor should not hold the device longer
_JOB_ID = re.compile(r"^[\w][\w.-]{0,127}$")


class RecipeRefused(ValueError):
    """A recipe that cannot start as asked; `rule` and `values` for the page's words."""

    def __init__(self, rule: str, message: str, **values: Any) -> None:
        self.rule, self.values = rule, values
        super().__init__(message)


def input_file(visitor: Visitor, path: str | Path | None) -> str | None:
    """A question log or cases file: the bundled sample's, one of the visitor's own uploads (uploads.save_upload
    keeps it in their folder), else a server file as access.check_local_path allows (never in a shared studio)."""
    if not path or not str(path).strip():
        return None
    resolved = Path(path).expanduser().resolve()
    if resolved in BUNDLED:
        return str(resolved)
    if visitor.owner and resolved.parent == uploads.uploads_dir(visitor.owner).resolve() and resolved.is_file():
        return str(resolved)
    return str(access.check_local_path(visitor, path))


def check_corpus(visitor: Visitor, corpus: str) -> str:
    """A stored retrieval dataset the visitor may read (its passages are searched), or in local mode a file."""
    corpus = workspace.check_dataset_name(visitor, (corpus or "").strip())
    folder = store.datasets_dir() / corpus
    if corpus in store.BUNDLED or (folder / "manifest.json").is_file():
        task = store.read_manifest(store.resolve(corpus)).get("task", "retrieval")
        if task != "retrieval":
            raise RecipeRefused(
                "not_retrieval", f"dataset {corpus!r} holds {task} examples; the recipe needs a corpus", name=corpus
            )
    return corpus


def start(
    visitor: Visitor,
    *,
    corpus: str,
    name: str,
    questions: str | Path | None = None,
    cases: str | Path | None = None,
    rule: str = "agree",
    minutes: float = 20.0,
    steps: int | None = None,
    model: str = DEFAULT_EMBEDDING_MODEL,
    max_seq_length: int = 128,
    score_corpus: int = 5000,
) -> Path:
    """Start the recipe for `visitor` as a background job (its folder) once every input is theirs to use, the two
    datasets' names are free for them, their quota has room and this machine may train."""
    access.check_can_make(visitor)
    corpus = check_corpus(visitor, corpus)
    questions, cases = input_file(visitor, questions), input_file(visitor, cases)
    if not (questions or cases):
        raise RecipeRefused("nothing", "the recipe needs a question log, cases or both: something to learn from")
    if not steps and not 1 <= minutes <= MAX_MINUTES:
        raise RecipeRefused(
            "minutes", f"minutes = {minutes:g}: from 1 to {MAX_MINUTES:g}", minutes=minutes, most=MAX_MINUTES
        )
    access.check_model(visitor, model)
    labels = PseudoLabelOptions(rule=rule, pool=30)  # ConfigError names a rule that is not one
    name = (name or "").strip()
    try:
        for stored in (name, f"{name}-hn"):  # the mined copy's name must fit too
            store.check_name(stored)
    except ValueError:
        raise RecipeRefused(
            "name", f"name {name!r}: letters, digits, '.', '-' or '_', at most 61", name=name
        ) from None
    owner = workspace.check_can_store(visitor, name)
    workspace.check_can_store(visitor, f"{name}-hn")  # the mined copy, which trains
    workspace.check_quota(visitor, new_runs=1)
    runs.check_allowed()
    recipe = LegalRecipe(
        corpus=corpus,
        name=name,
        questions=questions,
        cases=cases,
        model=model,
        minutes=minutes,
        steps=steps or None,
        max_seq_length=max_seq_length,
        score_corpus=score_corpus,
        labels=labels,
        owner=owner,
    )
    return jobs.start(recipe)


def job_list(visitor: Visitor) -> list[jobs.Job]:
    """The jobs `visitor` sees, newest first: their own and those started for everyone (the CLI's, a script's)."""
    return [job for job in jobs.list_jobs() if access.visible(visitor, job.owner)]


def latest(visitor: Visitor) -> jobs.Job | None:
    """What the page shows on opening: the visitor's newest job, running or ended."""
    return next(iter(job_list(visitor)), None)


def open_job(visitor: Visitor, job_id: str) -> jobs.Job:
    """A job named by a visitor: a plain id under the jobs folder that they may read."""
    folder = jobs.jobs_dir() / (job_id or "")
    if not _JOB_ID.match(job_id or "") or not (folder / "status.json").is_file():
        raise FileNotFoundError(f"recipe job {job_id!r} not found")
    job = jobs.read_job(folder)
    access.check_read(visitor, job.owner, "recipe job", job_id)
    return job


def progress(visitor: Visitor, job_id: str, offset: int = 0) -> tuple[jobs.Job, list[dict[str, Any]], int]:
    """The job, the stages it said since `offset`, and the offset to pass next time."""
    job = open_job(visitor, job_id)
    lines, offset = jobs.read_progress(job.path, offset)
    return job, lines, offset
