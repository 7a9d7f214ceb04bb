"""Configure tab: every config field rendered from its declaration, with its explanation and the resulting YAML."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import gradio as gr
import pandas as pd

from core import settings
from core.models.load import NotConverted
from studio import session
from studio.config_errors import config_error
from studio.form import config_to_values, form_fields, values_to_config
from studio.insight_words import device_rows, meaning_lines
from studio.layer_fix import layer_fix_button, layer_fix_value
from studio.strings import words
from studio.tabs import compare_panel, doctor_panel
from studio.tabs.configure_form import build_fields, field_components, filled_now, form_edits
from training.config.presets import apply_preset, kept_fields, preset_names, presets_for
from training.config.startable import Blocker, blockers, dataset_task, task_data
from training.config.studio import ConfigError, StudioConfig, dump_yaml, load_yaml_noted, save_yaml, set_value
from training.doctor.preflight import TASK_OF_DATA
from training.insight.explain import lr_change, meanings, short
from training.insight.lora_size import lora_parameters
from training.insight.quantities import quantities
from training.insight.schedule import learning_rates, marker, run_horizon
from training.lifecycle import runs
from training.tasks.hard_negatives import AUTO_SHARE, of_config
from training.visitors import workspace

CHECK_QUEUE = "configure-check"  # the form's checks run one at a time, in order, on page load and on each edit
PREVIEW_POINTS = 400  # enough for the shape of any schedule, light enough to redraw on every edit


def lora_share(config: StudioConfig, lang: str) -> list[str]:
    """ "LoRA trains 1.2M of 118M parameters (1.0%)", from the model's own modules; the reason when it can't say."""
    if not config.lora.use_lora:
        return []
    try:
        count = lora_parameters(
            config.model.name_or_path,
            config.lora.target_modules,
            config.lora.r,
            config.lora.layers_to_transform,
            task=config.task,  # the model class the run builds: a decoder's layers are model.layers.N under SFT
        )
    except NotConverted as exc:  # the offline default before its first use: counted once it is converted
        return [words("configure", lang)("lora_not_converted", model=exc.name, package=exc.package, s=exc.seconds)]
    except (OSError, ValueError) as exc:  # a Hub id without a network, or target modules that match nothing
        return [str(exc)]
    return [words("configure", lang)("lora_share", trainable=count.trainable, total=count.total, share=count.share)]


def bullets(lines: list[str]) -> str:
    return "\n\n" + "\n".join(f"- {line}" for line in lines)


def derived_markdown(config: StudioConfig, span, lang: str) -> str:
    """Effective batch, steps, warmup, final LR, trainable parameters, tokens per step, memory: one table."""
    q = quantities(config, span)
    trainable = (
        f"{q.trainable_parameters:,} / {q.total_parameters:,} ({q.trainable_share:.2%})"
        if q.trainable_parameters is not None
        else "?"
    )
    memory = f"{q.memory_gib:.2f} GiB" if q.memory_gib is not None else "?"
    values = {**q.to_dict(), "steps_per_epoch": q.steps_per_epoch or "—", "trainable": trainable, "memory": memory}
    table = words("configure", lang)("derived", **values)
    return table + device_rows(config, q, lang) + hard_negatives_row(config, lang)


def hard_negatives_row(config: StudioConfig, lang: str) -> str:
    """How many training examples have hard negatives, and whether loss.use_hard_negatives uses them (embedding)."""
    if config.task != "embedding":
        return ""
    w = words("configure", lang)
    found = of_config(config)
    if found is None:
        return w("derived_hard_unknown", setting=config.loss.use_hard_negatives, dataset=config.data.dataset)
    left = found.examples - found.with_negatives
    key = "on" if found.on else "none" if not found.with_negatives else "off" if found.setting == "false" else "few"
    counts = {"some": found.with_negatives, "examples": found.examples, "median": found.median}
    return w(
        f"derived_hard_{key}",
        **counts,
        setting=found.setting,
        need=AUTO_SHARE,
        left=w("derived_hard_left", left=left) if left else "",
    )


def shown_values(b: Blocker, lang: str) -> dict[str, object]:
    """A blocker's numbers as the sentence shows them: lists joined, kinds of data and of model in words."""
    w = words("configure", lang)
    values = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in b.values.items()}
    if b.rule == "task_data":
        values |= {"holds": w(f"kind_{b.values['holds']}"), "needs": w(f"kind_{b.values['needs']}")}
    if b.rule == "model_task":
        values["why"] = w(f"model_{b.values['kind']}")
    if b.rule == "dataset_missing" and not b.values["stored"]:
        values["stored"] = w("none_stored")
    return values


