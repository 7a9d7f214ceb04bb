"""Pushes to a Hub stand-in on loopback (a real HTTP server: tests/training/hub_server.py): the files arrive and
load, the private flag holds, each failure is a sentence, the token lands in no file, log or output, and the demo
Space's app runs against the exported model."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
import yaml

from tests.training.hub_server import FakeHub, Repo
from training.lifecycle import runs
from training.lifecycle.runs import load_config
from training.publish.export import DEFAULT_KIND, export
from training.publish.hub import StudioHubError, demo_space, push

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "hf_studioTest" + secrets.token_hex(12)


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    with FakeHub(TOKEN) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.delenv("HF_TOKEN", raising=False)
        yield server


@pytest.fixture(scope="session")
def small_export(embedding_run: Path, runs_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An adapter export (a few hundred kB) for the pushes that fail before anything is uploaded."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDIO_DATA_DIR", str(runs_data))
        return export(embedding_run, "adapter", tmp_path_factory.mktemp("small-export") / "adapter")


def arrived(repo: Repo, folder: Path) -> Path:
    for name, data in repo.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def holding_token(*folders: Path, since: float = 0.0) -> list[Path]:
    files = [p for f in folders if f.is_dir() for p in f.rglob("*") if p.is_file() and p.stat().st_mtime >= since]
    return [p for p in files if TOKEN.encode() in p.read_bytes()]


def test_a_pushed_run_arrives_private_loads_and_leaves_no_token(
    embedding_run: Path,
    studio_data: Path,
    hub: FakeHub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from huggingface_hub import constants
    from sentence_transformers import SentenceTransformer

    from core.models.load import load_embedding_model

    caplog.set_level(logging.DEBUG, logger="huggingface_hub")
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    started = time.time() - 1
    assert constants.is_offline_mode()  # the test runner's HF_HUB_OFFLINE=1: lifted for the named endpoint only
    pushed = push(embedding_run, "studio-user/tiny-e5", private=True)
    assert constants.is_offline_mode()
    assert (pushed.repo_id, pushed.url) == ("studio-user/tiny-e5", f"{hub.url}/studio-user/tiny-e5")
    repo = hub.repos[("models", "studio-user/tiny-e5")]
    assert repo.private and repo.commits == 1 and set(repo.files) == set(pushed.files)
    assert {"README.md", "model.safetensors", "modules.json", "config_sentence_transformers.json"} <= set(repo.files)
    assert 'model_id = "studio-user/tiny-e5"' in repo.files["README.md"].decode()
    model = SentenceTransformer(str(arrived(repo, tmp_path / "arrived")))  # what the Hub holds is the whole model
    texts = ["민법 제750조 불법행위", "손해배상"]
    reference = load_embedding_model(str(embedding_run))
    for prompt in ("query", "passage"):
        got = model.encode(texts, prompt_name=prompt, convert_to_tensor=True)
        assert torch.allclose(got, reference.encode(texts, prompt_name=prompt, convert_to_tensor=True), atol=1e-5)

    # An export folder goes as it is, public this time, its card renamed to the repo (the local copy untouched).
    folder = export(embedding_run, "adapter", tmp_path / "adapter")
    push(folder, "studio-user/tiny-e5-adapter", private=False)
    repo = hub.repos[("models", "studio-user/tiny-e5-adapter")]
    assert not repo.private and "adapter_model.safetensors" in repo.files
    card = repo.files["README.md"].decode()
    assert 'model_id = "studio-user/tiny-e5-adapter"' in card and "\n# tiny-e5-adapter\n" in card
    assert f'model_id = "{folder}"' in (folder / "README.md").read_text(encoding="utf-8")
    assert hub.unexpected == []

    assert holding_token(embedding_run, tmp_path, studio_data) == []
    assert holding_token(Path(constants.HF_HOME), since=started) == []  # huggingface_hub's own files (xet logs)
    out, err = capfd.readouterr()
    assert TOKEN not in out + err and TOKEN not in caplog.text
    assert "(authenticated: True)" in caplog.text  # huggingface_hub's debug log of each request was captured
    saved = Path(constants.HF_TOKEN_PATH)
    assert not saved.exists() or TOKEN not in saved.read_text()


def test_a_refused_token_is_a_clear_error_without_the_token(small_export: Path, hub: FakeHub) -> None:
    wrong = "hf_wrong" + secrets.token_hex(8)
    with pytest.raises(StudioHubError, match=r"refused the token \(401 Unauthorized\): it is mistyped") as caught:
        push(small_export, "studio-user/model", private=False, token=wrong)
    assert wrong not in str(caught.value) and caught.value.__cause__ is None
    assert hub.repos == {}


def test_a_taken_name_is_refused_or_pushed_into(small_export: Path, hub: FakeHub) -> None:
    hub.repos[("models", "studio-user/taken")] = Repo(private=False)
    with pytest.raises(StudioHubError, match=r"the model repo studio-user/taken already exists \(409 Conflict\)"):
        push(small_export, "studio-user/taken", private=False, token=TOKEN, exist_ok=False)
    assert hub.repos[("models", "studio-user/taken")].files == {}
    push(small_export, "studio-user/taken", private=False, token=TOKEN)  # the default: a new commit into it
    assert "adapter_config.json" in hub.repos[("models", "studio-user/taken")].files


def test_another_namespace_is_no_permission(small_export: Path, hub: FakeHub) -> None:
    with pytest.raises(StudioHubError, match=r"may not create or write the model repo someone-else/model \(403"):
        push(small_export, "someone-else/model", private=False, token=TOKEN)


def test_an_unreachable_endpoint_is_said_so(small_export: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    with pytest.raises(StudioHubError, match=rf"cannot reach the Hub at http://127.0.0.1:{port} \(ConnectError\)"):
        push(small_export, "studio-user/model", private=False, token=TOKEN)


def test_no_token_and_offline_mode_stop_before_any_request(
    small_export: Path, hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants

    with pytest.raises(StudioHubError, match="no Hugging Face token: set HF_TOKEN"):
        push(small_export, "studio-user/model", private=False)
    monkeypatch.delenv("HF_ENDPOINT")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(StudioHubError, match=r"HF_HUB_OFFLINE=1 is set, so nothing may reach the Hub; unset it"):
        push(small_export, "studio-user/model", private=False, token=TOKEN)
    assert hub.requests == []


def load_app(folder: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, folder / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("run", ["embedding_run", "sft_run", "classification_run"])
def test_the_demo_space_runs_against_the_model(
    run: str, request: pytest.FixtureRequest, studio_data: Path, hub: FakeHub, tmp_path: Path, monkeypatch
) -> None:
    run_dir = request.getfixturevalue(run)
    task = load_config(run_dir).task
    model_dir = export(run_dir, DEFAULT_KIND[task], tmp_path / "model")
    pushed = demo_space(run_dir, "studio-user/demo", model_repo="studio-user/model", private=False, token=TOKEN)
    assert pushed.url == f"{hub.url}/spaces/studio-user/demo"
    space = hub.repos[("spaces", "studio-user/demo")]
    assert space.sdk == "gradio"
    assert set(space.files) == {"app.py", "settings.json", "requirements.txt", "README.md", "examples.json"}
    front = yaml.safe_load(space.files["README.md"].decode().split("---")[1])
    assert front["sdk"] == "gradio" and front["app_file"] == "app.py" and front["models"] == ["studio-user/model"]
    assert "transformers==" in space.files["requirements.txt"].decode()
    examples = json.loads(space.files["examples.json"])

    monkeypatch.setenv("MODEL_ID", str(model_dir))  # the app as the Space runs it, on the exported model
    app = load_app(arrived(space, tmp_path / "space"), f"demo_app_{task}")
    if task == "embedding":
        from sentence_transformers import SentenceTransformer

        assert examples["queries"] and examples["passages"]
        rows = app.search(examples["queries"][0], "\n\n".join(examples["passages"]), top_k=3)
        assert len(rows) == 3 and rows[0][0] >= rows[1][0] >= rows[2][0]
        model = SentenceTransformer(str(model_dir))
        query = model.encode([examples["queries"][0]], prompt_name="query")
        best = model.similarity(query, model.encode(examples["passages"], prompt_name="passage")).max().item()
        assert rows[0][0] == pytest.approx(best, abs=1e-4)
    elif task == "sft":
        from peft import AutoPeftModelForCausalLM

        assert examples["system"] and examples["prompts"]
        assert isinstance(app.answer(examples["prompts"][0], 4), str)
        batch = app.tokenizer(["오늘"], return_tensors="pt")
        with torch.no_grad():  # the Space's model is the base with the adapter applied
            want = AutoPeftModelForCausalLM.from_pretrained(model_dir)(**batch).logits
            assert torch.allclose(app.model(**batch).logits, want, atol=1e-5)
    else:
        labels = json.loads((model_dir / "labels.json").read_text(encoding="utf-8"))
        scores = app.classify(examples["texts"][0])
        assert list(scores) == labels and sum(scores.values()) == pytest.approx(1.0, abs=1e-5)


def test_push_cli_with_a_demo_space(embedding_run: Path, runs_data: Path, hub: FakeHub) -> None:
    env = {**runs.child_env(), "STUDIO_DATA_DIR": str(runs_data), "HF_ENDPOINT": hub.url, "HF_TOKEN": TOKEN}
    done = subprocess.run(
        [sys.executable, "-m", "training", "push", str(embedding_run), "studio-user/cli-e5", "--private"]
        + ["--demo-space", "studio-user/cli-e5-demo"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    files = len(hub.repos[("models", "studio-user/cli-e5")].files)
    assert f"pushed {files} files to {hub.url}/studio-user/cli-e5\n" in done.stdout
    assert f"demo Space: {hub.url}/spaces/studio-user/cli-e5-demo" in done.stdout
    assert (
        hub.repos[("models", "studio-user/cli-e5")].private
        and hub.repos[("spaces", "studio-user/cli-e5-demo")].private
    )
    assert TOKEN not in done.stdout + done.stderr
    assert os.environ.get("HF_TOKEN") != TOKEN and holding_token(embedding_run, runs_data) == []
