"""The engine's insight phrases in words: a rule id and its numbers (training.insight.explain, impacts, diff) filled
into the string table studio/strings/insight.py, in the page's language."""

from __future__ import annotations

from typing import Any

import pandas as pd

from studio.strings import words
from training.config.studio import StudioConfig
from training.insight.diff import ConfigDiff, Derived, show, show_derived
from training.insight.explain import short, times
from training.insight.quantities import Quantities
from training.insight.scaling import global_batch
from training.insight.sharding import sharding

# Phrases whose noun counts one of their numbers: at 1 they have a "_one" entry ("1 step", not "1 steps").
COUNTED = {"steps_n": "n", "patience": "b", "meaning_warmup": "warmup"}


def shown(key: str, value: Any, lang: str) -> str:
    """One value as the sentence writes it; the key says how (see studio/strings/insight.py)."""
    if isinstance(value, dict):
        return said(value, lang)
    if isinstance(value, str):
        return value
    if key.startswith("times"):
        return times(value)
    if key.endswith("signed_pct"):
        return f"{value * 100:+.3g}%"
    if key.endswith("pct"):
        return f"{value * 100:.3g}%"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return show(value)


def said(phrase: dict[str, Any], lang: str) -> str:
    """`{"id": "ratio_higher", "times": 4.0}` → "4× higher" / "4× 높음"."""
    values = {k: shown(k, v, lang) for k, v in phrase.items() if k != "id"}
    key = phrase["id"]
    if key in COUNTED and phrase.get(COUNTED[key]) == 1:
        key += "_one"
    return words("insight", lang)(key, **values)


def impact_text(rule: str, values: dict[str, Any], lang: str) -> str:
    """A changed field's impact (`Change.impact`, `Change.values`) in words."""
    return said({"id": rule, **values}, lang)


def versus(d: Derived, lang: str) -> str:
    """The table's last column: B / A, or why a value is missing."""
    w = words("insight", lang)
    if d.why_a or d.why_b:
        if d.why_a == d.why_b:
            return w(d.why_a)
        return "; ".join(f"{side}: {w(why)}" for side, why in (("A", d.why_a), ("B", d.why_b)) if why)
    if d.ratio is None:
        return w("versus_from_zero") if d.a == 0 and d.b else ""
    return w("versus_same") if d.ratio == 1 else times(d.ratio)


def diff_table(result: ConfigDiff, lang: str) -> pd.DataFrame:
    """The changed fields with their impact, then the derived numbers of both sides."""
    w = words("insight", lang)

    def value(d: Derived, v: float | None) -> str:
        return w("unknown") if v is None else show_derived(d, v)

    rows = [
        [w("row_changed"), c.path, show(c.a), show(c.b), impact_text(c.impact, c.values, lang)] for c in result.changes
    ]
    rows += [
        [w("row_derived"), w(f"derived_{d.key}"), value(d, d.a), value(d, d.b), versus(d, lang)]
        for d in result.derived
    ]
    return pd.DataFrame(rows, columns=["", w("header_setting"), "A", "B", w("header_versus")])


def diff_notes(result: ConfigDiff, lang: str) -> list[str]:
    w = words("insight", lang)
    return [w(note) for note in result.notes]


def meaning_lines(phrases: list[dict[str, Any]], lang: str) -> list[str]:
    """`training.insight.explain.meanings` in words."""
    return [said(p, lang) for p in phrases]


def device_rows(config: StudioConfig, q: Quantities, lang: str) -> str:
    """Rows of the Configure tab's table for a job of several processes: the global batch as its product, the
    learning rates the scaling rules pair with it, and memory per device by part with the split the launch file
    asks for (training.insight.scaling, memory, sharding)."""
    if q.world_size < 2:
        return ""
    w, g = words("configure", lang), global_batch(config)
    rates = {"lr": short(g.learning_rate), "sqrt": short(g.sqrt_lr), "linear": short(g.linear_lr)}
    rows = w("derived_global_batch", **g.to_dict()) + w("derived_lr_scaling", **g.to_dict(), **rates)
    m = q.device_memory
    if m is None:
        return rows
    split = sharding(config)
    said = (
        w(f"derived_split_{m.engine}", stage=m.stage, shards=m.shards) if split.readable else w("derived_split_unread")
    )
    said += w("derived_offload_optimizer") if m.offload_optimizer else ""
    said += w("derived_offload_params") if m.offload_params else ""
    return rows + w("derived_device_memory", split=said, **m.to_dict())
