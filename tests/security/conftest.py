"""What the attacks need outside the apps: files on the server a visitor must not reach, uploads, and a finished run
made with the CLI (it has no owner: in a shared studio it is everyone's to read and the host's alone to change)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.checks import SECRET, tiny_config
from tests.security.studio_http import ROOT
from training.config.studio import save_yaml

TREE_FILES = 100_000


@pytest.fixture(scope="session")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder on the server outside every data dir: a secret CSV (a valid dataset, so a read would show its
    rows), a tree of 100k files, an empty folder, and a folder with a canary file where an export might land."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.csv").write_text(
        f"anchor,positive\nsecret question one,{SECRET} passage one\nsecret question two,{SECRET} passage two\n",
        encoding="utf-8",
    )
    tree = folder / "tree"
    tree.mkdir()
    for i in range(TREE_FILES // 2):  # half flat (one big top level), half in 50 subfolders (a deep walk)
        os.close(os.open(tree / f"f{i:05d}.txt", os.O_CREAT | os.O_WRONLY))
    for d in range(50):
        sub = tree / f"d{d:02d}"
        sub.mkdir()
        for i in range(TREE_FILES // 100):
            os.close(os.open(sub / f"f{i:04d}.txt", os.O_CREAT | os.O_WRONLY))
    (folder / "empty").mkdir()
    (folder / "exports").mkdir()
    (folder / "exports" / "CANARY").write_text("the host's file", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def upload_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small valid retrieval dataset (sentence-transformers anchor/positive) as a visitor would upload it."""
    path = tmp_path_factory.mktemp("upload") / "pairs.jsonl"
    rows = [{"anchor": f"question {i}", "positive": f"passage about topic {i}"} for i in range(24)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def cli_run(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished run made with `python -m training run`: it has no owner, so in a shared studio it is everyone's
    to read and the host's alone to change. Each app gets a copy (`install_run`)."""
    work = tmp_path_factory.mktemp("cli-run")
    save_yaml(tiny_config(tiny_model, max_steps=2), work / "config.yaml")
    run_dir = work / "runs" / "20260101-000000-embedding-cli"
    env = {**os.environ, "STUDIO_DATA_DIR": str(work / "data"), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "training", "run", str(work / "config.yaml"), "--run-dir", str(run_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (run_dir / "model").is_dir()
    return run_dir
