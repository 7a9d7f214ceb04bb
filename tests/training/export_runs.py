"""Tiny finished runs of the three tasks, trained in-process once per test session (a few real steps each) and
shared by the export and Hub tests. `studio_data` points STUDIO_DATA_DIR at the data directory they trained from,
so model cards can read the datasets' statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datasets_spec import store
from tests.training.builders import build_tiny_causal_lm, sft_config
from training.config.studio import StudioConfig, save_yaml
from training.lifecycle.train import train

PROMPTS = {"query": "query: ", "passage": "passage: "}


@pytest.fixture(scope="session")
def runs_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("export-runs") / "studio-data"


@pytest.fixture
def studio_data(runs_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STUDIO_DATA_DIR", str(runs_data))
    return runs_data


def train_run(config: StudioConfig, run_dir: Path, data: Path) -> Path:
    """What `python -m training run` does, in this process: config.yaml, status.json, metrics.jsonl, model/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDIO_DATA_DIR", str(data))
        run_dir.mkdir(parents=True)
        save_yaml(config, run_dir / "config.yaml")
        assert train(config, run_dir, resume=False) == 0
    return run_dir


def small_training(config: StudioConfig, steps: int = 4) -> StudioConfig:
    config.training.max_steps = steps
    config.training.eval_steps = steps  # evaluations at step 0 (the base model) and at the end
    config.training.save_steps = 100
    config.training.learning_rate = 1e-2  # large, so a few steps move the weights far from the base
    config.early_stopping.load_best_model_at_end = False  # the saved model is the last step's
    return config


def bert_config(model: Path) -> StudioConfig:
    config = StudioConfig()
    config.model.name_or_path = str(model)
    config.model.max_seq_length = 32
    config.training.per_device_train_batch_size = 8
    return config


@pytest.fixture(scope="session")
def prompted_bert(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """That BERT as a sentence-transformers folder that declares E5-style prompts."""
    from core.models.load import load_embedding_model

    folder = tmp_path_factory.mktemp("prompted-bert") / "model"
    model = load_embedding_model(str(tiny_model))
    model.prompts = dict(PROMPTS)
    model.save(str(folder))
    assert json.loads((folder / "config_sentence_transformers.json").read_text())["prompts"] == PROMPTS
    return folder


@pytest.fixture(scope="session")
def embedding_run(prompted_bert: Path, runs_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = bert_config(prompted_bert)
    return train_run(small_training(config), tmp_path_factory.mktemp("runs") / "embedding", runs_data)


@pytest.fixture(scope="session")
def full_embedding_run(prompted_bert: Path, runs_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Full fine-tuning (no LoRA): the run saves a whole model and has no adapter to export."""
    config = bert_config(prompted_bert)
    config.lora.use_lora = False
    return train_run(small_training(config, steps=2), tmp_path_factory.mktemp("runs") / "full", runs_data)


@pytest.fixture(scope="session")
def sft_run(runs_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    model = build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-llama-export"))
    config = small_training(sft_config(model), steps=2)
    return train_run(config, tmp_path_factory.mktemp("runs") / "sft", runs_data)


@pytest.fixture(scope="session")
def classification_run(tiny_model: Path, runs_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = bert_config(tiny_model)
    config.task = "classification"
    config.data.dataset = store.CLASSIFICATION_SAMPLE
    return train_run(small_training(config, steps=2), tmp_path_factory.mktemp("runs") / "classification", runs_data)
