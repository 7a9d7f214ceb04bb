"""Train tab: start / stop a background run, and watch its progress and charts live from its run directory."""

from __future__ import annotations

import shlex
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from datasets_spec import store
from studio.form import values_to_config
from studio.strings import words
from studio.tabs import history_panel, sweep_panel
from training import runs
from training.config import ConfigError
from training.metrics import read_metrics
from training.progress import EVAL_METRICS, format_duration, progress, series, smoothed

REFRESH_SECONDS = 1.5
LOG_LINES = 30


def run_choices() -> list[tuple[str, str]]:
    return [(f"{r.id} · {r.state}", r.id) for r in runs.list_runs(store.runs_dir())]


def newest_run() -> str | None:
    found = runs.list_runs(store.runs_dir())
    return found[0].id if found else None


def frame(*named: tuple[str, list[tuple[int, float]]]) -> pd.DataFrame | None:
    """One long frame of (step, value, series); None while there is nothing to draw.

    A Gradio line plot that once received an empty frame never draws its colour series afterwards, so an empty
    chart gets None (cleared), never an empty frame.
    """
    rows = [(step, value, name) for name, points in named for step, value in points]
    if not rows:
        return None
    return pd.DataFrame(rows, columns=["step", "value", "series"]).astype({"step": "int64", "value": "float64"})


def charts(rows: list[dict[str, Any]], max_grad_norm: float, lang: str) -> dict[str, pd.DataFrame | None]:
    """Chart data from all rows seen so far; the threshold line shows how often clipping bites."""
    w = words("train", lang)
    loss = series(rows, "loss")
    grad = series(rows, "grad_norm")
    clip = [(s, max_grad_norm) for s, _ in grad] if max_grad_norm > 0 else []
    evals = [r for r in rows if any(k in r for k in EVAL_METRICS)]
    table = [
        {"step": r["step"], **{k.removeprefix("eval_"): round(r[k], 4) for k in EVAL_METRICS if k in r}} for r in evals
    ]
    return {
        "loss": frame((w("raw"), loss), (w("smooth"), smoothed(loss)), ("eval_loss", series(rows, "eval_loss"))),
        "lr": frame(("learning_rate", series(rows, "learning_rate"))),
        "grad": frame(("grad_norm", grad), (w("clip"), clip)),
        "eval": frame(*((key.removeprefix("eval_"), series(rows, key)) for key in EVAL_METRICS)),
        "eval_table": pd.DataFrame(table) if table else None,
    }


def open_run(evt: gr.SelectData):
    """A click on a sweep's ranking row shows that run (its id is the row's first cell)."""
    return gr.update(choices=run_choices(), value=evt.row_value[0]) if evt.row_value else gr.update()


def run_config(run_id: str | None) -> str:
    path = store.runs_dir() / run_id / "config.yaml" if run_id else None
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
    return "\n".join(lines[-LOG_LINES:])


