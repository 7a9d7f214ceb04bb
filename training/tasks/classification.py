"""Classification task: a stored text + label dataset → a new classification head on the encoder, with LoRA or in
full, judged by accuracy and macro-F1, saved with its label names."""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import f1_score
from transformers import TrainerCallback

from core.models.load import resolve_model_path
from datasets_spec import store
from datasets_spec.formats.classification import keep_frequent, label_counts
from training.config.studio import StudioConfig
from training.insight.lora_size import check_targets
from training.tasks.common import lora_config, stopping_callbacks, training_arguments

LABELS_FILE = "labels.json"
HEADS = ("classifier", "score")  # the heads peft's SEQ_CLS adds to modules_to_save (BERT: classifier)


def _note(message: str) -> None:
    """One line in the run's log (the child's stderr is train.log)."""
    print(f"[classification] {message}", file=sys.stderr, flush=True)


@dataclass
class Examples:
    """The rows a run trains and evaluates on, the head's label names in id order, and what was left out."""

    train: list[dict]
    validation: list[dict]
    labels: list[str]
    dropped_classes: list[str] = field(default_factory=list)
    dropped_validation: int = 0  # validation examples of the dropped classes
    unknown_validation: int = 0  # validation examples whose label never occurs in training

    def notes(self, min_samples_per_class: int) -> list[str]:
        lines = []
        if self.dropped_classes:
            lines.append(
                f"dropped {len(self.dropped_classes)} classes with fewer than {min_samples_per_class} training "
                f"examples: {self.dropped_classes}, and their {self.dropped_validation} validation examples"
            )
        if self.unknown_validation:
            lines.append(f"dropped {self.unknown_validation} validation examples whose label is not in training")
        return lines


def select_examples(
    train: list[dict],
    validation: list[dict],
    *,
    min_samples_per_class: int = 0,
    max_train_samples: int = 0,
    num_labels: int = 0,
    seed: int = 42,
) -> Examples:
    """Rare classes dropped, training capped, labels taken from what is left; validation keeps only those labels.

    The cap takes a seeded random subset, since stored training rows may be grouped by class.
    """
    dropped: list[str] = []
    if min_samples_per_class > 1:
        train, dropped = keep_frequent(train, min_samples_per_class)
    if max_train_samples and len(train) > max_train_samples:
        train = random.Random(seed).sample(train, max_train_samples)
    labels = sorted({e["label"] for e in train})
    if len(labels) < 2:
        raise ValueError(
            f"classification needs at least 2 classes in training; found {len(labels)} {labels} "
            "(after classification.min_samples_per_class and data.max_train_samples)"
        )
    if num_labels:
        if num_labels < len(labels):
            raise ValueError(
                f"model.num_labels = {num_labels} is smaller than the {len(labels)} classes in the training data; "
                f"set it to 0 (= from the data) or at least {len(labels)}"
            )
        labels += [f"LABEL_{i}" for i in range(len(labels), num_labels)]  # transformers' names for unused slots
    known = set(labels)
    kept = [e for e in validation if e["label"] in known]
    of_dropped = sum(e["label"] in dropped for e in validation)
    return Examples(train, kept, labels, dropped, of_dropped, len(validation) - len(kept) - of_dropped)


def class_weights(train: list[dict], labels: list[str]) -> list[float]:
    """Inverse class frequency, scaled to mean 1 over the classes that occur, so the loss keeps its usual size;
    an unused head slot gets 0."""
    counts = label_counts(train)
    inverse = [1.0 / counts[name] if counts.get(name) else 0.0 for name in labels]
    present = [w for w in inverse if w]
    mean = sum(present) / len(present)
    return [w / mean for w in inverse]


def weighted_loss(weights: list[float]):
    """A `compute_loss_func` for Trainer: class-weighted cross-entropy, summed and divided by the examples of the
    whole accumulated batch, as Trainer expects of such a function (so gradient accumulation changes nothing)."""
    weight = torch.tensor(weights, dtype=torch.float32)

    def loss(outputs, labels: torch.Tensor, num_items_in_batch: torch.Tensor | int | None = None) -> torch.Tensor:
        logits = outputs["logits"] if isinstance(outputs, dict) else outputs[0]
        summed = torch.nn.functional.cross_entropy(
            logits.float(), labels, weight=weight.to(logits.device), reduction="sum"
        )
        return summed / (num_items_in_batch if num_items_in_batch is not None else labels.numel())

    return loss


def macro_f1(predictions: np.ndarray, labels: np.ndarray) -> float:
    """Mean F1 over the classes that occur in either the labels or the predictions, so a class predicted but never
    true, or true but never predicted, counts as an F1 of 0."""
    if len(labels) == 0:
        return 0.0
    return float(f1_score(labels, predictions, average="macro", zero_division=0.0))


def compute_metrics(eval_pred) -> dict[str, float]:
    """Accuracy and macro-F1 from the logits the trainer gathered over the validation split."""
    logits = eval_pred.predictions[0] if isinstance(eval_pred.predictions, tuple) else eval_pred.predictions
    predictions, labels = np.argmax(logits, axis=-1), np.asarray(eval_pred.label_ids)
    return {"accuracy": float(np.mean(predictions == labels)), "macro_f1": macro_f1(predictions, labels)}


