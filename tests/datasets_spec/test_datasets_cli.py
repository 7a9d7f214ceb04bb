"""The data CLI (`python -m datasets_spec`) as a child process: validate, convert and stats."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from datasets_spec import store
from tests.datasets_spec.examples import FLAG_ROWS, LONG_TEXT, ROOT, SAMPLE, read_jsonl, write_csv, write_jsonl

pytestmark = pytest.mark.slow  # each test starts the CLI in a child process


def run_cli(*args: str | Path, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "STUDIO_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "datasets_spec", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_cli_validate_good_and_bad_files(data_dir: Path, tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", FLAG_ROWS)
    result = run_cli("validate", good, data=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{good}: flag (retrieval), 3 examples, encoding utf-8"
    assert lines[1] == "3 retrieval examples"
    assert any(line.startswith("query length (characters): mean ") for line in lines)
    assert "positives per query: {1: 3}; negatives: {0: 1, 1: 1, 2: 1}" in lines

    bad_rows = [dict(r) for r in FLAG_ROWS]
    bad_rows[0]["pos"] = "제618조"
    bad_rows[2]["query"] = "  "
    bad = write_jsonl(tmp_path / "bad.jsonl", bad_rows)
    result = run_cli("validate", bad, data=data_dir)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines == [
        f'{bad}:1: pos: is a string, not a list: write ["제618조"]',
        f"{bad}:3: query: empty (expected text)",
    ]
    shape = re.compile(rf"^{re.escape(str(bad))}:\d+: \w+: \S.*$")
    assert all(shape.match(line) for line in lines)

    report = run_cli("validate", bad, "--json", data=data_dir)
    assert report.returncode == 2
    parsed = json.loads(report.stdout)
    assert parsed["ok"] is False and parsed["error_count"] == 2 and parsed["stats"] is None
    assert parsed["errors"][0] == {
        "file": str(bad),
        "line": 1,
        "field": "pos",
        "message": 'is a string, not a list: write ["제618조"]',
    }
    report = run_cli("validate", good, "--json", data=data_dir)
    parsed = json.loads(report.stdout)
    assert report.returncode == 0 and parsed["ok"] is True and parsed["errors"] == []
    assert parsed["format"] == "flag" and parsed["stats"]["examples"] == 3


def test_cli_convert_to_flag(data_dir: Path, tmp_path: Path) -> None:
    rows = [["anchor", "positive", "negative"], ["보증금", "임대차", "불법행위"], ["손해배상", "채무불이행", "임대차"]]
    source = write_csv(tmp_path / "st.csv", rows)
    out = tmp_path / "flag.jsonl"
    result = run_cli("convert", source, out, "--to", "flag", data=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"wrote 2 examples (st → flag) to {out}"]
    assert read_jsonl(out) == [
        {"query": "보증금", "pos": ["임대차"], "neg": ["불법행위"]},
        {"query": "손해배상", "pos": ["채무불이행"], "neg": ["임대차"]},
    ]
    again = run_cli("convert", source, out, "--to", "flag", data=data_dir)
    assert again.returncode == 2 and "already exists" in again.stderr
    wrong = run_cli("convert", source, tmp_path / "chat.jsonl", "--to", "chat", data=data_dir)
    assert wrong.returncode == 2 and "cannot convert retrieval data" in wrong.stderr


def test_cli_stats_of_the_stored_sample_and_with_a_tokenizer(data_dir: Path, tmp_path: Path, tiny_model: Path) -> None:
    result = run_cli("stats", store.SAMPLE_NAME, "--json", data=data_dir)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["task"] == "retrieval" and stats["examples"] == 345
    popular = stats["popular_positives"]
    assert popular and popular[0]["queries"] >= popular[-1]["queries"] and popular[0]["id"] in stats_corpus_ids()
    assert (data_dir / "datasets" / store.SAMPLE_NAME / "manifest.json").exists(), "the sample was imported"

    texts = ["민법", "보증금 반환", LONG_TEXT]
    source = write_jsonl(tmp_path / "cls.jsonl", [{"text": t, "label": "a"} for t in texts])
    result = run_cli("stats", source, "--model", tiny_model, "--max-len", "16", data=data_dir)
    assert result.returncode == 0, result.stderr
    text_line = next(line for line in result.stdout.splitlines() if line.startswith("text length"))
    assert text_line.startswith(f"text length (tokens of {tiny_model})")
    assert text_line.endswith("; 33.3% longer than 16")


def stats_corpus_ids() -> set[str]:
    return {json.loads(line)["id"] for line in (SAMPLE / "passages.jsonl").read_text(encoding="utf-8").splitlines()}
