"""Train tab: start / stop a background run, and watch its progress and charts live from its run directory."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from studio import session
from studio.config_errors import config_error
from studio.form import values_to_config
from studio.strings import words
from studio.tabs import history_panel, sweep_panel, train_watch
from studio.tabs.configure import status_markdown
from studio.tabs.history_panel import history_table, state_word
from studio.train_charts import (
    CHARTS,
    ChartWords,
    View,
    chart_notes,
    eval_table,
    loss_colours,
    loss_frame,
    other_frames,
    x_axis,
)
from studio.train_view import (
    LIVE_SECONDS,
    buttons,
    chart_text,
    error_text,
    findings_markdown,
    listing,
    log_tail,
    log_views,
    page_title,
    plot_update,
    progress_html,
    progress_text,
    rate,
    refresh_period,
    resume_note,
    run_command,
    run_message,
    samples_of_step,
    samples_state,
    signature,
)
from training.config.startable import blockers
from training.config.studio import ConfigError
from training.doctor.live_findings import LiveDoctor
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics
from training.lifecycle.progress import progress
from training.visitors import workspace
from training.visitors.access import AccessDenied, Visitor, redact

REFRESH_SECONDS = LIVE_SECONDS  # while a live run is watched; IDLE_SECONDS otherwise


def run_choices(owner: Visitor | str | None = None, lang: str = "en") -> list[tuple[str, str]]:
    """The runs this visitor sees (all in local mode; their own and shared ones in shared mode)."""
    return [(f"{r.id} · {state_word(r.state, lang)}", r.id) for r in workspace.run_list(session.who(owner))]


def newest_run(owner: Visitor | str | None = None) -> str | None:
    found = workspace.run_list(session.who(owner))
    return found[0].id if found else None


def opened(run_id: str | None, who: Visitor) -> Path | None:
    """The run's folder when this visitor may watch it (None: no run, not found, or not theirs)."""
    if not run_id:
        return None
    try:
        return workspace.run_dir(who, run_id)
    except (FileNotFoundError, AccessDenied):
        return None


def open_run(lang: str, evt: gr.SelectData):
    """A click on a sweep's ranking row shows that run (its id is the row's first cell)."""
    return gr.update(choices=run_choices(lang=lang), value=evt.row_value[0]) if evt.row_value else gr.update()


def run_config(run_id: str | None, owner: Visitor | str | None = None, request: gr.Request = None) -> str:
    folder = opened(run_id, session.visitor(owner, request) if request else session.who(owner))
    path = folder / "config.yaml" if folder else None
    return path.read_text(encoding="utf-8") if path and path.exists() else ""


def chart(w: Callable[..., str], title: str, y_title: str, elem_id: str, **options: Any) -> gr.LinePlot:
    """A Train tab chart: long frames of (x, value[, series]) from studio.train_charts, x by step until told."""
    return gr.LinePlot(
        x="x",
        y="value",
        title=w(title),
        x_title=w("x_step"),
        y_title=y_title,
        elem_id=elem_id,
        height=260,
        visible="hidden",  # in the page, shown with its first point; until then the note under it says why
        **x_axis(View(), 0),
        **options,
    )


def lists(lang: str, owner: str | None, request: gr.Request = None) -> tuple[Any, pd.DataFrame, Any]:
    """The run list (labels with current states), the history and the compare picker, as they are now: what the
    tab shows again when it is opened (studio/app.py wires it to the tab's select)."""
    return listed_now(session.visitor(owner, request), lang)


def listed_now(who: Visitor, lang: str) -> tuple[Any, pd.DataFrame, Any]:
    return (
        gr.update(choices=run_choices(who, lang)),
        history_table(who, lang),
        gr.update(choices=[r.id for r in workspace.run_list(who)]),
    )


