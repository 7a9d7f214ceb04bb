"""Two configs side by side: which fields differ, what each change does in numbers, and what both configs imply.

Each changed field gets an impact: a rule id and its numbers (`Change.impact`, `Change.values`); the studio's string
table (studio/strings/insight.py) says it in English and Korean, the CLI prints the id and the numbers. A value that
is itself a phrase is a dict with an "id" of the same table (training/insight/impacts.py).
The derived numbers come from `training.insight.quantities`, so the diff, the Configure panel and the doctor never
disagree.
A run whose length depends on the data (max_steps -1) needs the number of training rows; without it the diff says
so in the rows that depend on the length instead of failing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from training.config.studio import StudioConfig, field_specs, get_value
from training.insight.explain import NOTHING, number_words, phrase, times
from training.insight.impacts import Side, impact, measure

# Why a derived value is missing: the length needs the training rows, the model is not readable here (not downloaded
# or converted, or no module matches), or the task has no in-batch negatives.
NEEDS_ROWS, NOT_READABLE, NOT_EMBEDDING = "needs_rows", "not_readable", "not_embedding"


@dataclass(frozen=True)
class Change:
    path: str
    a: Any
    b: Any
    impact: str  # the rule id of what this change does
    values: dict[str, Any] = field(default_factory=dict)  # its numbers and phrases


@dataclass(frozen=True)
class Derived:
    key: str  # the `Quantities` field, or final_share (final LR / peak)
    a: float | None
    b: float | None
    ratio: float | None  # b / a where both are numbers and a is not 0
    why_a: str = ""  # why A's value is missing: NEEDS_ROWS, NOT_READABLE or NOT_EMBEDDING
    why_b: str = ""


@dataclass
class ConfigDiff:
    changes: list[Change]
    derived: list[Derived]
    notes: list[str]  # rule ids: length_unknown_a, length_unknown_b, length_unknown_both

    def to_dict(self) -> dict:
        return {
            "changed": [asdict(c) for c in self.changes],
            "derived": [asdict(d) for d in self.derived],
            "notes": list(self.notes),
        }

    def text(self, a_name: str = "A", b_name: str = "B") -> str:
        """The CLI's neutral form: the values, and each impact as its rule id and numbers."""
        lines = [f"A = {a_name}", f"B = {b_name}", ""] if (a_name, b_name) != ("A", "B") else []
        if self.changes:
            lines.append("changed (A → B):")
            width = max(len(c.path) for c in self.changes)
            for c in self.changes:
                lines.append(f"  {c.path:<{width}}  {show(c.a)} → {show(c.b)}")
                lines.append(f"  {'':<{width}}  {compact(phrase(c.impact, **c.values))}")
        else:
            lines.append("changed: none")
        cells = [(d.key, show_derived(d, d.a), show_derived(d, d.b), versus(d)) for d in self.derived]
        widths = [max(len(row[i]) for row in [("derived:", "A", "B", ""), *cells]) for i in range(3)]
        lines += ["", f"{'derived:':<{widths[0] + 2}}  {'A':>{widths[1]}}  {'B':>{widths[2]}}  B / A"]
        lines += [f"  {x:<{widths[0]}}  {a:>{widths[1]}}  {b:>{widths[2]}}  {v}" for x, a, b, v in cells]
        lines += [f"note: {n} (--rows N)" for n in self.notes]
        return "\n".join(lines)


def compact(said: dict[str, Any]) -> str:
    """`rank_counted(times=2×, a=5,406,720, b=10,813,440, scale=scale_same(k=2))`: a phrase without words."""
    values = [f"{k}={_compact_value(k, v)}" for k, v in said.items() if k != "id" and v != NOTHING]
    return f"{said['id']}({', '.join(values)})" if values else said["id"]


def _compact_value(key: str, value: Any) -> str:
    if isinstance(value, dict):
        return compact(value)
    return times(value) if key.startswith("times") else show(value)


