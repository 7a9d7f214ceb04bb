"""The demo Space's app is a real file (training/publish/space_template/<task>.py) copied as it is; what differs per
export travels in settings.json beside it. The apps are imported here on a tiny model; tests/training/test_hub.py
runs each against a trained run's export."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from training.config.studio import StudioConfig
from training.lifecycle import runs
from training.publish import card
from training.publish.space import TEMPLATES, space_files

TASKS = ("embedding", "sft", "classification")


def space_of(task: str, root: Path, kind: str = "adapter") -> dict[str, str]:
    config = StudioConfig(task=task)
    run_dir = runs.create_run(config, root / "runs")
    return space_files(run_dir, "studio-user/model", kind=kind, space_id="studio-user/demo", examples=0)


def load_app(files: dict[str, str], folder: Path, name: str):
    folder.mkdir(parents=True)
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, folder / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("task", TASKS)
def test_the_app_is_the_template_and_the_values_are_settings(task: str, data_dir: Path, tmp_path: Path) -> None:
    files = space_of(task, tmp_path)
    assert set(files) == {"app.py", "settings.json", "examples.json", "requirements.txt", "README.md"}
    assert files["app.py"] == (TEMPLATES / f"{task}.py").read_text(encoding="utf-8")
    assert "studio-user/model" not in files["app.py"], "no value is substituted into the source"
    config = StudioConfig(task=task)
    assert json.loads(files["settings.json"]) == {
        "model_id": "studio-user/model",
        "kind": "adapter",
        "base": card.public_base(config.model.name_or_path),
        "max_new_tokens": config.sft.max_new_tokens,
        "max_length": config.model.max_seq_length,
    }
    compile(files["app.py"], f"{task}.py", "exec")


def test_the_embedding_app_ranks_passages(
    tiny_model: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = space_of("embedding", tmp_path, kind="full")
    files["settings.json"] = json.dumps({**json.loads(files["settings.json"]), "model_id": str(tiny_model)})
    files["examples.json"] = json.dumps({"queries": ["계약 해제"], "passages": ["계약의 해제", "불법행위", "상속"]})
    monkeypatch.delenv("MODEL_ID", raising=False)
    app = load_app(files, tmp_path / "space", "space_embedding_app")
    assert str(tiny_model) == app.MODEL_ID
    rows = app.search("계약 해제", "계약의 해제\n\n불법행위\n\n상속", top_k=2)
    assert len(rows) == 2 and rows[0][0] >= rows[1][0]
    assert app.search("  ", "a") == []


def test_the_classification_app_labels_a_text(
    tiny_model: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = space_of("classification", tmp_path, kind="full")
    files["examples.json"] = json.dumps({"texts": ["계약 해제"]})
    monkeypatch.setenv("MODEL_ID", str(tiny_model))  # the environment wins over settings.json
    app = load_app(files, tmp_path / "space", "space_classification_app")
    scores = app.classify("계약 해제")
    assert len(scores) == 2 and sum(scores.values()) == pytest.approx(1.0, abs=1e-5)
