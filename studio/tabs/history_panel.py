"""The Train tab's history and comparison: every run with its key metric, open / delete / resume any of them, and
the curves of two or more runs overlaid next to their config diff
(training.lifecycle.history and training.insight.diff do the work)."""

from __future__ import annotations

import time

import gradio as gr
import pandas as pd

from studio import session
from studio.insight_words import diff_table
from studio.strings import words
from studio.tabs.compare_panel import rows_of
from studio.train_charts import thinned
from training.insight.diff import diff
from training.lifecycle import runs, watched
from training.lifecycle.history import ALIGN, delete, overlay, summary
from training.lifecycle.progress import EVAL_METRICS
from training.visitors import workspace
from training.visitors.access import AccessDenied, Visitor, redact

CURVES = ["loss", "eval_loss", "learning_rate", "grad_norm", *EVAL_METRICS]
STATES = ("queued", "running", "stopped", "finished", "failed", "unknown")  # status.json's states


def state_word(state: str, lang: str) -> str:
    """A run's state in the page's language (an unknown word as it is)."""
    return words("train", lang)(f"state_{state}") if state in STATES else state


COLUMNS = ("run", "state", "task", "model", "dataset", "metric", "best", "best_step", "steps", "minutes", "started")


def history_table(owner: Visitor | str | None = None, lang: str = "en") -> pd.DataFrame:
    """One row per run; the columns are history.summary's keys, named in the page's language (with no run yet,
    the named columns and no row: an empty table never shows numbered headers)."""
    rows = [summary(run) for run in workspace.run_list(session.who(owner))]
    for row in rows:  # a base model named by its folder: no server path for a shared studio's visitors
        row["model"] = redact(row["model"] or "") or None
        row["state"] = state_word(row["state"], lang)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["started"] = frame["started"].map(
        lambda t: time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) if t else None
    )
    w = words("train", lang)
    return frame.rename(columns={column: w(f"column_{column}") for column in frame.columns})


def run_ids(owner: Visitor | str | None = None) -> list[str]:
    return [r.id for r in workspace.run_list(session.who(owner))]


def delete_run(lang: str, run_id: str | None, owner: str | None = None, request: gr.Request = None):
    w = words("train", lang)
    if not run_id:
        return w("no_run"), gr.update()
    who = session.visitor(owner, request)
    try:
        folder = workspace.run_dir(who, run_id, change=True)
        forgotten = watched.is_watched(folder)  # a run watched from elsewhere: its link goes, its folder stays
        delete(folder)
    except (ValueError, OSError, AccessDenied) as exc:
        return w("refused", message=exc), gr.update()
    return w("forgotten" if forgotten else "deleted", run=run_id), history_table(who, lang)


def compare(
    lang: str, picked: list[str] | None, key: str, align: str, owner: str | None = None, request: gr.Request = None
):
    """The overlaid curves of the picked runs and the diff of the first two configs."""
    w = words("train", lang)
    picked = picked or []
    if len(picked) < 2:
        return None, None, w("compare_pick")
    who = session.visitor(owner, request)
    try:
        folders = [workspace.run_dir(who, run_id) for run_id in picked]
    except (FileNotFoundError, AccessDenied) as exc:
        return None, None, w("refused", message=exc)
    points = overlay(folders, key, align)
    # Each run's curve thinned like the live charts': the page re-reads a plot's data at every event after.
    by_run: dict[str, list[tuple[float, float]]] = {}
    for x, v, run in points:
        by_run.setdefault(run, []).append((x, v))
    points = [(x, v, run) for run, curve in by_run.items() for x, v in thinned(curve)]
    curves = pd.DataFrame(points, columns=[align, "value", "run"]) if points else None
    a, b = runs.load_config(folders[0]), runs.load_config(folders[1])
    changes = diff(a, b, a_rows=rows_of(a), b_rows=rows_of(b))
    missing = sorted({*picked} - {run for _, _, run in points})
    note = w("compare_missing", key=key, runs=", ".join(missing)) if missing else ""
    return curves, diff_table(changes, lang), note


def build(lang: str, owner: gr.BrowserState) -> dict[str, gr.Component]:
    w = words("train", lang)
    c: dict[str, gr.Component] = {}
    with gr.Accordion(w("history"), open=True):
        c["table"] = gr.Dataframe(
            history_table(lang=lang), label=w("history_table"), interactive=False, elem_id="history"
        )
        with gr.Row():
            c["refresh"] = gr.Button(w("refresh"), elem_id="history-refresh")
            c["delete"] = gr.Button(w("delete"), interactive=False, elem_id="history-delete")  # the tab enables it
        c["message"] = gr.Markdown(elem_id="history-message")
    with gr.Accordion(w("compare"), open=False):
        with gr.Row():
            c["picked"] = gr.Dropdown(run_ids(), multiselect=True, label=w("compare_runs"), elem_id="compare-runs")
            c["key"] = gr.Dropdown(CURVES, value="loss", label=w("compare_curve"), elem_id="compare-key")
            c["align"] = gr.Radio(list(ALIGN), value="step", label=w("compare_align"), elem_id="compare-align")
        c["button"] = gr.Button(w("compare_button"), elem_id="compare-button")
        c["note"] = gr.Markdown(elem_id="compare-note")
        # hidden until it has curves: a plot fed None after a line warns "Infinite extent" in the console
        c["plot"] = gr.LinePlot(x="step", y="value", color="run", elem_id="compare-plot", height=300, visible=False)
        c["diff"] = gr.Dataframe(label=w("compare_diff"), interactive=False, visible=False, elem_id="compare-diff")

    def refresh(owner: str | None, request: gr.Request):
        who = session.visitor(owner, request)
        return history_table(who, lang), gr.update(choices=run_ids(who))

    def drawn(picked: list[str] | None, key: str, align: str, owner: str | None, request: gr.Request):
        curves, changes, note = compare(lang, picked, key, align, owner, request)
        plot = gr.update(value=curves, x=align, visible=True) if curves is not None else gr.update(visible=False)
        return plot, gr.update(value=changes, visible=changes is not None), note

    c["refresh"].click(refresh, owner, [c["table"], c["picked"]])
    c["button"].click(drawn, [c["picked"], c["key"], c["align"], owner], [c["plot"], c["diff"], c["note"]])
    return c