def new_modules(missing_keys: set[str] | list[str]) -> list[str]:
    """Modules the checkpoint had no weights for, besides the head: an encoder saved without its pooler (e5 is)
    gets a random one, which must train in full like the head, not through a LoRA on frozen noise."""
    modules = {key.rsplit(".", 1)[0] for key in missing_keys}
    return sorted(m for m in modules if m.rsplit(".", 1)[-1] not in HEADS)


def load_examples(config: StudioConfig) -> Examples:
    dataset = store.load(config.data.dataset)
    if dataset.task != "classification":
        raise ValueError(
            f"data.dataset {dataset.name!r} is a {dataset.task} dataset; task classification needs one with a text "
            "and a label per row (format classification)"
        )
    return select_examples(
        dataset.train,
        dataset.validation,
        min_samples_per_class=config.classification.min_samples_per_class,
        max_train_samples=config.data.max_train_samples,
        num_labels=config.model.num_labels,
        seed=config.training.seed,
    )


def encode(tokenizer, examples: list[dict], label2id: dict[str, int], max_length: int):
    """Token ids cut at max_seq_length and left unpadded: the collator pads each batch to its own longest text."""
    import datasets

    encoded = tokenizer([e["text"] for e in examples], truncation=True, max_length=max_length)
    return datasets.Dataset.from_dict({**encoded, "labels": [label2id[e["label"]] for e in examples]})


def build_trainer(config: StudioConfig, run_dir: Path, callbacks: list[TrainerCallback]):
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        Trainer,
        TrainingArguments,
        set_seed,
    )

    examples = load_examples(config)
    id2label = dict(enumerate(examples.labels))
    label2id = {name: i for i, name in id2label.items()}
    path = resolve_model_path(config.model.name_or_path)
    tokenizer = AutoTokenizer.from_pretrained(path)
    set_seed(config.training.seed)  # the new head and pooler are drawn here, before Trainer would seed anything
    model, loading = AutoModelForSequenceClassification.from_pretrained(
        path,
        num_labels=len(examples.labels),
        id2label=id2label,
        label2id=label2id,
        problem_type="single_label_classification",
        output_loading_info=True,
    )
    for line in examples.notes(config.classification.min_samples_per_class):
        _note(line)
    fresh = new_modules(loading["missing_keys"])
    if config.lora.use_lora:
        from peft import get_peft_model
        from peft.utils import ModulesToSaveWrapper

        linears = [name for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)]
        check_targets(linears, config.lora.target_modules)
        model = get_peft_model(model, lora_config(config.lora, "classification", modules_to_save=fresh))
        wrapped = [n for n, m in model.named_modules() if isinstance(m, ModulesToSaveWrapper)]
        saved = [n.removeprefix("base_model.model.") for n in wrapped]
        _note(f"LoRA on {config.lora.target_modules}; trained in full and saved with the adapter: {saved}")
    elif fresh:
        _note(f"new, randomly initialised besides the head: {fresh}")
    counts = label_counts(examples.train)
    _note(f"{len(examples.train)} training, {len(examples.validation)} validation examples; classes: {counts}")
    train_dataset = encode(tokenizer, examples.train, label2id, config.model.max_seq_length)
    eval_dataset = (
        encode(tokenizer, examples.validation, label2id, config.model.max_seq_length) if examples.validation else None
    )
    has_eval = eval_dataset is not None
    args = TrainingArguments(**training_arguments(config, run_dir, rows=len(examples.train), has_eval=has_eval))
    loss = None
    if config.classification.class_weights:
        weights = class_weights(examples.train, examples.labels)
        _note("class weights: " + ", ".join(f"{n} {w:.2f}" for n, w in zip(examples.labels, weights, strict=True)))
        loss = weighted_loss(weights)
    return Trainer(
        model=model,
        args=args,
        train_dataset=train_dataset,
        eval_dataset=eval_dataset,
        processing_class=tokenizer,
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_loss_func=loss,
        compute_metrics=compute_metrics if has_eval else None,
        callbacks=[*callbacks, *stopping_callbacks(config, has_eval)],
    )


def save_model(trainer, run_dir: Path) -> Path:
    """The adapter (or the whole model without LoRA) with the tokenizer under run_dir/model, plus the model config
    (id2label / label2id, the head's size) and labels.json, the label names in id order."""
    out = run_dir / "model"
    trainer.save_model(str(out))
    model = trainer.model.get_base_model() if hasattr(trainer.model, "get_base_model") else trainer.model
    model.config.save_pretrained(out)  # an adapter alone doesn't say how many labels the head has, or their names
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    (out / LABELS_FILE).write_text(json.dumps(labels, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def load_classifier(model_dir: str | Path):
    """A saved classifier ready to predict: the whole model, or its base model with the adapter applied.

    The base is built from the saved config, so the head has the trained size before the adapter fills it.
    """
    from transformers import AutoConfig, AutoModelForSequenceClassification

    model_dir = Path(model_dir)
    config = AutoConfig.from_pretrained(model_dir)
    adapter = model_dir / "adapter_config.json"
    if not adapter.exists():
        return AutoModelForSequenceClassification.from_pretrained(model_dir).eval()
    from peft import PeftModel

    base_path = json.loads(adapter.read_text(encoding="utf-8"))["base_model_name_or_path"]
    base = AutoModelForSequenceClassification.from_pretrained(resolve_model_path(base_path), config=config)
    return PeftModel.from_pretrained(base, model_dir).eval()


def training_row_count(config: StudioConfig) -> int:
    """Training texts in one epoch: the stored training split after the rare-class filter and the cap."""
    return len(load_examples(config).train)
