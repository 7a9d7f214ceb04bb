"""Embedding task: a stored retrieval dataset → sentence-transformers trainer with MNRL, LoRA and IR evaluation."""

from __future__ import annotations

import random
from pathlib import Path

import torch
from transformers import TrainerCallback

from core.models.load import prompts_of, resolve_model_path
from datasets_spec import store
from datasets_spec.canonical import document
from training.config.studio import StudioConfig
from training.insight.lora_size import check_targets
from training.lifecycle.runs import write_status
from training.retrieval.evaluate import RetrievalSet, ir_evaluator
from training.retrieval.validation_corpus import ValidationCorpus, validation_corpus
from training.tasks.common import lora_config, seeded_sample, stopping_callbacks, training_arguments
from training.tasks.embedding_trainer import EmbeddingTrainer
from training.tasks.hard_negatives import resolve, usable


def training_rows(
    train: list[dict], corpus: dict[str, dict], *, use_hard_negatives: bool, seed: int, max_samples: int = 0
) -> dict[str, list[str]]:
    """One (anchor, positive[, negative]) row per query-positive pair, the negative drawn from the example's list;
    `max_samples` keeps a seeded random sample of the rows (common.seeded_sample)."""
    rng = random.Random(seed)
    rows: dict[str, list[str]] = {"anchor": [], "positive": []}
    if use_hard_negatives:
        rows["negative"] = []
    for example in train:
        for pid in example["positive_passages"]:
            negatives = usable(example, corpus)
            if use_hard_negatives and not negatives:
                continue  # every row of a triplet dataset needs a negative
            rows["anchor"].append(example["query_text"])
            rows["positive"].append(document(corpus[pid]))
            if use_hard_negatives:
                rows["negative"].append(document(corpus[rng.choice(negatives)]))
    kept = seeded_sample(list(range(len(rows["anchor"]))), max_samples, seed)
    return {column: [texts[i] for i in kept] for column, texts in rows.items()}


def config_rows(config: StudioConfig, train: list[dict], corpus: dict[str, dict]) -> dict[str, list[str]]:
    """The training rows this config builds from these examples (training, the schedule and the doctor agree)."""
    return training_rows(
        train,
        corpus,
        use_hard_negatives=resolve(config.loss.use_hard_negatives, train, corpus).on,
        seed=config.training.seed,
        max_samples=config.data.max_train_samples,
    )


def column_prompts(model, columns: list[str]) -> dict[str, str] | None:
    """The model's own query / passage prompts per training column (E5's "query: ", "passage: "), or None.

    Models without prompts train on the bare texts, exactly as before.
    """
    prompts = prompts_of(model)
    mapping = {"anchor": prompts.query, "positive": prompts.passage, "negative": prompts.passage}
    return {column: mapping[column] for column in columns if mapping.get(column)} or None


def contrastive_loss(model, config: StudioConfig):
    """InfoNCE over in-batch (and hard) negatives; with a GradCache mini-batch, the cached variant of the same loss."""
    from sentence_transformers.sentence_transformer.losses import (
        CachedMultipleNegativesRankingLoss,
        MultipleNegativesRankingLoss,
    )

    scale = 1.0 / config.loss.temperature
    if config.loss.gradcache_mini_batch_size:
        return CachedMultipleNegativesRankingLoss(
            model, scale=scale, mini_batch_size=config.loss.gradcache_mini_batch_size
        )
    return MultipleNegativesRankingLoss(model, scale=scale)


def validation_searched(config: StudioConfig, dataset: store.StoredDataset) -> ValidationCorpus | None:
    """The passages the validation searches at each evaluation (training.eval_corpus_size of them, drawn with the
    run's seed); None without a validation split."""
    if not dataset.validation:
        return None
    return validation_corpus(
        dataset.corpus, dataset.validation, size=config.training.eval_corpus_size, seed=config.training.seed
    )


def build_trainer(config: StudioConfig, run_dir: Path, callbacks: list[TrainerCallback]):
    import datasets
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.sampler import BatchSamplers
    from sentence_transformers.sentence_transformer.training_args import SentenceTransformerTrainingArguments

    dataset = store.load(config.data.dataset)
    model = SentenceTransformer(resolve_model_path(config.model.name_or_path))
    model.max_seq_length = config.model.max_seq_length
    if config.lora.use_lora:
        linears = [name for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)]
        check_targets(linears, config.lora.target_modules)
        model.add_adapter(lora_config(config.lora, "embedding"))
    rows = config_rows(config, dataset.train, dataset.corpus)
    if len(rows["anchor"]) < 2:
        raise ValueError(f"dataset {dataset.name!r}: fewer than 2 training pairs; contrastive training needs a batch")
    train_dataset = datasets.Dataset.from_dict(rows)
    searched = validation_searched(config, dataset)
    evaluator = (
        ir_evaluator(
            RetrievalSet.from_dataset(dataset, "validation", passages=searched.ids),
            prompts_of(model),
            name="validation",
            batch_size=config.training.per_device_eval_batch_size,
        )
        if searched
        else None
    )
    args = SentenceTransformerTrainingArguments(
        **training_arguments(config, run_dir, rows=len(rows["anchor"]), has_eval=evaluator is not None),
        batch_sampler=BatchSamplers.NO_DUPLICATES,  # a duplicate text in a batch would be a false negative
        prompts=column_prompts(model, list(rows)),
    )
    if searched and args.process_index == 0:  # the log and status.json say it once, however many processes train
        print(searched.describe(), flush=True)
        run_dir.mkdir(parents=True, exist_ok=True)
        write_status(run_dir, validation_corpus=searched.counts())
    loss = contrastive_loss(model, config)
    return EmbeddingTrainer(
        model=model,
        args=args,
        train_dataset=train_dataset,
        loss=loss,
        evaluator=evaluator,
        callbacks=[*callbacks, *stopping_callbacks(config, evaluator is not None)],
    )


def save_model(trainer, run_dir: Path) -> Path:
    """The adapter (or the whole model without LoRA) in sentence-transformers layout under run_dir/model."""
    out = run_dir / "model"
    trainer.model.save(str(out))
    return out


def training_row_count(config: StudioConfig) -> int:
    """Rows one epoch of this config trains on: one per query-positive pair (with a negative, when asked)."""
    dataset = store.load(config.data.dataset)
    return len(config_rows(config, dataset.train, dataset.corpus)["anchor"])
