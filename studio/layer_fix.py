"""Negative LoRA layer indices, mended in one click: peft counts layers from 0, so the fix names this model's last N
layers (N the number of indices typed), read from its config.json when that can be read offline."""

from __future__ import annotations

import gradio as gr

from studio.form import form_fields
from studio.strings import words
from training.config.studio import ConfigError
from training.insight.lora_size import last_layers
from training.visitors import access


def _last_layers(model: str, layers: int) -> list[int] | None:
    try:  # a server folder in a shared studio (AccessDenied), or a model not readable offline, offers no fix
        access.check_model(access.NOBODY, model)
        return last_layers(model, layers) if model else None
    except (OSError, ValueError):
        return None


def layer_fix_button(exc: ConfigError, values: tuple, lang: str):
    """For negative layer indices: a button that names this model's last layers (peft counts from 0)."""
    if getattr(exc, "rule", None) != "negative_layer":
        return gr.update(visible=False)
    model = values[[spec.path for spec in form_fields()].index("model.name_or_path")]
    layers = exc.values["layers"]
    found = _last_layers(model, layers)
    if not found:
        return gr.update(visible=False)
    label = words("configure", lang)(
        "last_layers_fix", layers=len(found), first=found[0], last=found[-1], total=found[-1] + 1
    )
    return gr.update(value=label, visible=True)


def layer_fix_value(model: str, layers_text: str) -> str:
    """The layers field naming the model's last N layers, N the number of distinct indices the user typed."""
    typed = {v.strip() for v in str(layers_text or "").split(",") if v.strip()}
    found = _last_layers(model, len(typed) or 1)
    return ", ".join(map(str, found)) if found else layers_text
