"""Can the run start: each rule of training/config/startable.py on a config that breaks only it gives its id, the
fields
that conflict and the numbers; a config of each task that passes every rule trains past its first step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from datasets_spec import store
from tests.training.builders import build_tiny_causal_lm, sft_config
from tests.training.export_runs import bert_config, small_training, train_run
from tests.training.startable_cases import CASES
from training.config.groups import OFFLINE_SMOLLM2
from training.config.rules import GENERATED
from training.config.startable import Blocker, blockers, dataset_task, model_kind, task_data
from training.config.studio import OFFLINE_E5, StudioConfig
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics
from training.lifecycle.train import check_task_fits_data
from training.tasks.sft import GENERATION_METRICS


@pytest.fixture(scope="session")
def chat_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_causal_lm(tmp_path_factory.mktemp("startable-llama"))


def base(task: str, tiny_model: Path, chat_lm: Path) -> StudioConfig:
    """A config of `task` on its bundled sample that passes every rule."""
    if task == "sft":
        return sft_config(chat_lm)
    config = bert_config(tiny_model)
    if task == "classification":
        config.task, config.data.dataset = "classification", store.CLASSIFICATION_SAMPLE
    return config


def classes_in_training() -> int:
    return len({e["label"] for e in store.load(store.CLASSIFICATION_SAMPLE).train})


def resolved(values: dict, tiny_model: Path, tmp_path: Path) -> dict:
    """The table's placeholders as this test's paths and the sample's class counts."""
    known = {
        "TINY_BERT": str(tiny_model),
        "CLASSES": store.read_manifest(store.resolve(store.CLASSIFICATION_SAMPLE))["counts"]["classes"],
        "TRAINING_CLASSES": classes_in_training(),
    }

    def one(value):
        if isinstance(value, str) and value.startswith("TMP/"):
            return str(tmp_path / value.removeprefix("TMP/"))
        return known.get(value, value) if isinstance(value, str) else value

    return {k: [one(x) for x in v] if isinstance(v, list) else one(v) for k, v in values.items()}


@pytest.mark.parametrize(("case", "task", "edit", "rule", "fields", "values"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_names_its_fields_and_numbers(
    case: str,
    task: str,
    edit: Callable,
    rule: str,
    fields: tuple[str, ...],
    values: dict,
    data_dir: Path,
    tiny_model: Path,
    chat_lm: Path,
    tmp_path: Path,
) -> None:
    config = base(task, tiny_model, chat_lm)
    assert blockers(config, cuda=False) == [], f"the {task} base config must pass every rule"
    edit(config, tmp_path)
    if config.model.name_or_path == "TINY_BERT":
        config.model.name_or_path = str(tiny_model)
    assert blockers(config, cuda=False) == [Blocker(rule, fields, resolved(values, tiny_model, tmp_path))]


def test_sft_metrics_are_those_the_sft_task_logs() -> None:
    assert tuple(f"eval_{m}" for m in GENERATION_METRICS) == GENERATED


def test_model_kinds_known_without_loading(data_dir: Path, tiny_model: Path, chat_lm: Path) -> None:
    assert [model_kind(m) for m in (OFFLINE_SMOLLM2, OFFLINE_E5, str(chat_lm), str(tiny_model))] == [
        "chat",
        "encoder",
        "chat",
        "no_chat_template",
    ]
    assert model_kind("some-org/unknown-model") is None, "a Hub id offline is not judged"


def test_fp16_passes_where_there_is_a_gpu(data_dir: Path, tiny_model: Path) -> None:
    config = bert_config(tiny_model)
    config.training.mixed_precision = "fp16"
    assert blockers(config, cuda=True) == []


def test_the_cli_refuses_the_task_data_rule_in_its_old_words(data_dir: Path, tiny_model: Path) -> None:
    config = bert_config(tiny_model)
    config.task = "classification"
    assert dataset_task(store.SAMPLE_NAME) == "retrieval" and dataset_task("not-stored") is None
    assert [b.rule for b in task_data(config)] == ["task_data"]
    message = "task classification needs classification examples, but dataset 'legal-ko-sample' holds retrieval"
    with pytest.raises(ValueError, match=message):
        check_task_fits_data(config)
    config.data.dataset = "not-stored"
    assert task_data(config) == [], "a missing dataset is the loader's error, as before"


@pytest.mark.slow
@pytest.mark.parametrize("task", ["embedding", "sft", "classification"])
def test_a_config_that_passes_every_rule_trains_past_step_one(
    task: str, tiny_model: Path, chat_lm: Path, runs_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_DATA_DIR", str(runs_data))
    config = small_training(base(task, tiny_model, chat_lm), steps=2)
    assert blockers(config) == []
    run_dir = train_run(config, tmp_path / "run", runs_data)
    assert runs.read_status(run_dir)["state"] == "finished" and runs.read_status(run_dir)["step"] == 2
    assert [r["step"] for r in read_metrics(run_dir)[0] if "loss" in r] == [1, 2]