def blocker_line(b: Blocker, lang: str) -> str:
    """One failed rule in words: the fields that conflict, their values, and what to change."""
    w = words("configure", lang)
    key = "blocked_lora_layers_none" if b.rule == "lora_layers" and not b.values["found"] else f"blocked_{b.rule}"
    line = w(key, **shown_values(b, lang))
    if b.rule == "too_few_rows":
        line += w("rows_cap", cap=b.values["cap"]) if b.values["cap"] else ""
        line += w("rows_hard") if b.values["hard"] else ""
    return line


def status_markdown(found: list[Blocker], lang: str) -> str:
    """ "Config is valid." only when the run can start, else one line per rule that fails."""
    w = words("configure", lang)
    return w("valid") if not found else w("blocked") + bullets([blocker_line(b, lang) for b in found])


def follow_dataset(lang: str, name: str, task: str) -> tuple[str, str, str]:
    """The Data tab's dataset becomes the config's; the task follows it when the dataset holds another kind of
    example, and the returned note says so.

    Following, rather than only reporting the mismatch: a stored dataset fits exactly one task, so there is never
    a choice to guess, and the old task cannot train on it at all, so keeping it protects nothing; a person who
    just stored chat data on the Data tab means to train on it. The note keeps the switch visible, and the check
    then names what else the new task needs (a chat model, its LoRA targets), which is not changed behind the
    user's back.
    """
    w = words("configure", lang)
    held = dataset_task(name) if name else None
    fits = TASK_OF_DATA.get(held or "")
    if fits is None or fits == task:
        return name, task, ""
    return name, fits, w("followed", dataset=name, holds=w(f"kind_{held}"), task=fits, was=task)


def origin_of(kind: str, name: str, config: StudioConfig) -> dict[str, object]:
    """What the form started from, kept per browser in a `gr.State`: a loaded preset, an imported YAML or a past run
    (`load_run`). The page's first config is the default, which `meanings` already compares with: no entry."""
    return {"kind": kind, "name": name, "learning_rate": config.training.learning_rate}


def origin_line(config: StudioConfig, origin: dict | None, lang: str) -> list[str]:
    """ "LR 1e-3: 4× higher than the preset you loaded, sft-json-cpu (2.5e-4)": the number Compare gives."""
    if not origin:
        return []
    w = words("configure", lang)
    change = lr_change(float(origin["learning_rate"]), config.training.learning_rate)
    named = w(f"origin_{origin['kind']}", name=origin["name"])
    if change.ratio is None and change.direction != "same":  # from or to 0: no "times" to say
        return []
    lr, before = short(change.after), short(change.before)
    return [w(f"origin_{change.direction}", lr=lr, times=change.times, origin=named, before=before)]


def explained(config: StudioConfig, origin: dict | None, lang: str, span=None) -> list[str]:
    """`meanings`, with the comparison against the starting config right under the default's LR line."""
    lines = meaning_lines(meanings(config, span), lang)
    return [*lines[:1], *origin_line(config, origin, lang), *lines[1:]]


