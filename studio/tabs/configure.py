"""Configure tab: every config field rendered from its declaration, with its explanation and the resulting YAML."""

from __future__ import annotations

import gradio as gr

from studio.form import config_to_values, form_fields, values_to_config
from studio.strings import words
from studio.tabs.data import dataset_choices
from studio.widgets import component_for
from training.config import ConfigError, StudioConfig, dump_yaml
from training.models import EMBEDDING_CHOICES

SUGGESTIONS = {"model.name_or_path": lambda: [m.name for m in EMBEDDING_CHOICES], "data.dataset": dataset_choices}


def field_components(c: dict[str, gr.Component]) -> list[gr.Component]:
    """The field widgets in form order, the inputs of `values_to_config`."""
    return [c[spec.path] for spec in form_fields()]


def build(lang: str) -> dict[str, gr.Component]:
    w = words("configure", lang)
    c: dict[str, gr.Component] = {}
    gr.Markdown(w("intro"))
    defaults = dict(zip([s.path for s in form_fields()], config_to_values(StudioConfig()), strict=True))
    groups: dict[str, list] = {}
    for spec in form_fields():
        groups.setdefault(spec.path.split(".")[0] if "." in spec.path else "top", []).append(spec)
    with gr.Row():
        with gr.Column(scale=3):
            for group, specs in groups.items():
                with gr.Accordion(w(f"group_{group}"), open=True):
                    for spec in specs:
                        suggest = SUGGESTIONS.get(spec.path)
                        c[spec.path] = component_for(
                            spec, defaults[spec.path], lang, choices=suggest() if suggest else None
                        )
                    if group == "model":
                        gr.Markdown(
                            w("models_note", choices="; ".join(f"`{m.name}`: {m.note}" for m in EMBEDDING_CHOICES))
                        )
        with gr.Column(scale=2):
            c["status"] = gr.Markdown(w("valid"), elem_id="cfg-status")
            c["yaml"] = gr.Code(dump_yaml(StudioConfig()), language="yaml", label=w("yaml"), elem_id="cfg-yaml")

    def check(*values):
        try:
            config = values_to_config(list(values))
        except ConfigError as exc:
            return w("invalid", message=exc), gr.update()
        return w("valid"), dump_yaml(config)

    fields = field_components(c)
    for component in fields:
        component.change(check, fields, [c["status"], c["yaml"]])
    return c
