"""Declaring a config field: the value with everything the UI, the validator and the docs need to know."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import field
from typing import Any


class ConfigError(ValueError):
    """A config value that cannot be used; the message names the field and what is allowed."""


def knob(
    default: Any,
    *,
    label: str,
    en: str,
    ko: str,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: bool = False,
    choices: list[str] | None = None,
    items: type = str,
    allow_empty: bool = False,
) -> Any:
    """Declare a config field together with everything the UI, the validator and the docs need to know."""
    meta = {
        "label": label,
        "help": {"en": en, "ko": ko},
        "min": minimum,
        "max": maximum,
        "exclusive_min": exclusive_minimum,
        "choices": choices,
        "items": items,
        "allow_empty": allow_empty,
    }
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


def field_type(owner: type, f: dataclasses.Field) -> type:
    """The plain type a field holds (`int` for `int | None`, `list` for `list[str]`): what a widget and a coercion
    need to know."""
    hint = typing.get_type_hints(owner)[f.name]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
        origin = typing.get_origin(hint)
    return list if origin is list else hint


def check_fields(options: Any) -> None:
    """Each `knob` field of a dataclass within its own choices and bounds (None passes: "not set"), or ConfigError
    naming the field and what is allowed. Rules between fields are the option set's own."""
    for f in dataclasses.fields(options):
        value, meta = getattr(options, f.name), f.metadata
        if value is None or isinstance(value, bool) or "help" not in meta:
            continue
        if meta["choices"] and value not in meta["choices"]:
            raise ConfigError(f"{f.name} = {value!r}: must be one of {', '.join(meta['choices'])}")
        if not isinstance(value, int | float):
            continue
        low, high, above = meta["min"], meta["max"], meta["exclusive_min"]
        if low is not None and (value <= low if above else value < low) or high is not None and value > high:
            if high is None:
                bounds = f"above {low}" if above else f"at least {low}"
            elif low is None:
                bounds = f"at most {high}"
            else:
                bounds = f"above {low} and at most {high}" if above else f"between {low} and {high}"
            raise ConfigError(f"{f.name} = {value!r}: must be {bounds}")
