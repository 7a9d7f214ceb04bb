"""Train tab: start / stop a background run, and watch its progress and charts live from its run directory."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr

from studio import session
from studio.config_errors import config_error
from studio.findings_view import worded
from studio.form import values_to_config
from studio.strings import words
from studio.tabs import history_panel, sweep_panel
from studio.tabs.configure import status_markdown
from studio.tabs.doctor_panel import ICONS
from studio.tabs.history_panel import state_word
from studio.train_charts import (
    ChartWords,
    View,
    eval_table,
    loss_colours,
    loss_frame,
    other_frames,
    short_curves,
)
from training.config.startable import blockers
from training.config.studio import ConfigError
from training.config.training_args import TrainArgs
from training.doctor.live_findings import LiveDoctor, Noted
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics
from training.lifecycle.progress import format_duration, progress
from training.visitors import workspace
from training.visitors.access import AccessDenied, Visitor, redact

REFRESH_SECONDS = 1.5
LOG_LINES = 30


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


def log_tail(run_dir: Path) -> str:
    path = run_dir / "train.log"
    if not path.exists():
        return ""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 16_000))
        text = handle.read().decode("utf-8", errors="replace")
    # tqdm redraws its bar with carriage returns; keep only the latest state of each line
    lines = [line.rsplit("\r", 1)[-1] for line in text.splitlines()]
    return redact("\n".join(lines[-LOG_LINES:]))  # a traceback names server paths: not for a shared studio's visitors


def findings_markdown(found: list[Noted], lang: str) -> str:
    w = words("train", lang)
    if not found:
        return w("doctor_quiet")
    parts = []
    for noted in found:
        said = worded(noted.finding, lang)
        fix = f"  \n{w('fix')}: {said.fix}" if said.fix else ""
        parts.append(
            f"{ICONS[noted.finding.severity]} **{said.title}** ({w('doctor_at', step=noted.step)})  \n"
            f"{said.evidence}  \n_{w('why')}: {said.why}_{fix}"
        )
    return "\n\n".join(parts)


def chart_notes(rows: list[dict], training: TrainArgs, lang: str) -> dict[str, str]:
    """A caption under each chart that has too few points for a line, saying when the next one comes."""
    w = words("train", lang)
    notes = {"loss": "", "eval": ""}
    for short in short_curves(rows, training.logging_steps, training.eval_steps):
        if short.chart == "loss":
            notes["loss"] = w("short_loss", n=short.points, next=short.next_step)
        elif short.next_step is None:
            notes["eval"] = w("short_eval_epoch", n=short.points)
        else:
            notes["eval"] = w("short_eval", n=short.points, next=short.next_step)
    return notes


def resume_note(status: dict[str, Any], lang: str) -> str:
    """Which checkpoint the run resumed from, and why each newer one was skipped (status.json holds rule ids)."""
    w = words("train", lang)
    skipped = [
        w("checkpoint_skipped", checkpoint=s["checkpoint"], reason=w(f"torn_{s['reason']}", file=s["file"]))
        for s in status.get("skipped_checkpoints") or []
    ]
    if not skipped:
        return w("resumed_from", checkpoint=status["resumed_from"])
    return w("resumed_after", skipped=", ".join(skipped), checkpoint=status["resumed_from"])


def page_title(state: str, step: int, total: int, fraction: float, lang: str) -> str:
    w = words("train", lang)
    if state == "running":
        return w("title_running", pct=100 * fraction, step=step, total=total or "?")
    return w("title_idle", state=state_word(state, lang))


def rate(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def chart(w: Callable[..., str], title: str, y_title: str, elem_id: str, **options: Any) -> gr.LinePlot:
    """A Train tab chart: long frames of (x, value[, series]) from studio.train_charts, x by step until told."""
    return gr.LinePlot(
        x="x", y="value", title=w(title), x_title=w("x_step"), y_title=y_title, elem_id=elem_id, height=260, **options
    )


def build(lang: str, config_inputs: list[gr.Component], owner: gr.BrowserState) -> dict[str, gr.Component]:
    """`owner` is the page's browser id: the runs it starts are its visitor's, and it sees and changes only those
    in a shared studio."""
    w = words("train", lang)
    c: dict[str, gr.Component] = {}
    with gr.Row():
        c["start"] = gr.Button(w("start"), variant="primary", elem_id="train-start")
        c["stop"] = gr.Button(w("stop"), variant="stop", elem_id="train-stop")
        c["resume"] = gr.Button(w("resume"), elem_id="train-resume")
    with gr.Row():
        c["run"] = gr.Dropdown(choices=run_choices(lang=lang), label=w("run"), elem_id="train-run", scale=4)
        c["refresh"] = gr.Button(w("refresh"), scale=1)
        c["use_config"] = gr.Button(w("use_config"), scale=2, elem_id="train-use-config")  # studio/app.py wires it
    c["message"] = gr.Markdown(elem_id="train-message")
    c["progress"] = gr.Markdown(w("no_run"), elem_id="train-progress")
    c["bar"] = gr.Slider(0, 100, value=0, label="%", interactive=False, elem_id="train-bar")
    with gr.Row():
        c["x_axis"] = gr.Radio(
            [(w("x_step"), "step"), (w("x_time"), "time")], value="step", label=w("x_axis"), elem_id="train-x-axis"
        )
        c["log_loss"] = gr.Checkbox(label=w("log_loss"), value=False, elem_id="train-log-loss")
    colours = loss_colours(w("raw"), w("smooth"), w("epoch"))
    with gr.Row():
        c["loss"] = chart(
            w,
            "loss_chart",
            "loss",
            "train-loss-plot",
            color="series",
            color_map=colours,
            colors_in_legend=[w("raw"), w("smooth"), "eval_loss"],
        )
        c["lr"] = chart(w, "lr_chart", "learning_rate", "train-lr-plot", y_axis_format=".1e")
    with gr.Row():
        c["grad"] = chart(w, "grad_chart", "grad_norm", "train-grad-plot", color="series")
        c["eval"] = chart(w, "eval_chart", "score", "train-eval-plot", color="series")
    c["eval_table"] = gr.Dataframe(label=w("eval_table"), interactive=False, elem_id="train-eval-table")
    with gr.Accordion(w("doctor"), open=True):
        c["findings"] = gr.Markdown(w("doctor_quiet"), elem_id="train-findings")
    c["title"] = gr.Textbox(visible=False, elem_id="train-title")
    with gr.Accordion(w("log"), open=False):
        c["log"] = gr.Code(language=None, elem_id="train-log")
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
            w(said, run=run_dir.name) + "  \n" + w("command", command=command),
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
            return w("invalid", message=exc)
        command = shlex.join(runs.command(runs.runs_dir() / run_id, resume=True))
        return w("resumed", run=run_id) + "  \n" + w("command", command=command)

    def refresh(run_id: str | None, watch: dict, x_axis: str, log_loss: bool, owner: str | None, request: gr.Request):
        """Read only what was appended since the last tick; skip re-sending charts when nothing changed."""
        runs.start_next(runs.runs_dir())  # a run killed before it could hand the device on
        run_dir = opened(run_id, session.visitor(owner, request))
        if run_dir is None:  # none yet, just deleted, or not this visitor's
            return (w("no_run"), 0, *(gr.update(),) * 7, gr.update(), watch)
        view = View(x_axis, bool(log_loss))
        same_run = watch.get("run") == run_id
        if not same_run:
            watch = {"run": run_id, "offset": 0, "rows": [], "doctor": LiveDoctor(run_dir)}
        new_rows, offset = read_metrics(run_dir, watch["offset"])
        rows = watch["rows"] + new_rows
        found = watch["doctor"].update(new_rows) if new_rows or not same_run else None
        redraw = not same_run or bool(new_rows) or watch.get("view") != view or watch.get("settle", False)
        watch = {**watch, "offset": offset, "rows": rows, "view": view, "settle": False}
        status = runs.read_status(run_dir)
        state = status.get("state", "unknown")
        p = progress(rows, running=state == "running")
        text = w(
            "progress",
            state=state_word(state, lang),
            step=p.step,
            total=p.total or "?",
            pct=100 * p.fraction,
            elapsed=format_duration(p.elapsed),
            eta=format_duration(p.eta),
            lr="–" if p.learning_rate is None else f"{p.learning_rate:.2e}",
            loss="–" if p.loss is None else f"{p.loss:.4f}",
            samples=rate(p.samples_per_second),
            tokens=rate(p.tokens_per_second),
        )
        if status.get("error"):  # an error the engine names by rule is said in words; an exception as it is
            error = w(f"error_{status['error_rule']}") if status.get("error_rule") else status["error"]
            text += "  \n" + w("failed", error=error)
        if status.get("resumed_from"):
            text += "  \n" + resume_note(status, lang)
        title = page_title(state, p.step, p.total, p.fraction, lang)
        findings = gr.update() if found is None else findings_markdown(found, lang)
        if not redraw:
            return (text, round(100 * p.fraction, 1), *(gr.update(),) * 5, log_tail(run_dir), findings, title, watch)
        chart_words = ChartWords(w("raw"), w("smooth"), w("clip"), w("epoch"))
        training = watch["doctor"].context.config.training  # read once, when the run was opened
        notes = chart_notes(rows, training, lang)
        x_title = w("x_time") if view.x_axis == "time" else w("x_step")
        others = other_frames(rows, view, training.max_grad_norm, chart_words)
        loss = loss_frame(rows, view, chart_words)
        drawn = set(loss["series"]) if loss is not None else set()
        props = {
            "loss": {
                "colors_in_legend": [name for name in (w("raw"), w("smooth"), "eval_loss") if name in drawn],
                "caption": notes["loss"] or None,
                "x_title": x_title,
                "y_title": w("loss_log_title") if view.log_loss else "loss",
            },
            "lr": {"x_title": x_title},
            "grad": {"x_title": x_title},
            "eval": {"caption": notes["eval"] or None, "x_title": x_title},
        }
        # A plot whose titles change rebuilds its chart from the data it held a moment before, which can leave the
        # new data undrawn: titles go out only when they change, and the next tick sends the data once more.
        if props != watch.get("props"):
            watch = {**watch, "props": props, "settle": True}
        else:
            props = {name: {} for name in props}
        plots = (
            gr.update(value=loss, **props["loss"]),
            gr.update(value=others["lr"], **props["lr"]),
            gr.update(value=others["grad"], **props["grad"]),
            gr.update(value=others["eval"], **props["eval"]),
            eval_table(rows),
        )
        return (text, round(100 * p.fraction, 1), *plots, log_tail(run_dir), findings, title, watch)

    outputs = [
        c["progress"],
        c["bar"],
        c["loss"],
        c["lr"],
        c["grad"],
        c["eval"],
        c["eval_table"],
        c["log"],
        c["findings"],
        c["title"],
        c["watch"],
    ]
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
    c["run"].change(run_config, [c["run"], owner], c["config"])

    def relist(owner: str | None, request: gr.Request):
        return gr.update(choices=run_choices(session.visitor(owner, request), lang))

    c["refresh"].click(relist, owner, c["run"])
    watched = [c["run"], c["watch"], c["x_axis"], c["log_loss"], owner]
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
