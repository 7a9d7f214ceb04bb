"""One way for every benchmark to report: a printed table, and JSON rows for `bench/run_all.py` to collect."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS_ENV = "BENCH_RESULTS"  # run_all.py points this at a file; each benchmark appends its rows to it


@dataclass
class Figure:
    """One measured figure, with its reference and target when it has them."""

    bench: str
    name: str
    value: float
    unit: str
    reference: float | None = None  # the bare-library figure measured in the same run
    target: str = ""  # e.g. "ratio >= 0.97", "< 60 s"
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.reference if self.reference else None


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """`--data-dir`: where the benchmark's studio keeps datasets and models (STUDIO_DATA_DIR, else a temp folder)."""
    default = os.environ.get("STUDIO_DATA_DIR") or Path(tempfile.gettempdir()) / "tuning-studio-bench"
    parser.add_argument("--data-dir", type=Path, default=Path(default))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(figures: list[Figure]) -> None:
    """Print the figures as a table and append them to $BENCH_RESULTS when it is set."""
    for f in figures:
        ratio = f" | ratio {f.ratio:.3f} (reference {f.reference:.4g} {f.unit})" if f.ratio is not None else ""
        verdict = "" if f.met is None else (" | target met" if f.met else " | TARGET MISSED")
        target = f" | target {f.target}" if f.target else ""
        note = f" | {f.note}" if f.note else ""
        print(f"{f.bench}: {f.name} = {f.value:.4g} {f.unit}{ratio}{target}{verdict}{note}", flush=True)
    path = os.environ.get(RESULTS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            for f in figures:
                handle.write(json.dumps({**asdict(f), "ratio": f.ratio}, ensure_ascii=False) + "\n")
