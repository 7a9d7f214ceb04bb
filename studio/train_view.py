"""What the Train tab shows of the open run, as pure functions of its state and rows (tested without a browser):
the read-only progress bar, the progress line (no ETA once the run is over), the message naming the open run's own
command, which buttons make sense, the notes under the charts and the explained log."""

from __future__ import annotations

import html
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from studio.findings_view import worded
from studio.log_view import explained
from studio.strings import words
from studio.tabs.doctor_panel import ICONS
from studio.tabs.history_panel import state_word
from studio.train_charts import ChartNote
from studio.train_samples import by_step, read_rows, read_schema, samples_html
from training.doctor.live_findings import Noted
from training.lifecycle import runs
from training.lifecycle.progress import Progress, format_duration
from training.visitors import workspace
from training.visitors.access import Visitor, redact

ACTIVE = ("queued", "running")  # a run that holds or waits for the device: Stop applies, Delete does not
# The tab's timer: every tick costs the browser ~0.3 s of main thread whatever it sends (Gradio redraws the status
# of every event output in the page, measured in bench/page_cost.py), so it ticks fast only while someone watches.
LIVE_SECONDS = 1.5
IDLE_SECONDS = 10.0
LOG_LINES = 30
LOG_BYTES = 16_000
NOTICES = ("notice_pooler", "notice_head", "notice_unexpected", "notice_new_weights", "notice_report")

Words = Callable[..., str]


def refresh_period(watching: bool, state: str | None) -> float:
    """Seconds between refreshes: fast while the Train tab is open on a live run, slow otherwise (a run started
    elsewhere or finished in the background still shows within one slow tick; the page title follows too)."""
    return LIVE_SECONDS if watching and state in ACTIVE else IDLE_SECONDS


def listing(who: Visitor) -> tuple[tuple[str, str], ...]:
    """Every run this visitor sees with its state: when it changes, the run list and the history are redrawn."""
    return tuple((r.id, r.state) for r in workspace.run_list(who))


def progress_html(fraction: float, label: str) -> str:
    """A bar no one can drag: a div filled to the run's share of its steps, with the percentage as text."""
    pct = max(0.0, min(100.0, 100 * fraction))
    return (
        f'<div class="train-bar" role="progressbar" aria-label="{html.escape(label)}" aria-valuemin="0" '
        f'aria-valuemax="100" aria-valuenow="{pct:.0f}" style="display:flex;align-items:center;gap:0.6em">'
        '<div style="flex:1;height:0.75em;border-radius:0.4em;background:#e5e7eb;overflow:hidden">'
        f'<div style="width:{pct:.1f}%;height:100%;background:#2563eb"></div></div>'
        f'<span class="train-bar-pct">{pct:.0f}%</span></div>'
    )


def progress_text(w: Words, state_word: str, running: bool, p: Progress, rate: Callable[[float | None], str]) -> str:
    """The progress line; the ETA and the pace are the live run's only: a stopped or finished run has none."""
    values = {
        "state": state_word,
        "step": p.step,
        "total": p.total or "?",
        "pct": 100 * p.fraction,
        "elapsed": format_duration(p.elapsed),
        "lr": "–" if p.learning_rate is None else f"{p.learning_rate:.2e}",
        "loss": "–" if p.loss is None else f"{p.loss:.4f}",
    }
    if running:
        return w("progress", eta=format_duration(p.eta), samples=rate(p.samples_per_second),
                 tokens=rate(p.tokens_per_second), **values)  # fmt: skip
    return w("progress_done", **values)


def run_command(run_dir: Path, status: dict[str, Any]) -> str:
    """The command this run's process runs (a resumed run's is `training resume`): the one to show for it."""
    saved = status.get("command")
    command = list(saved) if isinstance(saved, list) and saved else runs.command(run_dir)
    if status.get("resume"):
        command = runs.command(run_dir, resume=True)
    return redact(shlex.join(command))


def run_message(w: Words, run_id: str, state_word: str, command: str) -> str:
    """The open run's line above the progress: its id and state, and its own command (never another run's)."""
    return w("open_run", run=run_id, state=state_word) + "  \n" + w("command", command=command)


@dataclass(frozen=True)
class Buttons:
    stop: bool
    delete: bool
    resume: bool


def buttons(state: str | None) -> Buttons:
    """Stop for a queued or running run; Delete and Resume for a run that no process writes into."""
    if state is None:
        return Buttons(False, False, False)
    return Buttons(stop=state in ACTIVE, delete=state not in ACTIVE, resume=state in ("stopped", "failed"))


