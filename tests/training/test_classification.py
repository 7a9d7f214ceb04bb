"""Classification on a tiny random BERT: a real run through the CLI, the label names saved with the model, the
reloaded model scoring what training logged; the rare-class filter, class weights and the errors that name a field."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from datasets_spec import store
from datasets_spec.jsonl import write_jsonl
from tests.training.builders import KEYWORDS, RARE, classification_config, cli, table
from training.config.studio import save_yaml
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics
from training.tasks import classification
from training.tasks.classification import class_weights, macro_f1, select_examples, weighted_loss


@pytest.fixture
def five_classes(data_dir: Path, tmp_path: Path) -> str:
    write_jsonl(tmp_path / "table.jsonl", table())
    store.import_file(tmp_path / "table.jsonl", "five")
    return "five"


@pytest.fixture(scope="module")
def poolerless_model(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny BERT saved without its pooler, as e5 is: the pooler is new and must train in full."""
    from transformers import AutoTokenizer, BertModel

    folder = tmp_path_factory.mktemp("tiny-bert-no-pooler")
    BertModel.from_pretrained(tiny_model, add_pooling_layer=False).save_pretrained(folder)
    AutoTokenizer.from_pretrained(tiny_model).save_pretrained(folder)
    return folder


@pytest.mark.slow
def test_run_trains_evaluates_and_saves_a_model_that_scores_what_training_logged(
    poolerless_model: Path, five_classes: str, data_dir: Path, tmp_path: Path
) -> None:
    config = classification_config(poolerless_model, five_classes)
    config.early_stopping.load_best_model_at_end = False  # the saved model is the last step, scored by final_eval
    save_yaml(config, tmp_path / "config.yaml")
    run_dir = tmp_path / "run"
    result = cli("run", str(tmp_path / "config.yaml"), "--run-dir", str(run_dir), data_dir=data_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'classifier'" in result.stderr and "'bert.pooler.dense'" in result.stderr  # trained in full, named

    status = runs.read_status(run_dir)
    assert status["state"] == "finished" and status["step"] == 4
    evals = [r for r in read_metrics(run_dir)[0] if "eval_macro_f1" in r]
    assert [r["step"] for r in evals] == [0, 2, 4]
    assert all(r["num_input_tokens_seen"] > 0 for r in read_metrics(run_dir)[0] if "loss" in r)
    assert all(0 <= r["eval_accuracy"] <= 1 and 0 <= r["eval_macro_f1"] <= 1 for r in evals)
    # A fresh 5-way head starts near chance: cross-entropy about ln 5.
    assert evals[0]["eval_loss"] == pytest.approx(math.log(5), abs=0.3)

    model_dir = run_dir / "model"
    names = sorted([*KEYWORDS, RARE])
    assert json.loads((model_dir / "labels.json").read_text(encoding="utf-8")) == names
    saved = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    assert saved["id2label"] == {str(i): n for i, n in enumerate(names)}
    assert saved["label2id"] == {n: i for i, n in enumerate(names)}
    adapter = json.loads((model_dir / "adapter_config.json").read_text(encoding="utf-8"))
    assert adapter["task_type"] == "SEQ_CLS" and {"classifier", "bert.pooler.dense"} <= set(adapter["modules_to_save"])

    # The reloaded base + adapter gives the very loss training logged last: head, pooler and LoRA all came back.
    from transformers import AutoTokenizer

    model = classification.load_classifier(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    validation = store.load(five_classes).validation
    texts = [e["text"] for e in validation]
    batch = tokenizer(texts, truncation=True, max_length=32, padding=True, return_tensors="pt")
    with torch.no_grad():
        logits = model(**batch).logits
    assert logits.shape == (len(validation), 5)
    labels = torch.tensor([names.index(e["label"]) for e in validation])
    loss = torch.nn.functional.cross_entropy(logits, labels).item()
    assert loss == pytest.approx(status["final_eval"]["eval_loss"], abs=1e-4)


def test_rare_class_is_dropped_and_class_weights_train_a_full_model(
    tiny_model: Path, five_classes: str, tmp_path: Path
) -> None:
    config = classification_config(tiny_model, five_classes, max_steps=2, eval_steps=0, save_steps=100)
    config.lora.use_lora = False
    config.classification.min_samples_per_class = 3
    config.classification.class_weights = True
    assert classification.training_row_count(config) == 4 * 6  # the rare class's 2 training rows are gone

    trainer = classification.build_trainer(config, tmp_path, [])
    assert trainer.model.config.num_labels == 4 and RARE not in trainer.model.config.label2id
    again = classification.build_trainer(config, tmp_path, [])  # the new head is drawn from the run's seed
    assert torch.equal(trainer.model.classifier.weight, again.model.classifier.weight)
    assert trainer.compute_loss_func is not None
    trainer.train()
    assert math.isfinite(trainer.state.log_history[-1]["train_loss"])
    model_dir = classification.save_model(trainer, tmp_path)
    assert (model_dir / "model.safetensors").exists() and not (model_dir / "adapter_config.json").exists()
    assert json.loads((model_dir / "labels.json").read_text(encoding="utf-8")) == sorted(KEYWORDS)
    assert classification.load_classifier(model_dir).config.num_labels == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"num_labels": 3}, "model.num_labels = 3 is smaller than the 5 classes in the training data"),
        ({"dataset": store.SAMPLE_NAME}, "'legal-ko-sample' is a retrieval dataset; task classification needs"),
    ],
)
def test_errors_name_the_field(
    change: dict, message: str, tiny_model: Path, five_classes: str, tmp_path: Path
) -> None:
    config = classification_config(tiny_model, change.get("dataset", five_classes))
    config.model.num_labels = change.get("num_labels", 0)
    with pytest.raises(ValueError, match=message):
        classification.build_trainer(config, tmp_path, [])