def build(
    lang: str, config_inputs: list[gr.Component], owner: gr.BrowserState, open_tab: gr.Component | None = None
) -> dict[str, gr.Component]:
    """`owner` is the page's browser id: the runs it starts are its visitor's, and it sees and changes only those
    in a shared studio. `open_tab` holds the page's open tab ("train" when this one; None: always this one)."""
    w = words("train", lang)
    c: dict[str, gr.Component] = {}
    with gr.Row():
        c["start"] = gr.Button(w("start"), variant="primary", elem_id="train-start")
        c["stop"] = gr.Button(w("stop"), interactive=False, elem_id="train-stop")
        c["resume"] = gr.Button(w("resume"), interactive=False, elem_id="train-resume")
    with gr.Row():
        c["run"] = gr.Dropdown(choices=run_choices(lang=lang), label=w("run"), elem_id="train-run", scale=4)
        c["refresh"] = gr.Button(w("refresh"), scale=1)
        c["use_config"] = gr.Button(w("use_config"), scale=2, elem_id="train-use-config")  # studio/app.py wires it
    c["message"] = gr.Markdown(elem_id="train-message")
    c.update(train_watch.build(lang, owner, c["run"], c["message"], run_choices))
    c["progress"] = gr.Markdown(w("no_run"), elem_id="train-progress")
    c["bar"] = gr.HTML(progress_html(0, w("progress_label")), elem_id="train-bar")
    with gr.Row():
        c["x_axis"] = gr.Radio(
            [(w("x_step"), "step"), (w("x_time"), "time")], value="step", label=w("x_axis"), elem_id="train-x-axis"
        )
        c["log_loss"] = gr.Checkbox(label=w("log_loss"), value=False, elem_id="train-log-loss")
    colours = loss_colours(w("raw"), w("smooth"), w("epoch"))
    plots = {
        "loss": ("loss_chart", "loss", {"color": "series", "color_map": colours}),
        "lr": ("lr_chart", "learning_rate", {"y_axis_format": ".1e"}),
        "grad": ("grad_chart", "grad_norm", {"color": "series"}),
        "eval": ("eval_chart", "score", {"color": "series"}),
    }
    for pair in (("loss", "lr"), ("grad", "eval")):
        with gr.Row():
            for name in pair:
                title, y_title, options = plots[name]
                with gr.Column():
                    c[name] = chart(w, title, y_title, f"train-{name}-plot", **options)
                    c[f"{name}_note"] = gr.Markdown(w("note_no_run"), elem_id=f"train-{name}-note")
    c["eval_table"] = gr.Dataframe(label=w("eval_table"), interactive=False, visible=False, elem_id="train-eval-table")
    with gr.Accordion(w("samples"), open=True, visible=False) as c["samples"]:
        c["samples_step"] = gr.Dropdown(choices=[], label=w("samples_step"), elem_id="train-samples-step")
        c["samples_view"] = gr.HTML(elem_id="train-samples")
    with gr.Accordion(w("doctor"), open=True):
        c["findings"] = gr.Markdown(w("doctor_quiet"), elem_id="train-findings")
    c["title"] = gr.Textbox(visible=False, elem_id="train-title")
    with gr.Accordion(w("log"), open=False):
        c["log"] = gr.Code(language=None, elem_id="train-log")
        with gr.Accordion(w("raw_log"), open=False):
            c["raw_log"] = gr.Code(language=None, elem_id="train-log-raw")
    with gr.Accordion(w("run_config"), open=False):
        c["config"] = gr.Code(language="yaml", elem_id="train-config")
    sweep = sweep_panel.build(lang, config_inputs, owner)
    history = history_panel.build(lang, owner)
    c.update({f"history.{k}": v for k, v in history.items()})
    c.update({f"sweep.{k}": v for k, v in sweep.items()})
    c["watch"] = gr.State({"run": None})
    c["timer"] = gr.Timer(REFRESH_SECONDS)

    def start(*values):
        *form, owner, request = values
        who = session.visitor(owner, request)
        try:
            config = values_to_config(list(form))
            found = blockers(config)  # "valid" means the run can start: never launch one that fails at once
            if found:
                return gr.update(), status_markdown(found, lang)
            run_dir = workspace.submit(who, config)
        except (ConfigError, runs.TrainingRefused, AccessDenied, FileNotFoundError, ValueError) as exc:
            return gr.update(), w("invalid", message=config_error(exc, lang))
        command = shlex.join(runs.command(run_dir))
        said = "started" if runs.read_status(run_dir)["state"] == "running" else "queued"
        return (
            gr.update(choices=run_choices(who, lang), value=run_dir.name),
            w(said, run=run_dir.name) + "  \n" + w("command", command=redact(command)),
        )

    def stop(run_id: str | None, owner: str | None, request: gr.Request):
        if not run_id:
            return w("no_run")
        try:
            workspace.stop(session.visitor(owner, request), run_id)
        except (FileNotFoundError, AccessDenied) as exc:
            return w("refused", message=exc)
        return w("stopping", run=run_id)

    def resume(run_id: str | None, owner: str | None, request: gr.Request):
        if not run_id:
            return w("no_run")
        try:
            workspace.resume(session.visitor(owner, request), run_id)
        except (ValueError, FileNotFoundError, AccessDenied) as exc:
            return w("invalid", message=train_watch.refusal(exc, w))  # a watched cluster run: the cluster resumes
        command = shlex.join(runs.command(runs.runs_dir() / run_id, resume=True))
        return w("resumed", run=run_id) + "  \n" + w("command", command=redact(command))

    def relisted(who: Visitor, watch: dict) -> dict:
        """The run list and the history, redrawn only when a run came, went or changed state."""
        seen = listing(who)
        if watch.get("listing") == seen:
            return {}
        watch["listing"] = seen
        return dict(zip((c["run"], c["history.table"], c["history.picked"]), listed_now(who, lang), strict=True))

    def controls(state: str | None) -> dict:
        able = buttons(state)
        return {
            c["stop"]: gr.update(interactive=able.stop, variant="stop" if able.stop else "secondary"),
            c["history.delete"]: gr.update(interactive=able.delete, variant="stop" if able.delete else "secondary"),
            c["resume"]: gr.update(interactive=able.resume),
        }

    def paced(watch: dict, out: dict, period: float) -> dict:
        """Sent with every tick: the tab's select (studio/app.py) sets the timer fast behind this function's back."""
        return out | {c["timer"]: gr.update(value=period), c["watch"]: watch}

    def refresh(
        run_id: str | None, watch: dict, x_axis_: str, log_loss: bool, picked: str | None, tab: str | None, owner,
        request: gr.Request,
    ):  # fmt: skip
        """Read only what was appended since the last tick; send a component only when what it shows changed."""
        runs.start_next(runs.runs_dir())  # a run killed before it could hand the device on
        who = session.visitor(owner, request)
        watch = dict(watch)
        out = relisted(who, watch)
        run_dir = opened(run_id, who)
        if run_dir is None:  # none yet, just deleted, or not this visitor's
            if watch.get("run") is not None or "shown" not in watch:
                watch = {"listing": watch.get("listing"), "run": None, "shown": {}}
                out |= controls(None) | {c["progress"]: w("no_run"), c["bar"]: progress_html(0, w("progress_label"))}
                out[c["message"]] = ""  # nothing open: no "Stopping …" or command of a run that is gone
                out |= {c[f"{name}_note"]: w("note_no_run") for name in CHARTS}
                out |= {c[name]: plot_update(watch["shown"], name, None, {}) for name in CHARTS}
                out |= {c["samples"]: gr.update(visible=False), c["eval_table"]: gr.update(visible=False)}
            return paced(watch, out, refresh_period(False, None))
        view = View(x_axis_, bool(log_loss))
        same_run = watch.get("run") == run_id
        if not same_run:
            status = runs.read_status(run_dir)
            watch = {"listing": watch.get("listing"), "run": run_id, "offset": 0, "rows": [], "shown": {}}
            watch["doctor"] = LiveDoctor(run_dir)
            watch["task"] = status.get("task") or watch["doctor"].context.config.task
            out[c["samples"]] = gr.update(visible=watch["task"] == "sft")
        new_rows, offset = read_metrics(run_dir, watch["offset"])
        rows = watch["rows"] + new_rows
        found = watch["doctor"].update(new_rows) if new_rows or not same_run else None
        watch.update(offset=offset, rows=rows)
        status = runs.read_status(run_dir)
        state = status.get("state", "unknown")
        running = state == "running"
        p = progress(rows, running=running)
        said = state_word(state, lang)
        text = progress_text(w, said, running, p, rate)
        if status.get("error"):
            text += "  \n" + w("failed", error=error_text(status, w))
        if status.get("resumed_from"):
            text += "  \n" + resume_note(status, lang)
        shown = watch["shown"]

        def send(component: str, value: Any, key: Any = None) -> None:
            """Only what changed goes to the browser: each plot update re-renders its chart."""
            key = value if key is None else key
            if shown.get(component, object()) != key:
                shown[component] = key
                out[c[component]] = value

        send("progress", text)
        send("bar", progress_html(p.fraction, w("progress_label")))
        send("title", page_title(state, p.step, p.total, p.fraction, lang))
        if shown.get("state") != state:
            shown["state"] = state
            out |= controls(state)
            out[c["message"]] = run_message(w, run_id, said, run_command(run_dir, status))
        if found is not None:
            send("findings", findings_markdown(found, lang))
        raw = log_tail(run_dir)
        if shown.get("raw") != raw:
            shown["raw"] = raw
            out[c["log"]], out[c["raw_log"]] = log_views(raw, watch["task"], w)
        training = watch["doctor"].context.config.training  # read once, when the run was opened
        notes = chart_notes(rows, training.logging_steps, training.eval_steps, live=state in ("queued", "running"))
        for name in CHARTS:
            send(f"{name}_note", chart_text(name, notes[name], status, w))
        if watch["task"] == "sft":
            size = (run_dir / "samples.jsonl").stat().st_size if (run_dir / "samples.jsonl").exists() else 0
            if shown.get("samples") != size:
                follow = picked is None or picked == shown.get("samples_newest")
                steps, value, view_html = samples_state(run_dir, picked, follow, w)
                shown["samples"], shown["samples_newest"] = size, steps[-1] if steps else None
                out[c["samples_step"]] = gr.update(choices=steps, value=value)
                out[c["samples_view"]] = view_html
        table = eval_table(rows)
        send("eval_table", gr.update(value=table, visible=table is not None), signature(table))
        chart_words = ChartWords(w("raw"), w("smooth"), w("clip"), w("epoch"))
        frames = {"loss": loss_frame(rows, view, chart_words)}
        frames |= other_frames(rows, view, training.max_grad_norm, chart_words)
        x_title = w("x_time") if view.x_axis == "time" else w("x_step")
        axis = {"x_title": x_title, **x_axis(view, max(p.total, p.step))}
        drawn = set(frames["loss"]["series"]) if frames["loss"] is not None else set()
        props = {
            "loss": {
                **axis,
                "colors_in_legend": [name for name in (w("raw"), w("smooth"), "eval_loss") if name in drawn],
                "y_title": w("loss_log_title") if view.log_loss else "loss",
            },
            "lr": axis,
            "grad": axis,
            "eval": axis,
        }
        for name in CHARTS:
            update = plot_update(shown, name, frames[name], props[name])
            if update is not None:
                out[c[name]] = update
        return paced(watch, out, refresh_period(tab == "train", state))

    outputs = [
        c[name]
        for name in (
            "progress", "bar", *CHARTS, *(f"{n}_note" for n in CHARTS), "eval_table", "log", "raw_log", "findings",
            "title", "message", "stop", "resume", "history.delete", "run", "history.table", "history.picked",
            "samples", "samples_step", "samples_view", "timer", "watch",
        )
    ]  # fmt: skip
    c["start"].click(
        session.with_request(start, len(config_inputs) + 1),
        [*config_inputs, owner],
        [c["run"], c["message"]],
        api_name="train_start",
    )
    c["stop"].click(stop, [c["run"], owner], c["message"], api_name="train_stop")
    c["resume"].click(resume, [c["run"], owner], c["message"], api_name="train_resume")

    def open_clicked(evt: gr.SelectData):
        return open_run(lang, evt)

    c["sweep.table"].select(open_clicked, None, c["run"])
    c["history.table"].select(open_clicked, None, c["run"])

    def listed(owner: str | None, request: gr.Request):
        who = session.visitor(owner, request)
        return gr.update(choices=run_choices(who, lang), value=newest_run(who))

    c["history.delete"].click(
        partial(history_panel.delete_run, lang),
        [c["run"], owner],
        [c["history.message"], c["history.table"]],
        api_name="history_delete",
    ).then(listed, owner, c["run"])
    # One "always_last" listener per event (tests/studio/test_event_wiring.py): this cheap one runs every time.
    c["run"].change(run_config, [c["run"], owner], c["config"], trigger_mode="multiple")

    def relist(owner: str | None, request: gr.Request):
        return gr.update(choices=run_choices(session.visitor(owner, request), lang))

    def picked_step(step: str | None, run_id: str | None, owner: str | None, request: gr.Request):
        shown = samples_of_step(opened(run_id, session.visitor(owner, request)), step, w)
        return gr.skip() if shown is None else shown

    c["samples_step"].input(picked_step, [c["samples_step"], c["run"], owner], c["samples_view"])
    c["refresh"].click(relist, owner, c["run"])
    on_tab = open_tab if open_tab is not None else gr.State("train")
    watched = [c["run"], c["watch"], c["x_axis"], c["log_loss"], c["samples_step"], on_tab, owner]
    gr.on(
        [c["timer"].tick, c["run"].change, c["x_axis"].change, c["log_loss"].change],
        refresh,
        watched,
        outputs,
        show_progress="hidden",
        trigger_mode="always_last",
    )
    c["title"].change(None, c["title"], None, js="(title) => { document.title = title; }")
    return c
