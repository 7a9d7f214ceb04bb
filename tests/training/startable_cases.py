"""The rules of training/config/startable.py as table rows: one edit that breaks exactly one rule of a passing
config, and the blocker it must give (tests/training/test_startable.py and the Configure tab's test read them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from datasets_spec import store
from training.config.groups import OFFLINE_SMOLLM2
from training.config.rules import GENERATED
from training.config.studio import OFFLINE_E5, StudioConfig

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
        "machine 2 of two machines",
        "embedding",
        lambda c, tmp: (setattr(c.training, "num_machines", 2), setattr(c.training, "machine_rank", 2)),
        "machine_rank",
        ("training.machine_rank", "training.num_machines"),
        {"machine_rank": 2, "num_machines": 2},
    ),
    (
        "two machines without a meeting port",
        "embedding",
        lambda c, tmp: (setattr(c.training, "num_machines", 2), setattr(c.training, "main_process_ip", "10.0.0.1")),
        "machines_address",
        ("training.main_process_ip", "training.main_process_port"),
        {"num_machines": 2, "ip": "10.0.0.1", "port": 0},
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