def error_text(status: dict[str, Any], w: Words) -> str:
    """Why the run failed: an error the engine names by rule (training/lifecycle/runs.py read_status) in words, with
    its numbers; an exception as it is."""
    rule = status.get("error_rule")
    return w(f"error_{rule}", **(status.get("error_values") or {})) if rule else str(status.get("error"))


def note_text(note: ChartNote | None, w: Words) -> str:
    return "" if note is None else w(f"note_{note.rule}", **note.values)


def corpus_caption(status: dict[str, Any], w: Words) -> str:
    """What the validation searched (status.json's `validation_corpus`, an embedding run's), or "" before it is
    known and for other tasks."""
    searched = status.get("validation_corpus")
    if not searched:
        return ""
    return w("eval_corpus_all" if searched["size"] == searched["corpus"] else "eval_corpus", **searched)


def chart_text(name: str, note: ChartNote | None, status: dict[str, Any], w: Words) -> str:
    """The words under a chart: why it has no line yet, and under the validation chart what it searched."""
    said = [note_text(note, w), corpus_caption(status, w) if name == "eval" else ""]
    return "  \n".join(part for part in said if part)


def log_tail(run_dir: Path) -> str:
    """The last LOG_BYTES of train.log, as written (server paths redacted: not for a shared studio's visitors)."""
    path = run_dir / "train.log"
    if not path.exists():
        return ""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - LOG_BYTES))
        return redact(handle.read().decode("utf-8", errors="replace"))


def log_views(raw: str, task: str, w: Words) -> tuple[str, str]:
    """(the last LOG_LINES lines cleaned and explained, the raw tail's last lines as written)."""
    notes = {rule: w(rule) for rule in NOTICES}
    clean = explained(raw, task, notes).splitlines()
    return "\n".join(clean[-LOG_LINES:]), "\n".join(raw.removesuffix("\n").split("\n")[-LOG_LINES:])


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


def signature(value: Any) -> Any:
    """A frame's identity for "did it change": its length and last row (rows are only ever appended)."""
    if isinstance(value, pd.DataFrame):
        return (len(value), tuple(value.iloc[-1])) if len(value) else (0,)
    return value


def plot_update(shown: dict[str, Any], name: str, frame: pd.DataFrame | None, props: dict[str, Any]) -> Any:
    """What one chart needs this tick (None: nothing changed), remembered in `shown`. A chart with no point is
    hidden, its note under it saying why: a plot fed None or an empty frame after a line warns "Infinite extent"
    in the console, and a visible empty box says nothing. Props go out only when they change: a plot whose props
    change rebuilds its chart from the data it held a moment before, which can leave the new data undrawn, so the
    data goes once more on the next tick."""
    visible = frame is not None
    update: dict[str, Any] = {}
    if shown.get(f"{name}_visible") != visible:
        shown[f"{name}_visible"] = visible
        # "hidden" keeps the chart in the page: a plot taken out of it while its size watcher lives throws
        # "Cannot read properties of null (reading 'offsetWidth')" when the next run opens
        update["visible"] = True if visible else "hidden"
        shown[f"{name}_props"] = None  # a plot shown again gets its props with its data
    if not visible:
        shown[name] = None
        return gr.update(**update) if update else None
    if shown.get(f"{name}_props") != props:
        shown[f"{name}_props"], shown[name] = props, None
        return gr.update(value=frame, **props, **update)
    if shown.get(name) != signature(frame):
        shown[name] = signature(frame)
        return gr.update(value=frame)
    return None


def samples_state(run_dir: Path, picked: str | None, follow: bool, w: Words) -> tuple[list[str], str | None, str]:
    """The evaluation steps that wrote samples, the one to show (the newest when `follow`), and its samples."""
    groups = by_step(read_rows(run_dir), read_schema(run_dir))
    if not groups:
        return [], None, w("samples_none")
    steps = [str(step) for step in groups]
    if follow or picked not in steps:
        picked = steps[-1]
    return steps, picked, samples_html(groups[int(picked)], w)


def samples_of_step(run_dir: Path | None, step: str | None, w: Words) -> str | None:
    """One evaluation's samples, None when the run or the step has none."""
    groups = by_step(read_rows(run_dir), read_schema(run_dir)) if run_dir else {}
    return samples_html(groups[int(step)], w) if step and step.isdigit() and int(step) in groups else None
