"""Declaring a config field: the value with everything the UI, the validator and the docs need to know."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any


class ConfigError(ValueError):
    """A config value that cannot be used; the message names the field and what is allowed (for the CLI and logs).
    Errors about one field also carry `rule`, `path` and the numbers, so the page words them in its language."""

    def __init__(self, message: str, *, rule: str | None = None, path: str | None = None, **values: Any) -> None:
        super().__init__(message)
        self.rule, self.path, self.values = rule, path, values


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


@dataclass(frozen=True)
class FieldSpec:
    """One declared field as the UI and the validator see it."""

    path: str  # "training.learning_rate", or the option's own name in an option set
    type: type
    default: Any
    label: str
    help: dict[str, str]
    minimum: float | None
    maximum: float | None
    exclusive_minimum: bool
    choices: list[str] | None
    items: type = str  # element type of a list field
    allow_empty: bool = False


def field_type(owner: type, f: dataclasses.Field) -> type:
    """The plain type a field holds (`int` for `int | None`, `list` for `list[str]`): what a widget and a coercion
    need to know."""
    hint = typing.get_type_hints(owner)[f.name]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
        origin = typing.get_origin(hint)
    return list if origin is list else hint


def spec_of(owner: type, f: dataclasses.Field, path: str | None = None) -> FieldSpec:
    """The FieldSpec of a `knob` field `f` of the dataclass `owner`."""
    m = f.metadata
    default = f.default_factory() if f.default is dataclasses.MISSING else f.default
    return FieldSpec(
        path or f.name,
        field_type(owner, f),
        default,
        m["label"],
        m["help"],
        m["min"],
        m["max"],
        m["exclusive_min"],
        m["choices"],
        m["items"],
        m["allow_empty"],
    )


def check_value(spec: FieldSpec, value: Any, *, filled: bool = True) -> None:
    """`value` within the field's choices and bounds, and not empty unless allowed; else ConfigError naming the
    field and what is allowed. The one wording of a bound, for the training config and every option set; `filled`
    False leaves emptiness to the caller (an option set's empty model means "the default")."""
    if spec.choices is not None and value not in spec.choices:
        allowed = ", ".join(spec.choices)
        raise ConfigError(
            f"{spec.path} = {value!r}: must be one of {allowed}",
            rule="choice",
            path=spec.path,
            value=value,
            allowed=allowed,
        )
    if spec.type in (int, float) and not isinstance(value, bool):
        low, high = spec.minimum, spec.maximum
        too_low = low is not None and (value <= low if spec.exclusive_minimum else value < low)
        if too_low or (high is not None and value > high):
            lower = f"> {low:g}" if spec.exclusive_minimum else f">= {low:g}" if low is not None else ""
            upper = f"<= {high:g}" if high is not None else ""
            allowed = " and ".join(x for x in (lower, upper) if x)
            raise ConfigError(
                f"{spec.path} = {value!r}: must be {allowed}",
                rule="bounds",
                path=spec.path,
                value=value,
                low=low,
                high=high,
                exclusive=spec.exclusive_minimum,
            )
    if not filled or spec.allow_empty:
        return
    if spec.type is str and not value.strip():
        raise ConfigError(f"{spec.path}: must not be empty", rule="empty", path=spec.path)
    if spec.type is list and not value:
        raise ConfigError(f"{spec.path}: must name at least one entry", rule="empty", path=spec.path)


def check_fields(options: Any) -> None:
    """Each `knob` field of a dataclass within its own choices and bounds (None passes: "not set"), or ConfigError
    naming the field and what is allowed. Rules between fields are the option set's own."""
    for f in dataclasses.fields(options):
        value = getattr(options, f.name)
        if value is None or "help" not in f.metadata:
            continue
        check_value(spec_of(type(options), f), value, filled=False)
