"""Embedding task: a stored retrieval dataset → sentence-transformers trainer with MNRL, LoRA and IR evaluation."""

from __future__ import annotations

import random
from pathlib import Path

import torch
from transformers import TrainerCallback

from datasets_spec import store
from datasets_spec.canonical import document
from training.config import StudioConfig
from training.derived import check_targets
from training.evaluate import RetrievalSet, ir_evaluator
from training.models import prompts_of, resolve_model_path
from training.schedule import horizon, scheduler_kwargs


def training_rows(
    train: list[dict], corpus: dict[str, dict], *, use_hard_negatives: bool, seed: int, max_samples: int = 0
) -> dict[str, list[str]]:
    """One (anchor, positive[, negative]) row per query-positive pair, the negative drawn from the example's list."""
    rng = random.Random(seed)
    rows: dict[str, list[str]] = {"anchor": [], "positive": []}
    if use_hard_negatives:
        rows["negative"] = []
    for example in train:
        for pid in example["positive_passages"]:
            negatives = [n for n in example["hard_negatives"] if n in corpus]
            if use_hard_negatives and not negatives:
                continue  # every row of a triplet dataset needs a negative
            rows["anchor"].append(example["query_text"])
            rows["positive"].append(document(corpus[pid]))
            if use_hard_negatives:
                rows["negative"].append(document(corpus[rng.choice(negatives)]))
    if max_samples:
        rows = {k: v[:max_samples] for k, v in rows.items()}
    return rows


def column_prompts(model, columns: list[str]) -> dict[str, str] | None:
    """The model's own query / passage prompts per training column (E5's "query: ", "passage: "), or None.

    Models without prompts train on the bare texts, exactly as before.
    """
    prompts = prompts_of(model)
    mapping = {"anchor": prompts.query, "positive": prompts.passage, "negative": prompts.passage}
    return {column: mapping[column] for column in columns if mapping.get(column)} or None


def lora_config(config: StudioConfig):
    from peft import LoraConfig, TaskType

    return LoraConfig(
        task_type=TaskType.FEATURE_EXTRACTION,
        r=config.lora.r,
        lora_alpha=config.lora.lora_alpha,
        lora_dropout=config.lora.lora_dropout,
        target_modules=config.lora.target_modules,
        layers_to_transform=config.lora.layers_to_transform or None,
    )


def build_trainer(config: StudioConfig, run_dir: Path, callbacks: list[TrainerCallback]):
    import datasets
    from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer
    from sentence_transformers.base.sampler import BatchSamplers
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.training_args import SentenceTransformerTrainingArguments

    t = config.training
    dataset = store.load(config.data.dataset)
    model = SentenceTransformer(resolve_model_path(config.model.name_or_path))
    model.max_seq_length = config.model.max_seq_length
    if config.lora.use_lora:
        linears = [name for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)]
        check_targets(linears, config.lora.target_modules)
        model.add_adapter(lora_config(config))
    rows = training_rows(
        dataset.train,
        dataset.corpus,
        use_hard_negatives=config.loss.use_hard_negatives,
        seed=t.seed,
        max_samples=config.data.max_train_samples,
    )
    if len(rows["anchor"]) < 2:
        raise ValueError(f"dataset {dataset.name!r}: fewer than 2 training pairs; contrastive training needs a batch")
    train_dataset = datasets.Dataset.from_dict(rows)
    evaluator = (
        ir_evaluator(
            RetrievalSet.from_dataset(dataset, "validation"),
            prompts_of(model),
            name="validation",
            batch_size=t.per_device_eval_batch_size,
        )
        if dataset.validation
        else None
    )
    args = SentenceTransformerTrainingArguments(
        output_dir=str(run_dir / "checkpoints"),
        num_train_epochs=t.num_train_epochs,
        max_steps=t.max_steps,
        per_device_train_batch_size=t.per_device_train_batch_size,
        per_device_eval_batch_size=t.per_device_eval_batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        learning_rate=t.learning_rate,
        weight_decay=t.weight_decay,
        warmup_steps=t.warmup_ratio,  # transformers 5 reads a float below 1 as a share of all steps
        lr_scheduler_type=t.lr_scheduler_type,
        lr_scheduler_kwargs=scheduler_kwargs(config, horizon(config, len(rows["anchor"]))),
        fp16=t.fp16,
        gradient_checkpointing=t.gradient_checkpointing,
        max_grad_norm=t.max_grad_norm,
        logging_steps=t.logging_steps,
        eval_strategy=("steps" if t.eval_steps else "epoch") if evaluator else "no",
        eval_steps=t.eval_steps or None,
        eval_on_start=evaluator is not None,  # the base model's scores, as step 0 of the eval curve
        save_strategy="steps",
        save_steps=t.save_steps,
        save_total_limit=t.save_total_limit,
        seed=t.seed,
        batch_sampler=BatchSamplers.NO_DUPLICATES,  # a duplicate text in a batch would be a false negative
        report_to="none",
        dataloader_num_workers=0,
        prompts=column_prompts(model, list(rows)),
    )
    loss = MultipleNegativesRankingLoss(model, scale=1.0 / config.loss.temperature)
    return SentenceTransformerTrainer(
        model=model, args=args, train_dataset=train_dataset, loss=loss, evaluator=evaluator, callbacks=callbacks
    )


def save_model(trainer, run_dir: Path) -> Path:
    """The adapter (or the whole model without LoRA) in sentence-transformers layout under run_dir/model."""
    out = run_dir / "model"
    trainer.model.save(str(out))
    return out
