"""The Train tab's sweep: vary some fields of the Configure form, queue one run per trial, rank them by a metric
(training.sweep does the work; `python -m training sweep` is the same from a file)."""

from __future__ import annotations

import gradio as gr
import pandas as pd
import yaml

from datasets_spec import store
from studio.form import values_to_config
from studio.strings import words
from training.config import ConfigError, to_dict
from training.config_groups import EARLY_STOPPING_METRICS
from training.sweep import METHODS, parse_sweep, ranking, submit, sweep_names

EXAMPLE = "training.learning_rate: [1e-4, 3e-4, 1e-3]\nlora.r: [8, 16]\n"


def queue(lang: str, name: str, method: str, trials: float, metric: str, parameters: str, *form):
    """Parse the sweep against the form's config and queue its runs; errors name the parameter."""
    w = words("train", lang)
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
        return gr.update(), w("invalid", message=exc)
    try:
        queued = submit(sweep, store.runs_dir())
    except ValueError as exc:  # TrainingRefused: no GPU and CPU training is off
        return gr.update(), w("invalid", message=exc)
    return (
        gr.update(choices=sweep_names(store.runs_dir()), value=sweep.name),
        w("sweep_queued", n=len(queued), name=sweep.name, metric=sweep.ranked_by),
    )


def table(name: str | None) -> pd.DataFrame | None:
    rows = ranking(store.runs_dir(), name) if name else []
    if not rows:
        return None
    frame = pd.DataFrame(rows)
    frame["best"] = frame["best"].map(lambda v: None if v is None else round(v, 4))
    return frame


def refreshed(name: str | None):
    return gr.update(choices=sweep_names(store.runs_dir())), table(name)


def build(lang: str, config_inputs: list[gr.Component]) -> dict[str, gr.Component]:
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
                sweep_names(store.runs_dir()), label=w("sweep_pick"), elem_id="sweep-pick", scale=4
            )
            c["refresh"] = gr.Button(w("refresh"), elem_id="sweep-refresh", scale=1)
        c["table"] = gr.Dataframe(label=w("sweep_table"), interactive=False, elem_id="sweep-table")
    inputs = [c["name"], c["method"], c["trials"], c["metric"], c["parameters"], *config_inputs]
    c["queue"].click(lambda *v: queue(lang, *v), inputs, [c["pick"], c["message"]]).then(table, c["pick"], c["table"])
    c["pick"].change(table, c["pick"], c["table"])
    c["refresh"].click(refreshed, c["pick"], [c["pick"], c["table"]])
    return c
