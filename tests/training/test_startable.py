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


# (case, task of the passing base, the edit that breaks one rule, the one blocker it must give). Values that depend
# on the test's files are callables of (tiny BERT, tiny chat model, tmp_path).
CASES: list[tuple[str, str, Callable[[StudioConfig, Path], None], str, tuple[str, ...], dict]] = [
    (
        "chat data under embedding",
        "embedding",
        lambda c, tmp: setattr(c.data, "dataset", store.JSON_TASK_SAMPLE),
        "task_data",
        ("task", "data.dataset"),
        {"task": "embedding", "dataset": store.JSON_TASK_SAMPLE, "holds": "sft", "needs": "retrieval", "fits": "sft"},
    ),
    (
        "retrieval data under classification",
        "classification",
        lambda c, tmp: setattr(c.data, "dataset", store.SAMPLE_NAME),
        "task_data",
        ("task", "data.dataset"),
        {
            "task": "classification",
            "dataset": store.SAMPLE_NAME,
            "holds": "retrieval",
            "needs": "classification",
            "fits": "embedding",
        },
    ),
    (
        "a dataset that is not stored",
        "embedding",
        lambda c, tmp: setattr(c.data, "dataset", "not-stored"),
        "dataset_missing",
        ("data.dataset",),
        {"dataset": "not-stored", "stored": [store.SAMPLE_NAME]},
    ),
    (
        "the embedding default under sft",
        "sft",
        lambda c, tmp: setattr(c.model, "name_or_path", OFFLINE_E5),
        "model_task",
        ("task", "model.name_or_path"),
        {"task": "sft", "model": OFFLINE_E5, "kind": "encoder", "suggest": OFFLINE_SMOLLM2},
    ),
    (
        "a folder whose tokenizer has no chat template under sft",
        "sft",
        lambda c, tmp: (setattr(c.model, "name_or_path", "TINY_BERT"), setattr(c.lora, "target_modules", ["query"])),
        "model_task",
        ("task", "model.name_or_path"),
        {"task": "sft", "model": "TINY_BERT", "kind": "no_chat_template", "suggest": OFFLINE_SMOLLM2},
    ),
    (
        "Llama target modules on BERT",
        "embedding",
        lambda c, tmp: setattr(c.lora, "target_modules", ["q_proj", "query"]),
        "lora_targets",
        ("lora.target_modules", "model.name_or_path"),
        {"unmatched": ["q_proj"], "linears": ["dense", "key", "query", "value"], "model": "TINY_BERT"},
    ),
    (
        "a layer past the last of a 2-layer model",
        "embedding",
        lambda c, tmp: setattr(c.lora, "layers_to_transform", [2, 5]),
        "lora_layers",
        ("lora.layers_to_transform", "model.name_or_path"),
        {"layers": [2, 5], "found": "0–1", "model": "TINY_BERT"},
    ),
    (
        "fp16 on a CPU",
        "embedding",
        lambda c, tmp: setattr(c.training, "mixed_precision", "fp16"),
        "precision_cpu",
        ("training.mixed_precision",),
        {"precision": "fp16"},
    ),
    (
        "a schema file that is not there",
        "sft",
        lambda c, tmp: setattr(c.sft, "json_schema", str(tmp / "schema.json")),
        "file_missing",
        ("sft.json_schema",),
        {"field": "sft.json_schema", "path": "TMP/schema.json"},
    ),
    (
        "a launcher file that is not there, with two processes",
        "embedding",
        lambda c, tmp: (
            setattr(c.training, "num_processes", 2),
            setattr(c.training, "accelerate_config", str(tmp / "accelerate.yaml")),
        ),
        "file_missing",
        ("training.accelerate_config",),
        {"field": "training.accelerate_config", "path": "TMP/accelerate.yaml"},
    ),
    (
        "a generation score without generations",
        "sft",
        lambda c, tmp: (setattr(c.early_stopping, "metric", "eval_json_valid"), setattr(c.sft, "eval_generations", 0)),
        "generation_metric",
        ("early_stopping.metric", "sft.eval_generations"),
        {"metric": "eval_json_valid"},
    ),
    (
        "eval_loss, which an embedding run does not log",
        "embedding",
        lambda c, tmp: setattr(c.early_stopping, "metric", "eval_loss"),
        "metric_task",
        ("early_stopping.metric", "task"),
        {"metric": "eval_loss", "task": "embedding", "logged": ["eval_ndcg@10", "eval_mrr@10", "eval_recall@10"]},
    ),
    (
        "macro-F1 under sft",
        "sft",
        lambda c, tmp: setattr(c.early_stopping, "metric", "eval_macro_f1"),
        "metric_task",
        ("early_stopping.metric", "task"),
        {"metric": "eval_macro_f1", "task": "sft", "logged": ["eval_loss", *GENERATED]},
    ),
    (
        "warmup and decay that overlap under warmup_stable_decay, max_steps set",
        "embedding",
        lambda c, tmp: (
            setattr(c.training, "lr_scheduler_type", "warmup_stable_decay"),
            setattr(c.training, "max_steps", 10),
            setattr(c.training, "warmup_ratio", 0.5),
            setattr(c.training, "decay_ratio", 0.6),
        ),
        "schedule_overlap",
        ("training.warmup_ratio", "training.decay_ratio"),
        {"warmup_ratio": 0.5, "decay_ratio": 0.6, "warmup_steps": 5, "decay_steps": 6, "total_steps": 10},
    ),
    (
        "warmup and decay that overlap, the run's length counted from the rows",
        "sft",
        lambda c, tmp: (
            setattr(c.training, "lr_scheduler_type", "warmup_stable_decay"),
            setattr(c.training, "max_steps", -1),
            setattr(c.training, "num_train_epochs", 1.0),
            setattr(c.training, "per_device_train_batch_size", 1),
            setattr(c.training, "gradient_accumulation_steps", 1),
            setattr(c.data, "max_train_samples", 20),
            setattr(c.training, "warmup_ratio", 0.3),
            setattr(c.training, "decay_ratio", 0.9),
        ),
        "schedule_overlap",
        ("training.warmup_ratio", "training.decay_ratio"),
        {"warmup_ratio": 0.3, "decay_ratio": 0.9, "warmup_steps": 6, "decay_steps": 18, "total_steps": 20},
    ),
    (
        "one training pair",
        "embedding",
        lambda c, tmp: setattr(c.data, "max_train_samples", 1),
        "too_few_rows",
        ("data.dataset", "data.max_train_samples"),
        {"dataset": store.SAMPLE_NAME, "rows": 1, "needs": 2, "cap": 1, "hard": False},
    ),
    (
        "every class dropped as rare",
        "classification",
        lambda c, tmp: setattr(c.classification, "min_samples_per_class", 1000),
        "too_few_classes",
        ("classification.min_samples_per_class", "data.max_train_samples"),
        {"classes": "CLASSES", "min_samples": 1000, "cap": 0},
    ),
    (
        "a head smaller than the classes",
        "classification",
        lambda c, tmp: setattr(c.model, "num_labels", 3),
        "num_labels",
        ("model.num_labels",),
        {"num_labels": 3, "classes": "TRAINING_CLASSES"},
    ),
]


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