def test_select_examples_drops_rare_classes_unknown_labels_and_pads_the_head() -> None:
    train = [{"text": str(i), "label": label} for i, label in enumerate("aaaabbbbc")]
    validation = [{"text": "v", "label": label} for label in "abcd"]
    picked = select_examples(train, validation, min_samples_per_class=2, num_labels=4)
    assert picked.labels == ["a", "b", "LABEL_2", "LABEL_3"] and len(picked.train) == 8
    assert [e["label"] for e in picked.validation] == ["a", "b"]
    assert (picked.dropped_classes, picked.dropped_validation, picked.unknown_validation) == (["c"], 1, 1)
    capped = select_examples(train, validation, max_train_samples=5, seed=1)
    assert len(capped.train) == 5 and capped.train == select_examples(train, [], max_train_samples=5, seed=1).train
    with pytest.raises(ValueError, match="at least 2 classes"):
        select_examples(train[:4], validation)


def test_macro_f1_against_a_hand_computed_example() -> None:
    labels = np.array([0, 0, 0, 1, 1, 2])
    predictions = np.array([0, 0, 1, 1, 2, 2])
    # class 0: 2 tp, 1 fn → 4/5; class 1: 1 tp, 1 fp, 1 fn → 2/4; class 2: 1 tp, 1 fp → 2/3
    assert macro_f1(predictions, labels) == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    # A class predicted but never true counts as F1 0, as sklearn's average="macro" does.
    assert macro_f1(np.array([0, 1]), np.array([0, 0])) == pytest.approx((2 / 3 + 0) / 2)
    assert macro_f1(labels, labels) == 1.0


def test_class_weights_are_inverse_frequency_with_mean_one() -> None:
    train = [{"label": "a"}] * 4 + [{"label": "b"}]
    assert class_weights(train, ["a", "b", "LABEL_2"]) == pytest.approx([0.4, 1.6, 0.0])
    logits, labels = torch.randn(5, 3), torch.tensor([0, 0, 0, 0, 1])
    unweighted = weighted_loss([1.0, 1.0, 1.0])({"logits": logits}, labels)
    assert unweighted.item() == pytest.approx(torch.nn.functional.cross_entropy(logits, labels).item(), rel=1e-6)
    # Summed and divided by the accumulated batch's size, as Trainer expects of a compute_loss_func.
    halved = weighted_loss([1.0, 1.0, 1.0])({"logits": logits}, labels, num_items_in_batch=10)
    assert halved.item() == pytest.approx(unweighted.item() / 2, rel=1e-6)
