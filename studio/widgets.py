"""Config field → Gradio component, from the field's own metadata (type, bounds, choices, explanation)."""

from __future__ import annotations

from typing import Any

import gradio as gr

from studio.strings.fields import ALLOWED, KO_LABELS
from training.config.studio import FieldSpec


def elem_id(spec: FieldSpec) -> str:
    return "cfg-" + spec.path.replace(".", "-").replace("_", "-")


def bounds_text(spec: FieldSpec, lang: str = "en") -> str:
    parts = []
    if spec.minimum is not None:
        parts.append(f"{'>' if spec.exclusive_minimum else '≥'} {spec.minimum:g}")
    if spec.maximum is not None:
        parts.append(f"≤ {spec.maximum:g}")
    return ALLOWED[lang].format(bounds=", ".join(parts)) if parts else ""


def label_of(spec: FieldSpec, lang: str) -> str:
    """The field's name in `lang`, with its config path (what YAML and the CLI call it)."""
    label = KO_LABELS[spec.path] if lang == "ko" else spec.label
    return f"{label} · {spec.path}"


def component_for(spec: FieldSpec, value: Any, lang: str, *, choices: list[str] | None = None) -> gr.Component:
    """One widget; `choices` suggests values for a free-text field (models, datasets) while any value stays valid."""
    info = spec.help[lang] + bounds_text(spec, lang)
    common = {"label": label_of(spec, lang), "info": info, "elem_id": elem_id(spec)}
    if spec.type is bool:
        return gr.Checkbox(value=value, **common)
    if spec.choices:
        return gr.Dropdown(choices=spec.choices, value=value, **common)
    if choices is not None:
        return gr.Dropdown(choices=choices, value=value, allow_custom_value=True, **common)
    if spec.type in (int, float):
        low = spec.minimum if spec.minimum is not None and not spec.exclusive_minimum else None
        return gr.Number(
            value=value, minimum=low, maximum=spec.maximum, precision=0 if spec.type is int else None, **common
        )
    return gr.Textbox(value=", ".join(str(v) for v in value) if isinstance(value, list) else value, **common)
