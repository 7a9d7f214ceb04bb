"""Shared by the config-diff tests (tests/training/test_diff_presets.py, tests/studio/test_insight_words.py): a real
user comparison (two seeds on 4 GPUs) and another valid value for any field."""

from __future__ import annotations

from pathlib import Path

from training.config.studio import FieldSpec

ROOT = Path(__file__).resolve().parents[2]
SEED_A, SEED_B = ROOT / "docs/examples/seed-a.yaml", ROOT / "docs/examples/seed-b.yaml"
ROWS = 10_000


def changed_value(spec: FieldSpec, value: object) -> object:
    """Another valid value for the field, so every field's impact line gets exercised."""
    if spec.type is bool:
        return not value
    if spec.choices:
        return next(c for c in spec.choices if c != value)
    if spec.type is list:
        return [0] if spec.items is int else ["query"]
    if spec.type is int:
        other = value * 2 if value > 0 else 100
        return other if spec.maximum is None or other <= spec.maximum else value // 2
    if spec.type is float:
        other = value * 2 if value else 0.1
        return other if spec.maximum is None or other <= spec.maximum else value / 2
    return f"{value}-other"
