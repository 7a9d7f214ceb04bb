"""Config field → Gradio component, from the field's own metadata (type, bounds, choices, explanation).

One factory for every option set declared with `knob`: the training config (the Configure tab) and the data
layer's (mining, model-written variants, slot templates, dataset statistics), so a bound or a help text changed
where the field is declared changes the widget too."""

from __future__ import annotations

import dataclasses
from typing import Any

import gradio as gr

from studio.form import option_spec
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


def component_for(
    spec: FieldSpec,
    value: Any,
    lang: str,
    *,
    choices: list[str] | None = None,
    label: str | None = None,
    elem: str | None = None,
    gradio_bounds: bool = False,
    **layout: Any,
) -> gr.Component:
    """One widget; `choices` suggests values for a free-text field (models, datasets) while any value stays valid.
    `label` and `elem` replace the Configure tab's (label · path, cfg-…) for an option set shown on another tab;
    `layout` (scale, placeholder) passes through. A float that may be empty is a text box: a gr.Number cannot be
    empty (it sends 0), and empty means "not set"."""
    info = spec.help[lang] + bounds_text(spec, lang)
    common = {"label": label or label_of(spec, lang), "info": info, "elem_id": elem or elem_id(spec), **layout}
    if spec.type is bool:
        return gr.Checkbox(value=value, **common)
    if spec.choices:
        return gr.Dropdown(choices=spec.choices, value=value, **common)
    if choices is not None:
        return gr.Dropdown(choices=choices, value=value, allow_custom_value=True, **common)
    if spec.type is float and spec.allow_empty:
        return gr.Textbox(value="" if value is None else str(value), **common)
    if spec.type in (int, float):
        # A config field leaves its bounds to the config check, which names the field and them in the page's
        # language; Gradio would refuse first, in an English pop-up on /ko. `gradio_bounds`: an option set whose
        # handler does not check them itself.
        low = spec.minimum if spec.minimum is not None and not spec.exclusive_minimum else None
        bounds = {"minimum": low, "maximum": spec.maximum} if gradio_bounds else {}
        common.pop("placeholder", None)
        return gr.Number(value=value, precision=0 if spec.type is int else None, **bounds, **common)
    return gr.Textbox(value=", ".join(str(v) for v in value) if isinstance(value, list) else value, **common)


def option_widget(
    options: type, name: str, lang: str, label_ko: str, elem: str, *, value: Any = dataclasses.MISSING, **layout: Any
) -> gr.Component:
    """The widget of one option-set field: its declared label in English, `label_ko` (the tab's string table) in
    Korean, its default unless the tab starts from another `value`."""
    spec = option_spec(options, name)
    label = spec.label if lang == "en" else label_ko
    value = spec.default if value is dataclasses.MISSING else value
    return component_for(spec, value, lang, label=label, elem=elem, gradio_bounds=True, **layout)
