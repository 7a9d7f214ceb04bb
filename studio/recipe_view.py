"""What the Augment tab shows of a legal-recipe job, as pure functions of its status and the stages it said (tested
without a browser): each stage's numbers as one line in the page's language, the state above them, and on finish
the stored dataset, the run and the final table with the paired intervals."""

from __future__ import annotations

import time
from typing import Any

from studio.strings import words
from studio.tabs.history_panel import state_word
from training.lifecycle import runs
from training.lifecycle.progress import format_duration
from training.recipes.jobs import RecipeBusy
from training.retrieval.pseudo_label import REASONS
from training.visitors.access import AccessDenied
from training.visitors.recipes import RecipeRefused

# The scoring's searchers (training/recipes/legal.py: score), in the table's order, and their words.
ROWS = {
    "base": "row_base",
    "trained": "row_trained",
    "BM25": "row_bm25",
    "hybrid (BM25 + base)": "row_hybrid_base",
    "hybrid (BM25 + trained)": "row_hybrid_trained",
}
METRICS = {"ndcg@10": "NDCG@10", "recall@10": "R@10", "mrr@10": "MRR@10"}
# What the job does after a stage that is followed by a silence (no progress is said while it works).
NEXT = {"questions": "next_storing", "cases": "next_storing", "mined": "next_sizing", "sized": "next_training"}
NEXT_AFTER_SCORING = "next_finishing"
REFUSALS = (
    "server_path",
    "not_yours",
    "shared_thing",
    "no_session",
    "quota_disk",
    "quota_datasets",
    "quota_runs",
)


def refusal(exc: Exception, lang: str) -> str:
    """Why a recipe did not start, in one sentence of the page's language: the engine's rule where it has one."""
    w = words("augment_recipe", lang)
    if isinstance(exc, RecipeBusy):
        return w("refused_busy")
    if isinstance(exc, RecipeRefused):
        return w(f"refused_{exc.rule}", **exc.values)
    if isinstance(exc, AccessDenied) and exc.rule in REFUSALS:
        return w(f"refused_{exc.rule}")
    if isinstance(exc, runs.TrainingRefused):
        return w("refused_training_off")
    return w("error", message=exc)  # a dataset not found, a full disk: the engine's sentence


def _left(numbers: dict[str, Any], lang: str) -> str:
    left = numbers.get("left_out") or {}
    return ", ".join(words("augment", lang)(f"left_{reason}", n=left.get(reason, 0)) for reason in REASONS)


def stage_line(stage: str, numbers: dict[str, Any], lang: str) -> str:
    """One stage's latest numbers as a sentence (an unknown stage as its name and numbers, never an error)."""
    w = words("augment_recipe", lang)
    n = numbers
    if stage == "corpus":
        return w("stage_corpus_empty" if n.get("empty") else "stage_corpus", **n)
    if stage == "questions":
        return w("stage_questions", kept=n["kept"], questions=n["questions"], left=_left(n, lang))
    if stage == "mined":
        short = n.get("queries_short", 0)
        return w(
            "stage_mined", found=n["negatives_found"], queries=n["queries"], short=short, asked=n["negatives_asked"]
        )
    if stage == "sized":
        pace = n.get("seconds_per_step")
        if pace is None:
            return w("stage_sized_fixed", steps=n["steps"], rows=n["rows"])
        return w("stage_sized", steps=n["steps"], rows=n["rows"], pace=pace)
    if stage == "training":
        if n.get("state") == "queued":
            return w("stage_training_queued", run=n["run"])
        line = w(
            "stage_training",
            run=n.get("run", ""),
            step=n["step"],
            of=n["of"],
            elapsed=format_duration(n.get("elapsed_s")),
            eta=format_duration(n.get("eta_s")),
        )
        return line + (w("stage_training_loss", loss=n["loss"]) if isinstance(n.get("loss"), int | float) else "")
    key = f"stage_{stage.replace(' ', '_')}"
    try:
        return w(key, **n)
    except KeyError:
        return f"{stage}: " + ", ".join(f"{k} {v}" for k, v in n.items())


def scores_markdown(scores: dict[str, Any], lang: str) -> str:
    """The five searchers' NDCG@10, R@10 and MRR@10, then trained − base for the model and the hybrid."""
    w = words("augment_recipe", lang)
    rows = scores.get("rows") or {}
    lines = [
        f"**{w('scores_header')}**",
        "",
        f"| {w('col_searcher')} | " + " | ".join(METRICS.values()) + " |",
        "|---|" + "---:|" * len(METRICS),
    ]
    for name, row in rows.items():
        label = w(ROWS[name]) if name in ROWS else name
        lines.append(f"| {label} | " + " | ".join(f"{row.get(m, 0):.3f}" for m in METRICS) + " |")
    said = [w(f"paired_{what}", **paired) for what, paired in (scores.get("paired") or {}).items()]
    return "\n".join(lines) + ("\n\n" + "\n".join(f"- {line}" for line in said) if said else "")


def _when(seconds: float | None) -> str:
    return time.strftime("%H:%M", time.localtime(seconds)) if seconds else "–"


def _failure(status: dict[str, Any], stages: dict[str, dict], lang: str) -> str:
    """Why the job ended: its process vanished, its training run ended without finishing, or the engine's error."""
    w = words("augment_recipe", lang)
    if status.get("error_rule") == "vanished":
        message = w("failed_vanished")
    else:
        message = str(status.get("error", ""))
        run = (stages.get("training") or {}).get("run")
        if (
            run and "scoring trained" not in stages
        ):  # the run itself ended unfinished: say so, not the traceback's words
            state = runs.read_status(runs.runs_dir() / run).get("state", "unknown")
            if state != "finished":
                message = w("failed_run", run=run, state=state_word(state, lang))
    last = next(reversed(stages), None)
    at = w("failed_at", stage=stage_line(last, stages[last], lang)) if last else ""
    return w("failed", message=message) + at


def job_markdown(status: dict[str, Any], stages: dict[str, dict], lang: str, *, now: float | None = None) -> str:
    """The job's state, each stage it said (its latest numbers), what it does now, and on finish the table."""
    w = words("augment_recipe", lang)
    state = status.get("state")
    started = status.get("created")
    if state == "finished":
        elapsed = format_duration((status.get("ended") or 0) - (started or 0))
        head = w("finished", elapsed=elapsed, dataset=status.get("dataset", ""), run=status.get("run", ""))
    elif state == "failed":
        head = _failure(status, stages, lang)
    else:
        head = w("running", started=_when(started), elapsed=format_duration((now or time.time()) - (started or 0)))
    lines = [f"- {stage_line(stage, numbers, lang)}" for stage, numbers in stages.items()]
    if state == "running" and stages:
        last = next(reversed(stages))
        pending = NEXT.get(last) or (NEXT_AFTER_SCORING if last == "scored" else None)
        if pending:
            lines.append(f"- *{w(pending)}*")
    body = head + ("\n\n" + "\n".join(lines) if lines else "")
    if state == "finished" and status.get("scores"):
        body += "\n\n" + scores_markdown(status["scores"], lang)
    return body


def merged(stages: dict[str, dict], lines: list[dict[str, Any]]) -> dict[str, dict]:
    """The latest numbers of each stage, in the order the stages were first said."""
    stages = dict(stages)
    for line in lines:
        stages[line["stage"]] = line.get("numbers") or {}
    return stages
