"""The experiment: task + dataset + model + config, one per browser, shown above every tab and kept across reloads.

The Configure form is the experiment's one copy: the Data tab's dataset, a preset, a past run and an imported YAML
all change that form, and this module only (1) remembers it in the browser's localStorage (gr.BrowserState) with the
open tab, so a reload or a restart of the app brings both back, and (2) says it in one line, with the time the run
will take as measured on this machine (training.insight.pace), not guessed.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from studio.config_errors import config_error
from studio.form import form_fields, values_to_config
from studio.strings import words
from training.config.startable import task_data
from training.config.studio import ConfigError, StudioConfig
from training.insight.pace import PACE_STEPS, Pace, PaceBusy, PaceFailed, speed_key
from training.insight.schedule import effective_batch, run_horizon
from training.lifecycle.progress import format_duration
from training.visitors import workspace
from training.visitors.access import AccessDenied, Visitor

FORM_KEY, TAB_KEY, PACE_KEY = "tuning-studio-form", "tuning-studio-tab", "tuning-studio-pace"
# As the owner id (session.py): BrowserState's secret reaches the page anyway; a fixed one keeps the values readable
# after a restart and on both language pages.
SECRET = "tuning-studio-experiment-v1"
DATASET = [spec.path for spec in form_fields()].index("data.dataset")  # its place among the form's values
TABS = ("data", "augment", "configure", "train", "test", "playground", "deploy")
# The page opens on Data; a kept tab among TABS is clicked as a person would (studio/app.py).
OPEN_KEPT_TAB = f"""(tab) => {{
  if (!{list(TABS[1:])!r}.includes(tab)) return;
  document.querySelector(`button[role="tab"][data-tab-id="${{tab}}"]`)?.click();
}}"""
PACES_KEPT = 8  # measured paces remembered per browser (a few configs compared side by side)


def stores() -> dict[str, gr.BrowserState]:
    """The form's values, the open tab and the measured paces, each in this browser's localStorage."""
    return {
        "form": gr.BrowserState(None, storage_key=FORM_KEY, secret=SECRET),
        "tab": gr.BrowserState("data", storage_key=TAB_KEY, secret=SECRET),
        "paces": gr.BrowserState({}, storage_key=PACE_KEY, secret=SECRET),
    }


def remembered(values: list[Any]) -> dict[str, Any]:
    """The form as {field path: value}: readable after a new version adds or drops a field."""
    return {spec.path: value for spec, value in zip(form_fields(), values, strict=True)}


def restored(saved: Any, form: list[Any], datasets: list[str]) -> list[Any] | None:
    """The form's values from what `remembered` kept, the page's own `form` values where a field is new to it or
    the kept dataset is not among those this visitor may now see (`datasets`); None when nothing usable was kept
    (a first visit), so the page keeps its values."""
    if not isinstance(saved, dict) or not saved:
        return None
    values = [saved.get(spec.path, shown) for spec, shown in zip(form_fields(), form, strict=True)]
    if values[DATASET] not in datasets:
        values[DATASET] = form[DATASET]
    try:
        values_to_config(values)
    except (ConfigError, TypeError, ValueError):
        return None  # kept by an older version whose values no longer make a config: start from the page's
    return values


def tab_of(saved: Any) -> str:
    return saved if saved in TABS else "data"


def pace_for(config: StudioConfig, paces: Any) -> Pace | None:
    """The pace measured for a config whose steps cost what this one's do (same model, data, batch, length...)."""
    if not isinstance(paces, dict):
        return None
    found = paces.get(speed_key(config))
    try:
        return Pace(**found) if isinstance(found, dict) else None
    except TypeError:
        return None


def with_pace(paces: Any, pace: Pace) -> dict[str, dict]:
    """`paces` with this measurement added, the oldest dropped past PACES_KEPT."""
    kept = dict(paces) if isinstance(paces, dict) else {}
    kept[pace.key] = pace.to_dict()
    newest = sorted(kept.items(), key=lambda item: item[1].get("measured_at", 0), reverse=True)[:PACES_KEPT]
    return dict(newest)


def summary(config: StudioConfig, paces: Any, who: Visitor, lang: str) -> str:
    """One line: task, dataset, model, steps × examples, LR, and the time the run takes at the measured pace."""
    w = words("experiment", lang)
    try:
        workspace.check_config(who, config)  # the step count reads the dataset: only one this visitor may use
        if task_data(config):  # rows counted the task's way would read fields this data does not have
            raise ValueError("task_data")
        total = run_horizon(config).total_steps
        steps = w("steps", steps=total, batch=effective_batch(config))
    except (AccessDenied, ConfigError, OSError, ValueError):
        total, steps = None, w("steps_unknown")
    pace = pace_for(config, paces)
    if pace is None or total is None:
        time = w("time_unmeasured")
    else:
        per_step = step_seconds(pace.seconds_per_step)
        time = w("time_measured", total=format_duration(pace.seconds_for(total)), per_step=per_step)
    return w(
        "summary",
        task=w(f"task_{config.task}"),
        dataset=config.data.dataset,
        model=config.model.name_or_path,
        steps=steps,
        learning_rate=config.training.learning_rate,
        time=time,
    )


def step_seconds(seconds: float) -> str:
    """Seconds per step to two significant figures, in plain digits from 0.0001 s up: 0.023, 7.1, 140."""
    return f"{seconds:.0f}" if seconds >= 10 else f"{float(f'{seconds:.2g}'):g}"


def line(values: list[Any], paces: Any, who: Visitor, lang: str) -> str:
    try:
        config = values_to_config(list(values))
    except ConfigError:
        return words("experiment", lang)("invalid")
    return summary(config, paces, who, lang)


def measure(values: list[Any], paces: Any, who: Visitor, lang: str) -> tuple:
    """Time the form's config (workspace.measure_pace: checked as a run is): the paces kept with it, the line above
    the tabs, and what was measured; on a refusal or a failed probe, why, and nothing kept."""
    try:
        pace = workspace.measure_pace(who, values_to_config(list(values)))
    # TrainingRefused is a ValueError
    except (AccessDenied, ConfigError, PaceBusy, PaceFailed, OSError, ValueError) as exc:
        return gr.skip(), gr.skip(), failed_words(exc, lang)
    paces = with_pace(paces, pace)
    return paces, line(values, paces, who, lang), measured_words(pace, lang)


def measuring(lang: str) -> str:
    return words("experiment", lang)("measuring", steps=PACE_STEPS)


def measured_words(pace: Pace, lang: str) -> str:
    return words("experiment", lang)(
        "measured", per_step=step_seconds(pace.seconds_per_step), steps=pace.steps, startup=pace.startup_seconds
    )


def failed_words(exc: Exception, lang: str) -> str:
    w = words("experiment", lang)
    if isinstance(exc, PaceFailed):
        return w("measure_failed", log=exc.log[-1500:])
    if isinstance(exc, PaceBusy):
        return w(f"busy_{exc.rule}")
    return w("refused", message=config_error(exc, lang))


def measure_help(lang: str) -> str:
    return words("experiment", lang)("measure_help", steps=PACE_STEPS)
