"""A finding: what is wrong, the numbers that show it, why it matters, and the config edit that fixes it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Fix:
    path: str  # config field, "training.warmup_ratio"
    value: Any
    label: str  # "set warmup_ratio to 0.036 (250 steps)"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    title: str
    evidence: str  # the numbers
    why: str
    fix: Fix | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        fix = f"\n    fix: {self.fix.label}" if self.fix else ""
        return f"[{self.severity}] {self.title}\n    {self.evidence}\n    why: {self.why}{fix}"
