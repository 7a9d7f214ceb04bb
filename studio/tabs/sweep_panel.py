"""The Train tab's sweep: vary some fields of the Configure form, queue one run per trial, rank them by a metric
(training.lifecycle.sweep does the work; `python -m training sweep` is the same from a file)."""

from __future__ import annotations

import gradio as gr
import pandas as pd
import yaml

from studio import session
from studio.config_errors import config_error
from studio.form import values_to_config
from studio.strings import words
from studio.tabs.history_panel import state_word
from training.config.groups import EARLY_STOPPING_METRICS
from training.config.studio import ConfigError, to_dict
from training.lifecycle.sweep import METHODS, parse_sweep, ranking, sweep_names
from training.visitors import workspace
from training.visitors.access import AccessDenied, Visitor

EXAMPLE = "training.learning_rate: [1e-4, 3e-4, 1e-3]\nlora.r: [8, 16]\n"


def queue(lang: str, name: str, method: str, trials: float, metric: str, parameters: str, *form, owner=None):
    """Parse the sweep against the form's config and queue its runs as `owner`'s; errors name the parameter."""
    w = words("train", lang)
    who = session.who(owner)
    try:
        values = yaml.safe_load(parameters or "") or {}
        sweep = parse_sweep(
            {
                "name": name.strip() or "sweep",
                "config": to_dict(values_to_config(list(form))),
                "method": method,
                "trials": int(trials or 0),
                "metric": "" if metric == "auto" else metric,
                "parameters": values,
            }
        )
    except (ConfigError, yaml.YAMLError, ValueError) as exc:
        return gr.update(), w("invalid", message=config_error(exc, lang))
    try:
        queued = workspace.submit_sweep(who, sweep)
    except (ValueError, FileNotFoundError, AccessDenied) as exc:  # TrainingRefused, a path, a quota
        return gr.update(), w("invalid", message=config_error(exc, lang))
    return (
        gr.update(choices=sweep_names(workspace.run_list(who)), value=sweep.name),
        w(
            "sweep_queued_one" if len(queued) == 1 else "sweep_queued",
            n=len(queued),
            name=sweep.name,
            metric=sweep.ranked_by,
        ),
    )


RANKING_COLUMNS = ("run", "trial", "state", "metric", "best", "at_step")  # the varied fields keep their paths


def table(name: str | None, owner: Visitor | str | None = None, lang: str = "en") -> pd.DataFrame:
    """The sweep's runs best first, states and column names in the page's language (no sweep picked: the named
    columns and no row, never numbered headers)."""
    rows = ranking(workspace.run_list(session.who(owner)), name) if name else []
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(RANKING_COLUMNS))
    frame["best"] = frame["best"].map(lambda v: None if v is None else round(v, 4))
    frame["state"] = frame["state"].map(lambda state: state_word(state, lang))
    w = words("train", lang)
    return frame.rename(columns={column: w(f"column_{column}") for column in RANKING_COLUMNS})


def refreshed(name: str | None, owner: Visitor | str | None = None, lang: str = "en"):
    return gr.update(choices=sweep_names(workspace.run_list(session.who(owner)))), table(name, owner, lang)


def build(lang: str, config_inputs: list[gr.Component], owner: gr.BrowserState) -> dict[str, gr.Component]:
    """The panel; the caller wires a click on a ranking row (`table.select`) to its run picker."""
    w = words("train", lang)
    c: dict[str, gr.Component] = {}
    with gr.Accordion(w("sweep"), open=False):
        gr.Markdown(w("sweep_intro"))
        with gr.Row():
            c["name"] = gr.Textbox(value="sweep", label=w("sweep_name"), elem_id="sweep-name", scale=2)
            c["method"] = gr.Dropdown(list(METHODS), value="grid", label=w("sweep_method"), elem_id="sweep-method")
            c["trials"] = gr.Number(value=4, precision=0, minimum=1, label=w("sweep_trials"), elem_id="sweep-trials")
            c["metric"] = gr.Dropdown(EARLY_STOPPING_METRICS, value="auto", label=w("sweep_metric"), scale=2)
        c["parameters"] = gr.Code(EXAMPLE, language="yaml", label=w("sweep_parameters"), elem_id="sweep-parameters")
        c["queue"] = gr.Button(w("sweep_queue"), elem_id="sweep-queue")
        c["message"] = gr.Markdown(elem_id="sweep-message")
        with gr.Row():
            c["pick"] = gr.Dropdown(
                sweep_names(workspace.run_list(session.who(None))),
                label=w("sweep_pick"),
                elem_id="sweep-pick",
                scale=4,
            )
            c["refresh"] = gr.Button(w("refresh"), elem_id="sweep-refresh", scale=1)
        c["table"] = gr.Dataframe(
            table(None, lang=lang), label=w("sweep_table"), interactive=False, elem_id="sweep-table"
        )
    inputs = [c["name"], c["method"], c["trials"], c["metric"], c["parameters"], *config_inputs, owner]

    def queue_event(*values):
        *form, owner, request = values
        return queue(lang, *form, owner=session.visitor(owner, request))

    def table_event(name: str | None, owner: str | None, request: gr.Request):
        return table(name, session.visitor(owner, request), lang)

    def refresh_event(name: str | None, owner: str | None, request: gr.Request):
        return refreshed(name, session.visitor(owner, request), lang)

    c["queue"].click(
        session.with_request(queue_event, len(inputs)), inputs, [c["pick"], c["message"]], api_name="sweep_queue"
    ).then(table_event, [c["pick"], owner], c["table"])
    c["pick"].change(table_event, [c["pick"], owner], c["table"])
    c["refresh"].click(refresh_event, [c["pick"], owner], [c["pick"], c["table"]])
    return c
