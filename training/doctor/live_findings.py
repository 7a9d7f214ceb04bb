"""A run's live doctor for one viewer: the metrics rows seen so far, and the findings saved with the run in
findings.jsonl, each once, so a reloaded page or a restarted UI shows the same list."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.locks import held
from training.doctor.findings import Finding, Fix
from training.doctor.live import LiveContext, diagnose_steps, live_context, run_context, saved_num_labels
from training.lifecycle.metrics import METRICS_FILE, read_metrics

FINDINGS_FILE = "findings.jsonl"


@dataclass(frozen=True)
class Noted:
    """A finding as saved with the run: the step its rule first held at, and when it was noticed."""

    step: int
    finding: Finding
    time: float

    @property
    def key(self) -> tuple[str, int]:
        return self.finding.rule, self.step

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "time": self.time, **self.finding.to_dict()}

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Noted:
        row = dict(row)
        step, noticed, fix = row.pop("step"), row.pop("time"), row.pop("fix", None)
        return cls(step, Finding(**row, fix=Fix(**fix) if fix else None), noticed)


def read_findings(run_dir: str | Path) -> list[Noted]:
    """The findings saved with a run, each once; torn lines from a killed writer are skipped."""
    path, found, keys = Path(run_dir) / FINDINGS_FILE, [], set()
    if not path.exists():
        return []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            noted = Noted.from_dict(json.loads(line))
        except (ValueError, KeyError, TypeError):  # torn JSON, or a finding this doctor no longer words
            continue
        if noted.key not in keys:
            keys.add(noted.key)
            found.append(noted)
    return found


def save_findings(run_dir: str | Path, findings: list[Noted]) -> list[Noted]:
    """Append the findings the run does not hold yet, flushed; returns those written. Locked, because two browser
    tabs watching one run each have a doctor."""
    path = Path(run_dir) / FINDINGS_FILE
    with held(path.with_name(FINDINGS_FILE + ".lock")), path.open("a", encoding="utf-8") as handle:
        keys, new = {n.key for n in read_findings(run_dir)}, []
        for noted in findings:
            if noted.key not in keys:
                keys.add(noted.key)
                new.append(noted)
                handle.write(json.dumps(noted.to_dict(), ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return new


class LiveDoctor:
    """One run's doctor for one viewer: the rows seen so far and the findings saved with the run."""

    def __init__(self, run_dir: str | Path, context: LiveContext | None = None) -> None:
        self.run_dir = Path(run_dir)
        self.context = context or run_context(run_dir)
        self._rows: dict[tuple[int, int], dict] = {}  # by (step, kind): a row read twice is kept once
        self.offset = 0  # for poll(), which reads metrics.jsonl itself

    @property
    def rows(self) -> list[dict]:
        return [self._rows[key] for key in sorted(self._rows)]

    def _add(self, row: dict) -> None:
        step = row.get("step", 0)
        if row.get("event") == "train_begin":  # a resume from the checkpoint at `step` logs the later steps anew
            self._rows = {key: r for key, r in self._rows.items() if key[0] <= step}
        kind = 0 if "event" in row else 1 if "loss" in row else 2 if any(k.startswith("eval_") for k in row) else 3
        self._rows[(step, kind)] = row

    def update(self, new_rows: list[dict]) -> list[Noted]:
        """Add the rows just read and return every finding so far, oldest first; new ones are saved."""
        for row in new_rows:
            self._add(row)
        ctx = self.context
        if ctx.chance is None and ctx.config.task == "classification" and (n := saved_num_labels(self.run_dir)):
            self.context = live_context(ctx.config, n)  # the head's size is known once a checkpoint is saved
        if new_rows:
            now = time.time()
            found = diagnose_steps(self.rows, self.context)
            save_findings(self.run_dir, [Noted(step, finding, now) for step, finding in found])
        return sorted(read_findings(self.run_dir), key=lambda n: n.step)

    def poll(self) -> list[Noted]:
        """Read what metrics.jsonl gained since the last poll and update: for callers that don't read it already."""
        path = self.run_dir / METRICS_FILE
        if path.exists() and path.stat().st_size < self.offset:
            self.offset = 0  # rewritten for a resume (keep_rows_until): read it again
        rows, self.offset = read_metrics(self.run_dir, self.offset)
        return self.update(rows)
