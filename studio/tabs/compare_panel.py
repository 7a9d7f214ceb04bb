"""The Configure tab's comparison: this form, a preset, a past run or an uploaded YAML against another, with the
impact of each changed field and the derived numbers side by side (training.insight.diff does the work)."""

from __future__ import annotations

import contextlib

import gradio as gr

from studio import session
from studio.config_errors import config_error
from studio.form import values_to_config
from studio.insight_words import diff_notes, diff_table
from studio.strings import words
from training.config.presets import preset, preset_names
from training.config.studio import ConfigError, StudioConfig, load_yaml
from training.insight.diff import diff
from training.insight.schedule import training_rows_of
from training.visitors import workspace
from training.visitors.access import AccessDenied, Visitor

FORM = "this form"


def sources(owner: Visitor | str | None = None) -> list[str]:
    """What can be compared: the form, presets, and the past runs this visitor sees (their saved config.yaml)."""
    return [
        FORM,
        *(f"preset: {p}" for p in preset_names()),
        *(f"run: {r.id}" for r in workspace.run_list(session.who(owner))),
    ]


def choices(found: list[str], lang: str) -> list[tuple[str, str]]:
    """The dropdown's (label, value) pairs: the form named in the page's language, presets and runs by name."""
    form = words("configure", lang)("compare_form")
    return [(form if source == FORM else source, source) for source in found]


def resolve(source: str, form: list, owner: Visitor | str | None = None) -> StudioConfig:
    if source == FORM:
        return values_to_config(form)
    kind, _, name = source.partition(": ")
    if kind == "preset":
        return preset(name)
    return load_yaml(workspace.run_dir(session.who(owner), name) / "config.yaml")


def readable_dataset(who: Visitor, config: StudioConfig) -> None:
    """AccessDenied when the config's dataset is another visitor's private one; a name not stored passes (the diff
    then has no rows to count, as before)."""
    with contextlib.suppress(FileNotFoundError):
        workspace.check_dataset_name(who, config.data.dataset)


def rows_of(config: StudioConfig) -> int | None:
    """Training rows of the config's dataset, when the run's length depends on them."""
    if config.training.max_steps > 0:
        return None
    try:
        return training_rows_of(config)
    except (FileNotFoundError, ValueError):
        return None


def compare(lang: str, a: str, b: str, *form, owner: Visitor | str | None = None):
    w = words("configure", lang)
    try:
        left, right = resolve(a, list(form), owner), resolve(b, list(form), owner)
        for config in (left, right):  # its rows are counted below: never another visitor's private dataset
            readable_dataset(session.who(owner), config)
    except (ConfigError, FileNotFoundError, ValueError, AccessDenied) as exc:
        return None, w("invalid", message=config_error(exc, lang))
    result = diff(left, right, a_rows=rows_of(left), b_rows=rows_of(right))
    notes = "\n".join(f"- {n}" for n in diff_notes(result, lang))
    count = len(result.changes)
    headline = (
        w("compare_same") if not count else w("compare_count_one") if count == 1 else w("compare_count", n=count)
    )
    return diff_table(result, lang), headline + ("\n\n" + notes if notes else "")


def build(lang: str, fields: list[gr.Component], owner: gr.BrowserState) -> dict[str, gr.Component]:
    """`owner` is the page's browser id: a visitor compares with the runs they may open."""
    w = words("configure", lang)
    c: dict[str, gr.Component] = {}
    with gr.Accordion(w("compare_header"), open=False):
        with gr.Row():
            c["a"] = gr.Dropdown(choices=choices(sources(), lang), value=FORM, label="A", elem_id="cfg-compare-a")
            c["b"] = gr.Dropdown(
                choices=choices(sources(), lang),
                value=f"preset: {preset_names()[0]}",
                label="B",
                elem_id="cfg-compare-b",
            )
            c["run"] = gr.Button(w("compare_run"), elem_id="cfg-compare-run")
        c["summary"] = gr.Markdown(elem_id="cfg-compare-summary")
        c["table"] = gr.Dataframe(interactive=False, wrap=True, elem_id="cfg-compare-table")

    def compare_event(*values):
        a, b, *form, owner_id, request = values
        return compare(lang, a, b, *form, owner=session.visitor(owner_id, request))

    def refresh(owner_id: str | None, request: gr.Request):
        return gr.update(choices=choices(sources(session.visitor(owner_id, request)), lang))

    inputs = [c["a"], c["b"], *fields, owner]
    c["run"].click(session.with_request(compare_event, len(inputs)), inputs, [c["table"], c["summary"]])
    c["a"].focus(refresh, owner, c["a"])
    c["b"].focus(refresh, owner, c["b"])
    return c
