"""`python -m datasets_spec augment ...` and `... mine ...` reach their generators, as a user types them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # augments and mines through the CLI in child processes

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "datasets_spec" / "samples"


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "STUDIO_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "datasets_spec", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_augment_then_mine_from_the_command_line(data_dir: Path) -> None:
    made = cli(
        "augment",
        "statutes",
        str(SAMPLES / "legal_ko" / "passages.jsonl"),
        "--name",
        "pseudo",
        "--json",
        data_dir=data_dir,
    )
    assert made.returncode == 0, made.stderr[-2000:]
    mined = cli(
        "mine",
        "pseudo",
        "--method",
        "same-law",
        "--negatives",
        "2",
        "--name",
        "pseudo-hn",
        "--json",
        data_dir=data_dir,
    )
    assert mined.returncode == 0, mined.stderr[-2000:]
    manifest = json.loads((data_dir / "datasets" / "pseudo-hn" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["made_by"]["source_datasets"] and manifest["counts"]["train"] > 100
    slots = cli(
        "augment", "slots", str(SAMPLES / "json_task_ko" / "slots.yaml"), "--n", "50", "--json", data_dir=data_dir
    )
    assert slots.returncode == 0, slots.stderr[-2000:]
    report = json.loads(slots.stdout)
    assert report["made"] == 50 and report["train"] + report["validation"] == 50