def preview(
    config: StudioConfig, mark: int | None, lang: str, origin: dict | None = None
) -> tuple[pd.DataFrame | None, str, str]:
    """The LR curve of this config on its dataset, what its numbers mean for the step the user marks, and the
    derived quantities; in words, never an exception, when the dataset holds examples of another task."""
    w = words("configure", lang)
    said = explained(config, origin, lang)
    mismatch = task_data(config)  # rows counted the task's way would read fields this data does not have
    if mismatch:
        return None, w("preview_error", message=blocker_line(mismatch[0], lang)) + bullets(said), ""
    try:
        span = run_horizon(config)
    except (FileNotFoundError, ValueError) as exc:
        return None, w("preview_error", message=exc) + bullets(said), ""
    rates = learning_rates(config, span)
    stride = max(1, span.total_steps // PREVIEW_POINTS)
    steps = sorted({*range(0, span.total_steps + 1, stride), span.warmup_steps, span.total_steps})
    frame = pd.DataFrame({"step": steps, "learning_rate": [rates[s] for s in steps]})
    step = min(int(mark), span.total_steps) if mark else span.warmup_steps  # 0 or empty: the end of warmup
    at = marker(rates, config.training.learning_rate, step)
    text = w(
        "preview_summary",
        total=span.total_steps,
        per_epoch=w("per_epoch", n=span.steps_per_epoch) if span.steps_per_epoch else "",
        warmup=span.warmup_steps,
        share=span.warmup_steps / span.total_steps,
        marker=w("at_step", step=at.step, rate=at.rate, share=at.share),
    )
    said = explained(config, origin, lang, span)
    return frame, text + bullets([*said, *lora_share(config, lang)]), derived_markdown(config, span, lang)


def build(lang: str, owner: gr.BrowserState) -> dict[str, gr.Component]:
    """`owner` is the page's browser id (the compare panel offers only the runs its visitor may open)."""
    w = words("configure", lang)
    c: dict[str, gr.Component] = {}
    c["origin"] = gr.State(None)  # origin_of: the preset or YAML this browser's form started from
    c["filled"] = gr.State(0)  # bumped after the studio sets fields (form_edits)
    gr.Markdown(w("intro"))
    with gr.Row():
        c["preset"] = gr.Dropdown(
            choices=preset_names(),
            value=preset_names()[0],
            label=w("presets"),
            info=w("presets_info"),
            elem_id="cfg-preset",
            scale=3,
        )
        c["load_preset"] = gr.Button(w("load_preset"), elem_id="cfg-load-preset", scale=1)
        c["yaml_upload"] = gr.File(
            label=w("yaml_upload"), file_types=[".yaml", ".yml"], elem_id="cfg-yaml-upload", scale=2, height=90
        )
        c["yaml_download"] = gr.DownloadButton(w("yaml_download"), elem_id="cfg-yaml-download", scale=1)
    with gr.Row():
        with gr.Column(scale=3):
            build_fields(lang, c)
        with gr.Column(scale=2):
            c["task_note"] = gr.Markdown(elem_id="cfg-task-note")  # follow_dataset's note, when the task moved
            c["status"] = gr.Markdown(w("valid"), elem_id="cfg-status")
            c["layer_fix"] = gr.Button(visible=False, size="sm", elem_id="cfg-layer-fix")
            c["lr_preview"] = gr.LinePlot(
                x="step",
                y="learning_rate",
                title=w("preview_title"),
                y_axis_format=".1e",
                elem_id="cfg-lr-preview",
                height=240,
            )
            c["marker"] = gr.Number(label=w("marker"), precision=0, minimum=0, elem_id="cfg-marker")
            c["lr_summary"] = gr.Markdown(elem_id="cfg-lr-summary")
            with gr.Accordion(w("derived_header"), open=True):
                c["derived"] = gr.Markdown(elem_id="cfg-derived")
            doctor = doctor_panel.build(lang, field_components(c), owner, c["filled"])
            compared = compare_panel.build(lang, field_components(c), owner)
            c.update({f"compare.{k}": v for k, v in compared.items()})
            c.update({f"doctor.{k}": v for k, v in doctor.items()})
            c["yaml"] = gr.Code(dump_yaml(StudioConfig()), language="yaml", label=w("yaml"), elem_id="cfg-yaml")
            c["command"] = gr.Markdown(elem_id="cfg-command")

    # Every edit is one event (form_edits says why not the fields' own change); what follows an edit hangs off it
    # with .then: the check here, the doctor's re-check, and in app.py the kept form and the Data tab's tokenizer.
    c["edited"] = gr.on(
        [c["marker"].input, c["origin"].change, *form_edits(field_components(c), c["filled"])],
        None,
        js="() => []",  # runs in the page: never pending, so an edit always reaches the steps after it
    )
    # Run one at a time, pending edits collapsed into the newest: a slow check (a new model to load) can never
    # finish after, and overwrite, the check of a later edit.
    c["edited"].then(
        check_event(lang),
        [*check_inputs(c), owner],
        check_outputs(c),
        trigger_mode="always_last",
        concurrency_limit=1,
        concurrency_id=CHECK_QUEUE,
    )
    doctor_panel.follow_edits(c["edited"], lang, doctor, field_components(c), owner)
    c["load_preset"].click(
        partial(load_preset, lang),
        [c["preset"], *field_components(c)],
        [*field_components(c), c["origin"], c["task_note"]],
    ).then(filled_now, None, c["filled"])
    c["yaml_upload"].upload(
        partial(import_yaml, lang), c["yaml_upload"], [*field_components(c), c["status"], c["origin"]]
    ).then(filled_now, None, c["filled"])
    c["yaml_download"].click(export_yaml, field_components(c), c["yaml_download"])
    c["layer_fix"].click(
        layer_fix_value, [c["model.name_or_path"], c["lora.layers_to_transform"]], c["lora.layers_to_transform"]
    ).then(filled_now, None, c["filled"])
    return c


def load_preset(lang: str, name: str, *values) -> tuple:
    """The preset's training settings in the form, its task, model and data as the person chose them
    (presets.apply_preset), and that config as the one the form started from; a preset for another task comes whole,
    and the returned note says what it replaced. A form that does not parse keeps its experiment fields as typed."""
    paths = [spec.path for spec in form_fields()]
    typed = dict(zip(paths, values, strict=True))
    try:
        chosen = values_to_config(list(values))
    except ConfigError:
        chosen = StudioConfig()
        for path in ("task", "model.name_or_path"):  # what decides which fields a preset keeps
            set_value(chosen, path, typed[path])
    config = apply_preset(name, chosen)
    kept = kept_fields(name, chosen)
    shown = [
        typed[path] if path in kept else value for path, value in zip(paths, config_to_values(config), strict=True)
    ]
    note = "" if kept else other_task_note(lang, name, config, typed)
    return (*shown, origin_of("preset", name, config), note)


def other_task_note(lang: str, name: str, config: StudioConfig, typed: dict[str, object]) -> str:
    """What a preset for another task replaced, and the presets that would have kept the person's data."""
    w = words("configure", lang)
    was = str(typed["task"])
    return w(
        "preset_other_task",
        name=name,
        task=config.task,
        was=was,
        model=config.model.name_or_path,
        dataset=config.data.dataset,
        was_dataset=typed["data.dataset"] or "—",
        others=", ".join(presets_for(was)) or "—",
    )


def load_run(lang: str, run_id: str | None, owner: str | None = None, request: gr.Request = None) -> tuple:
    """A past run's settings in the form (a run this visitor may open), that run as where the form started, and a
    line for the Train tab saying so."""
    w = words("train", lang)
    unchanged = [gr.update()] * (len(form_fields()) + 1)
    if not run_id:
        return (*unchanged, w("no_run"))
    try:
        config = runs.load_config(workspace.run_dir(session.visitor(owner, request), run_id))
    except (OSError, ValueError) as exc:  # not found, not theirs (AccessDenied), a config that no longer reads
        return (*unchanged, w("refused", message=config_error(exc, lang)))
    return (*config_to_values(config), origin_of("run", run_id, config), w("config_loaded", run=run_id))


def import_yaml(lang: str, path: str | None):
    """Fill the form from an uploaded config.yaml (old `warmup_ratio` spellings included); errors name the field."""
    w = words("configure", lang)
    try:
        config, notes = load_yaml_noted(Path(path))
    except (ConfigError, OSError, ValueError) as exc:
        return (*[gr.update()] * len(form_fields()), w("invalid", message=exc), gr.update())
    # What reading it changed (a DeepSpeed schedule mapped, an old spelling renamed), each in the page's language.
    said = "\n".join(f"- {w(f'import_{note.rule}', **note.numbers)}" for note in notes)
    return (*config_to_values(config), said or gr.update(), origin_of("yaml", Path(path).name, config))


def export_yaml(*values) -> str | None:
    """The form as a config.yaml file to download (saved under the data directory's configs/)."""
    try:
        config = values_to_config(list(values))
    except ConfigError:
        return None
    folder = settings.data_dir() / "configs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    save_yaml(config, path)
    return str(path)


def command() -> str:
    """What the Train tab runs for this form once it is saved as config.yaml (the Download button saves it)."""
    return f"python -m training run config.yaml --run-dir {runs.runs_dir() / 'my-run'}"


def check_event(lang: str):
    """`check` for the page's visitor (inputs: check_inputs, then the owner state): a dataset, model or file they may
    not use is refused before it is read, so no preview or count tells them about another visitor's data."""

    def handler(mark: int | None, origin: dict | None, *values):
        *form, owner_id, request = values
        refused = doctor_panel.visitor_refusal(lang, session.visitor(owner_id, request), form)
        if refused:
            return refused, *[gr.update()] * 5, gr.update(visible=False)
        return check(lang, mark, origin, *form)

    return session.with_request(handler, len(form_fields()) + 3)


def check_inputs(c: dict[str, gr.Component]) -> list[gr.Component]:
    return [c["marker"], c["origin"], *field_components(c)]


def check_outputs(c: dict[str, gr.Component]) -> list[gr.Component]:
    return [c["status"], c["yaml"], c["lr_preview"], c["lr_summary"], c["derived"], c["command"], c["layer_fix"]]


def check(lang: str, mark: int | None, origin: dict | None, *values):
    """Validate the form and say whether its run can start (training/config/startable.py); show its YAML and LR preview
    either way. Runs on every edit and on page load."""
    w = words("configure", lang)
    try:
        config = values_to_config(list(values))
    except ConfigError as exc:
        unchanged = [gr.update()] * 5
        return w("invalid", message=config_error(exc, lang)), *unchanged, layer_fix_button(exc, values, lang)
    frame, summary, derived = preview(config, mark, lang, origin)
    if frame is None:  # an empty chart, not None: Gradio's plot throws in the page when its value goes to None
        frame = pd.DataFrame({"step": [], "learning_rate": []})
    status = status_markdown(blockers(config), lang)
    hidden = gr.update(visible=False)
    return status, dump_yaml(config), frame, summary, derived, w("command", command=command()), hidden
