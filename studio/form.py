"""UI values ↔ config, with no Gradio in it, so the step the UI takes is tested without a browser."""

from __future__ import annotations

import dataclasses
from typing import Any

from core.knobs import spec_of
from training.config.studio import ConfigError, FieldSpec, StudioConfig, field_specs, get_value, set_value
from training.visitors import access


def form_fields() -> list[FieldSpec]:
    """The fields the Configure tab shows, in the order its components are built and read."""
    return field_specs()


def option_spec(options: type, name: str) -> FieldSpec:
    """A field of a data-layer option set (a dataclass of `knob` fields) as the spec the factory reads."""
    return spec_of(options, next(f for f in dataclasses.fields(options) if f.name == name))


def config_to_values(config: StudioConfig) -> list[Any]:
    """One value per form field; lists become the comma-separated text the user edits."""
    values = []
    for spec in form_fields():
        value = get_value(config, spec.path)
        values.append(", ".join(str(v) for v in value) if spec.type is list else value)
    return values


def values_to_config(values: list[Any]) -> StudioConfig:
    """Build a validated config from the form's values; a bad value raises ConfigError naming its field."""
    specs = form_fields()
    if len(values) != len(specs):
        raise ConfigError(f"expected {len(specs)} form values, got {len(values)}")
    config = StudioConfig()
    for spec, value in zip(specs, values, strict=True):
        empty = value is None or (isinstance(value, str) and not value.strip() and spec.type is not str)
        if empty and not spec.allow_empty:
            raise ConfigError(f"{spec.path}: no value given", rule="empty", path=spec.path)
        set_value(config, spec.path, "" if value is None else value)
    try:  # a form is a visitor's: in a shared studio it names no server file (model, data folder, schema, launcher)
        access.check_config_paths(access.NOBODY, config)
    except access.AccessDenied as exc:
        raise ConfigError(str(exc)) from None
    return config
