"""Declaring a config field: the value with everything the UI, the validator and the docs need to know."""

from __future__ import annotations

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