def build(lang: str, config_inputs: list[gr.Component]) -> dict[str, gr.Component]:
    w = words("train", lang)
    c: dict[str, gr.Component] = {}
    with gr.Row():
        c["start"] = gr.Button(w("start"), variant="primary", elem_id="train-start")
        c["stop"] = gr.Button(w("stop"), variant="stop", elem_id="train-stop")
        c["resume"] = gr.Button(w("resume"), elem_id="train-resume")
    with gr.Row():
        c["run"] = gr.Dropdown(choices=run_choices(), label=w("run"), elem_id="train-run", scale=4)
        c["refresh"] = gr.Button(w("refresh"), scale=1)
    c["message"] = gr.Markdown(elem_id="train-message")
    c["progress"] = gr.Markdown(w("no_run"), elem_id="train-progress")
    c["bar"] = gr.Slider(0, 100, value=0, label="%", interactive=False, elem_id="train-bar")
    with gr.Row():
        c["loss"] = gr.LinePlot(
            x="step", y="value", color="series", title=w("loss_chart"), elem_id="train-loss-plot", height=260
        )
        c["lr"] = gr.LinePlot(
            x="step", y="value", title=w("lr_chart"), y_axis_format=".1e", elem_id="train-lr-plot", height=260
        )
    with gr.Row():
        c["grad"] = gr.LinePlot(
            x="step", y="value", color="series", title=w("grad_chart"), elem_id="train-grad-plot", height=260
        )
        c["eval"] = gr.LinePlot(
            x="step", y="value", color="series", title=w("eval_chart"), elem_id="train-eval-plot", height=260
        )
    c["eval_table"] = gr.Dataframe(label=w("eval_table"), interactive=False, elem_id="train-eval-table")
    with gr.Accordion(w("log"), open=False):
        c["log"] = gr.Code(language=None, elem_id="train-log")
    with gr.Accordion(w("run_config"), open=False):
        c["config"] = gr.Code(language="yaml", elem_id="train-config")
    sweep = sweep_panel.build(lang, config_inputs)
    history = history_panel.build(lang)
    c.update({f"history.{k}": v for k, v in history.items()})
    c.update({f"sweep.{k}": v for k, v in sweep.items()})
    c["watch"] = gr.State({"run": None, "offset": 0, "rows": []})
    c["timer"] = gr.Timer(REFRESH_SECONDS)

    def start(*values):
        try:
            config = values_to_config(list(values))
        except ConfigError as exc:
            return gr.update(), w("invalid", message=exc)
        run_dir = runs.submit(config, store.runs_dir())
        command = shlex.join(runs.command(run_dir))
        said = "started" if runs.read_status(run_dir)["state"] == "running" else "queued"
        return (
            gr.update(choices=run_choices(), value=run_dir.name),
            w(said, run=run_dir.name) + "  \n" + w("command", command=command),
        )

    def stop(run_id: str | None):
        if not run_id:
            return w("no_run")
        runs.stop(store.runs_dir() / run_id)
        return w("stopping", run=run_id)

    def resume(run_id: str | None):
        if not run_id:
            return w("no_run")
        run_dir = store.runs_dir() / run_id
        try:
            runs.resume(run_dir)
        except ValueError as exc:
            return w("invalid", message=exc)
        command = shlex.join(runs.command(run_dir, resume=True))
        return w("resumed", run=run_id) + "  \n" + w("command", command=command)

    def refresh(run_id: str | None, watch: dict):
        """Read only what was appended since the last tick; skip re-sending charts when nothing changed."""
        runs.start_next(store.runs_dir())  # a run killed before it could hand the device on
        if not run_id or not (store.runs_dir() / run_id).is_dir():  # none yet, or just deleted
            return (w("no_run"), 0, *(gr.update(),) * 6, watch)
        run_dir = store.runs_dir() / run_id
        same_run = watch["run"] == run_id
        if not same_run:
            watch = {"run": run_id, "offset": 0, "rows": []}
        new_rows, offset = read_metrics(run_dir, watch["offset"])
        watch = {"run": run_id, "offset": offset, "rows": watch["rows"] + new_rows}
        status = runs.read_status(run_dir)
        state = status.get("state", "unknown")
        p = progress(watch["rows"], running=state == "running")
        text = w(
            "progress",
            state=state,
            step=p.step,
            total=p.total or "?",
            pct=100 * p.fraction,
            elapsed=format_duration(p.elapsed),
            eta=format_duration(p.eta),
            lr="–" if p.learning_rate is None else f"{p.learning_rate:.2e}",
            loss="–" if p.loss is None else f"{p.loss:.4f}",
        )
        if status.get("error"):
            text += "  \n" + w("failed", error=status["error"])
        if same_run and not new_rows:
            plots = (gr.update(),) * 5
        else:
            data = charts(watch["rows"], runs.load_config(run_dir).training.max_grad_norm, lang)
            plots = (data["loss"], data["lr"], data["grad"], data["eval"], data["eval_table"])
        return (text, round(100 * p.fraction, 1), *plots, log_tail(run_dir), watch)

    outputs = [
        c["progress"],
        c["bar"],
        c["loss"],
        c["lr"],
        c["grad"],
        c["eval"],
        c["eval_table"],
        c["log"],
        c["watch"],
    ]
    c["start"].click(start, config_inputs, [c["run"], c["message"]])
    c["stop"].click(stop, c["run"], c["message"])
    c["resume"].click(resume, c["run"], c["message"])
    c["sweep.table"].select(open_run, None, c["run"])
    c["history.table"].select(open_run, None, c["run"])
    c["history.delete"].click(
        partial(history_panel.delete_run, lang), c["run"], [c["history.message"], c["history.table"]]
    ).then(lambda: gr.update(choices=run_choices(), value=newest_run()), None, c["run"])
    c["run"].change(run_config, c["run"], c["config"])
    c["refresh"].click(lambda: gr.update(choices=run_choices()), None, c["run"])
    c["timer"].tick(refresh, [c["run"], c["watch"]], outputs, show_progress="hidden")
    c["run"].change(refresh, [c["run"], c["watch"]], outputs, show_progress="hidden")
    return c