def diff(a: StudioConfig, b: StudioConfig, *, a_rows: int | None = None, b_rows: int | None = None) -> ConfigDiff:
    """What changes from `a` to `b`; `a_rows` / `b_rows` are the training rows, needed only when max_steps is -1."""
    sa, sb = measure(a, a_rows), measure(b, b_rows)
    changes = []
    for spec in field_specs():
        va, vb = get_value(a, spec.path), get_value(b, spec.path)
        if va != vb:
            said = impact(spec.path, sa, sb, va, vb)
            changes.append(Change(spec.path, va, vb, said.pop("id"), said))
    unknown = "".join(name for name, side in (("a", sa), ("b", sb)) if not side.length_known)
    # max_steps -1: the run's length depends on the data; steps, warmup and the final LR need the training rows
    notes = [f"length_unknown_{'both' if unknown == 'ab' else unknown}"] if unknown else []
    return ConfigDiff(changes, _derived(sa, sb), notes)


# ---- derived numbers ----------------------------------------------------------------------------------------------

# (Quantities field, needs the run's length, needs the training rows); the studio's table names each key
DERIVED = [
    ("effective_batch", False, False),
    ("in_batch_negatives", False, False),
    ("steps_per_epoch", False, True),
    ("total_steps", True, False),
    ("warmup_steps", True, False),
    ("final_lr", True, False),
    ("final_share", True, False),
    ("trainable_parameters", False, False),
    ("trainable_share", False, False),
    ("tokens_per_step", False, False),
    ("memory_gib", False, False),
]


def _value(side: Side, key: str, needs_length: bool, needs_rows: bool) -> tuple[float | None, str]:
    if (needs_length and not side.length_known) or (needs_rows and not side.rows_known):
        return None, NEEDS_ROWS
    if key == "in_batch_negatives" and side.config.task != "embedding":
        return None, NOT_EMBEDDING
    # final_share: "2.5e-7" means little without "of 1e-5"
    value = side.q.final_lr / side.config.training.learning_rate if key == "final_share" else getattr(side.q, key)
    return value, "" if value is not None else NOT_READABLE


def _derived(sa: Side, sb: Side) -> list[Derived]:
    rows = []
    for key, needs_length, needs_rows in DERIVED:
        if key == "in_batch_negatives" and "embedding" not in (sa.config.task, sb.config.task):
            continue  # a row of "no negatives" on both sides says nothing
        a, why_a = _value(sa, key, needs_length, needs_rows)
        b, why_b = _value(sb, key, needs_length, needs_rows)
        ratio = b / a if a is not None and b is not None and a != 0 else None
        rows.append(Derived(key, a, b, ratio, why_a, why_b))
    return rows


def show_derived(d: Derived, value: float | None) -> str:
    if value is None:
        return "?"
    if d.key in ("trainable_share", "final_share"):
        return pct(value)
    if d.key == "memory_gib":
        return f"{value:.2f}"
    if d.key == "final_lr":
        return show(value)
    return f"{int(value):,}"


def versus(d: Derived) -> str:
    """B / A in numbers: `2×`, `1×`, `0 →`, or the ids of why a value is missing."""
    if d.why_a or d.why_b:
        return (
            d.why_a if d.why_a == d.why_b else "; ".join(f"{n}: {w}" for n, w in (("A", d.why_a), ("B", d.why_b)) if w)
        )
    if d.ratio is None:
        return "0 →" if d.a == 0 and d.b else ""
    return times(d.ratio)


# ---- numbers ------------------------------------------------------------------------------------------------------


def show(value: Any) -> str:
    """A config value as people write it: 2e-5, 0.01, 3, true, query, key."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}" if value == 0 or abs(value) >= 1e-3 else number_words(value).split(" = ")[0]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "–"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def pct(share: float) -> str:
    return f"{share * 100:.3g}%"
