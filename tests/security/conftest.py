"""What the attacks need outside the apps: files on the server a visitor must not reach, a finished run made with
the CLI (shared: it has no owner), uploads, and the check that no reply names a server path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.security.studio_http import ROOT, Reply, StudioApp
from training.config import StudioConfig, save_yaml

SECRET = "TOPSECRET"
TREE_FILES = 100_000


def browser_id() -> str:
    """A fresh anonymous browser: the random 32-hex id its localStorage would hold."""
    return uuid.uuid4().hex


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


def tiny_config(model: Path, max_steps: int) -> StudioConfig:
    """The bundled sample on the tiny BERT, a few real steps."""
    config = StudioConfig()
    config.model.name_or_path = str(model)
    config.model.max_seq_length = 32
    config.training.per_device_train_batch_size = 8
    config.training.max_steps = max_steps
    config.training.eval_steps = max_steps
    config.training.save_steps = max_steps
    return config


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


def install_run(run: Path, data_dir: Path) -> str:
    """The CLI's run copied into an app's runs folder before it starts; returns its id."""
    shutil.copytree(run, data_dir / "runs" / run.name)
    return run.name


def server_paths(app: StudioApp, *more: Path) -> list[str]:
    """What no reply of a shared studio may name: its data dir, the code, Python's folders, home, and the test's
    own server folders."""
    places = [app.data_dir, ROOT, Path(sys.prefix), Path(sys.executable).parent, Path.home(), *more]
    return sorted({str(p) for p in places}, key=len, reverse=True)


def leaks(replies: list[Reply], forbidden: list[str]) -> list[str]:
    """Each reply that names a forbidden path, with the words around it."""
    found = []
    for reply in replies:
        for path in forbidden:
            at = reply.raw.find(path)
            if at >= 0:
                found.append(f"/{reply.api_name} named {path!r}: …{reply.raw[max(0, at - 160) : at + 120]}…")
                break
    return found
