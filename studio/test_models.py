"""The models the Test tab offers (no Gradio): runs with a saved model, each with its state and step, their base
models, and the known embedding models, those a first use must download marked; what a picked value means; and the
pair picked on arrival, so Search works before anything is chosen."""

from __future__ import annotations

from core.models.load import EMBEDDING_CHOICES
from core.models.names import DEFAULT_EMBEDDING_MODEL
from studio import session
from studio.strings import words
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics
from training.lifecycle.progress import progress
from training.retrieval.search import ModelRef, needs_network
from training.visitors import access, workspace
from training.visitors.access import Visitor

ENDED = ("finished", "stopped")  # a run whose saved model is its last one


def searchable_runs(owner: Visitor | str | None = None) -> list[runs.RunInfo]:
    """Embedding runs with a saved model that this visitor sees, newest first (a stopped run saved one too; a
    resumed one still has it while it trains again)."""
    return [r for r in workspace.run_list(session.who(owner)) if (r.path / "model" / "modules.json").exists()]


def steps_of(run: runs.RunInfo) -> tuple[int, int]:
    """(the step its model was saved at or it has reached, the steps it was set to run)."""
    rows, _ = read_metrics(run.path)
    where = progress(rows)
    return int(run.status.get("step") or where.step), where.total


def run_label(run: runs.RunInfo, lang: str) -> str:
    """ "fine-tuned" for a finished run only: a stopped, failed or running one says where it stands."""
    w = words("test", lang)
    if run.state == "finished":
        return w("run_choice", run=run.id)
    step, total = steps_of(run)
    state = run.state if run.state in ("stopped", "failed", "running", "queued") else "stopped"
    return w(f"run_{state}", run=run.id, step=step, total=total or "?")


def model_label(name: str, lang: str) -> str:
    return words("test", lang)("needs_network", model=name) if needs_network(name) else name


def known_models(lang: str) -> list[tuple[str, str]]:
    """The embedding models the studio names, those that need a network marked so."""
    return [(model_label(c.name, lang), c.name) for c in EMBEDDING_CHOICES]


def model_choices(lang: str, owner: Visitor | str | None = None) -> list[tuple[str, str]]:
    """Each run with a saved model and its base (as "run:ID" / "base:ID"), then the known embedding models."""
    w = words("test", lang)
    choices = []
    for run in searchable_runs(owner):
        base = runs.load_config(run.path).model.name_or_path
        choices.append((run_label(run, lang), f"run:{run.id}"))
        choices.append((w("base_choice", model=model_label(base, lang), run=run.id), f"base:{run.id}"))
    return choices + known_models(lang)


def default_models(owner: Visitor | str | None = None) -> tuple[str, str | None]:
    """A and B on arrival: the newest ended run's base and the run (what fine-tuning changed); with no such run,
    the default model (offline) as A and B empty, so Search works before anything is picked."""
    newest = next((r for r in searchable_runs(owner) if r.state in ENDED), None)
    if newest:
        return f"base:{newest.id}", f"run:{newest.id}"
    return DEFAULT_EMBEDDING_MODEL, None


def model_ref(spec: str, lang: str, owner: Visitor | str | None = None) -> ModelRef:
    """A picked or typed model: a run, a run's base (at the run's max_seq_length, as it was trained), or an id/path
    (a server folder only in local mode: access.check_model)."""
    who = session.who(owner)
    kind, _, run_id = spec.partition(":")
    if kind in ("run", "base") and run_id and (runs.runs_dir() / run_id / "config.yaml").exists():
        run_dir = workspace.run_dir(who, run_id)
        if kind == "run":
            return ModelRef(str(run_dir), None, run_id)
        model = runs.load_config(run_dir).model
        label = words("test", lang)("base_label", model=model.name_or_path, run=run_id)
        return ModelRef(model.name_or_path, model.max_seq_length, label)
    access.check_model(who, spec)
    return ModelRef(spec.strip(), None, spec.strip())
