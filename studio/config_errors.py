"""A config error in the page's language: the engine's ConfigError carries a rule id, the field and its numbers
(core/knobs.py); errors without a rule (a YAML file that does not parse) keep the engine's own sentence."""

from __future__ import annotations

from core.knobs import ConfigError
from studio.strings import words


def config_error(exc: Exception, lang: str) -> str:
    """What is wrong with the config, worded from studio/strings/configure.py when the engine named a rule."""
    rule = exc.rule if isinstance(exc, ConfigError) else None
    if not rule:  # a YAML file that does not parse, an access refusal: the engine's sentence
        return str(exc)
    w = words("configure", lang)
    values = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in exc.values.items()}
    if rule == "bounds":
        low, high = values.pop("low"), values.pop("high")
        parts = [w("bound_above" if values.pop("exclusive") else "bound_from", low=low)] if low is not None else []
        parts += [w("bound_to", high=high)] if high is not None else []
        values["allowed"] = w("bound_join").join(parts)
    return w(f"config_{rule}", path=exc.path, **values)
