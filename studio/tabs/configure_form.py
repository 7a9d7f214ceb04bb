"""The Configure tab's form: the fields a beginner changes first, open, and every other group in a closed accordion.

All 47 fields open made a 7,190 px page (1400 px wide) in which the learning rate sat below the fold; the first run
of most people changes the task, the model, the data, the learning rate, its length and the LoRA size, so those lead
and the rest wait one click away (closed accordions are not drawn until opened, and their values still travel).
"""

from __future__ import annotations

import time

import gradio as gr

from core.models.load import EMBEDDING_CHOICES, SFT_CHOICES, ModelChoice
from studio.form import config_to_values, form_fields
from studio.strings import words
from studio.strings.configure import MODEL_NOTES_KO
from studio.tabs.data import dataset_choices
from studio.widgets import component_for
from training.config.studio import StudioConfig

# What a first run changes, in the order a person decides it: what to train, on what, how fast, how long, how big.
BASICS = (
    "task",
    "model.name_or_path",
    "data.dataset",
    "training.learning_rate",
    "training.num_train_epochs",
    "training.max_steps",
    "lora.r",
    "lora.lora_alpha",
)

# The training group is long: its other fields are shown in the sections a person looks for them in.
SECTIONS = {
    "schedule": ("warmup_ratio", "lr_scheduler_type", "min_lr_rate", "decay_ratio"),
    "evaluation": (
        "report_to",
        "logging_steps",
        "eval_steps",
        "eval_corpus_size",
        "save_steps",
        "save_total_limit",
        "per_device_eval_batch_size",
    ),
    "hardware": (
        "num_processes",
        "mixed_precision",
        "gradient_checkpointing",
        "accelerate_config",
        "num_machines",
        "machine_rank",
        "main_process_ip",
        "main_process_port",
    ),
}

MORE = "cfg-more"  # the class of every closed group (the browser tests open them to reach a field)

SUGGESTIONS = {
    "model.name_or_path": lambda: [m.name for m in (*EMBEDDING_CHOICES, *SFT_CHOICES)],
    "data.dataset": dataset_choices,
}


def section_of(path: str) -> str:
    """The accordion a field is shown in: the basics, else its config group, the training group split in four."""
    if path in BASICS:
        return "basics"
    group, _, name = path.rpartition(".")
    if group != "training":
        return group or "top"
    return next((section for section, names in SECTIONS.items() if name in names), "optimiser")


def field_components(c: dict[str, gr.Component]) -> list[gr.Component]:
    """The field widgets in form order, the inputs of `values_to_config`."""
    return [c[spec.path] for spec in form_fields()]


def form_edits(fields: list[gr.Component], filled: gr.State) -> list:
    """The events of an edit of the form: a person typing or picking (`.input`) and a fill by the studio itself
    (`filled`, which every event that sets fields bumps with `filled_now`). Never the fields' `.change`: after a few
    quick edits Gradio 6.31's number boxes fire it by turns, once a second with unchanged values, for as long as the
    page stays open, and each one re-ran the check (~2.4 s of server CPU), the memory of the form and the doctor."""
    return [*(field.input for field in fields), filled.change]


def filled_now() -> int:
    """A new value for the form's `filled` state, chained after every event that sets fields (form_edits)."""
    return time.monotonic_ns()


def model_note(choice: ModelChoice, lang: str) -> str:
    """What a model choice is, in the page's language (the English is the choice's own note)."""
    return MODEL_NOTES_KO.get(choice.name, choice.note) if lang == "ko" else choice.note


def build_fields(lang: str, c: dict[str, gr.Component]) -> None:
    """Every field's widget into `c` by its path: the basics open at the top (in BASICS order), then one closed
    accordion per group."""
    w = words("configure", lang)
    defaults = dict(zip([s.path for s in form_fields()], config_to_values(StudioConfig()), strict=True))
    groups: dict[str, list] = {"basics": []}
    for spec in sorted(form_fields(), key=lambda s: BASICS.index(s.path) if s.path in BASICS else len(BASICS)):
        groups.setdefault(section_of(spec.path), []).append(spec)
    for group, specs in groups.items():
        basics = group == "basics"
        with gr.Accordion(
            w(f"group_{group}"), open=basics, elem_id=f"cfg-group-{group}", elem_classes=[] if basics else [MORE]
        ):
            for spec in specs:
                suggest = SUGGESTIONS.get(spec.path)
                c[spec.path] = component_for(spec, defaults[spec.path], lang, choices=suggest() if suggest else None)
            if group == "model":
                choices = "; ".join(f"`{m.name}`: {model_note(m, lang)}" for m in (*EMBEDDING_CHOICES, *SFT_CHOICES))
                gr.Markdown(w("models_note", choices=choices))
