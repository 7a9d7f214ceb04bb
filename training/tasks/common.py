"""What every task's trainer shares: the TrainingArguments of a config, precision, early stopping, the best metric.

Each task builds its own arguments class (SentenceTransformer, SFT or plain) from `training_arguments(...)`, so
a field of the config means the same thing whichever task runs it.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, TypeVar

import torch
from transformers import EarlyStoppingCallback, TrainerCallback

from training.config import hardware
from training.config.groups import LoraArgs
from training.config.rules import auto_precision, best_metric, precision_rule, schedule_rule
from training.config.studio import StudioConfig
from training.insight.schedule import horizon, scheduler_kwargs

# peft's task type for the model class each task's run builds: it decides how the adapter wraps the model (SEQ_CLS
# also trains the new `classifier` / `score` head in full and saves it with the adapter).
LORA_TASK_TYPE = {"embedding": "FEATURE_EXTRACTION", "sft": "CAUSAL_LM", "classification": "SEQ_CLS"}

T = TypeVar("T")


def seeded_sample(items: list[T], cap: int, seed: int) -> list[T]:
    """data.max_train_samples: `cap` items drawn with the run's seed, kept in their stored order; all of them when
    `cap` is 0 or not below their number.

    Drawn, not the first ones: data stored law by law (or class by class) would otherwise keep only the first laws.
    """
    if not cap or len(items) <= cap:
        return items
    return [items[i] for i in sorted(random.Random(seed).sample(range(len(items)), cap))]


class PrecisionError(ValueError):
    """16-bit training asked for where it cannot run."""


def precision(config: StudioConfig, cuda: bool | None = None, cpu_bf16: bool | None = None) -> dict[str, bool]:
    """`{"bf16": ..., "fp16": ...}` for TrainingArguments, auto as rules.auto_precision decides it; bf16 on a CPU
    runs where it has bf16 instructions (the Trainer autocasts on the CPU)."""
    choice = config.training.mixed_precision
    cuda = hardware.cuda() if cuda is None else cuda
    cpu_bf16 = hardware.cpu_bf16() if cpu_bf16 is None else cpu_bf16
    if precision_rule(config, cuda, cpu_bf16):  # startable.py refuses it first; a config run from the CLI meets it
        raise PrecisionError(
            f"training.mixed_precision is {choice}, but there is no GPU"
            + (" and this CPU has no bf16 instructions" if choice == "bf16" else "")
            + ": set it to auto or no"
        )
    if choice == "auto":
        cuda_bf16 = cuda and torch.cuda.is_bf16_supported()
        choice = auto_precision(config.task, cuda=cuda, cuda_bf16=cuda_bf16, cpu_bf16=cpu_bf16)
    return {"bf16": choice == "bf16", "fp16": choice == "fp16"}


def trainer_metric_name(config: StudioConfig) -> str:
    """`eval_ndcg@10` is logged by the embedding evaluator as `eval_validation_cosine_ndcg@10`."""
    metric = best_metric(config)
    if config.task == "embedding" and metric != "eval_loss":
        return "eval_validation_cosine_" + metric.removeprefix("eval_")
    return metric


def training_arguments(config: StudioConfig, run_dir: Path, *, rows: int, has_eval: bool) -> dict[str, Any]:
    """Keyword arguments for any `TrainingArguments` subclass: schedule, batch, precision, checkpoints, evaluation,
    best-model tracking and trackers, all from the config."""
    t, stopping = config.training, config.early_stopping
    span = horizon(config, rows)
    for b in schedule_rule(config, span):  # startable.py refuses it first; a config run from the CLI meets it here
        v = b.values
        raise ValueError(
            f"training.warmup_ratio {v['warmup_ratio']} and training.decay_ratio {v['decay_ratio']} overlap: "
            f"{v['warmup_steps']} warmup + {v['decay_steps']} decay steps do not fit in {v['total_steps']} steps"
        )
    metric = trainer_metric_name(config)
    keep_best = has_eval and stopping.load_best_model_at_end
    return {
        "output_dir": str(run_dir / "checkpoints"),
        "num_train_epochs": t.num_train_epochs,
        "max_steps": t.max_steps,
        "per_device_train_batch_size": t.per_device_train_batch_size,
        "per_device_eval_batch_size": t.per_device_eval_batch_size,
        "gradient_accumulation_steps": t.gradient_accumulation_steps,
        "learning_rate": t.learning_rate,
        "weight_decay": t.weight_decay,
        "warmup_steps": t.warmup_ratio,  # transformers 5 reads a float below 1 as a share of all steps
        "lr_scheduler_type": t.lr_scheduler_type,
        "lr_scheduler_kwargs": scheduler_kwargs(config, span),
        **precision(config),
        "use_cpu": not torch.cuda.is_available(),
        # transformers 5's name; the old one warns, and TRL's own default of it (True) is overridden by this
        "activation_checkpointing": t.gradient_checkpointing,
        "max_grad_norm": t.max_grad_norm,
        "logging_steps": t.logging_steps,
        "eval_strategy": ("steps" if t.eval_steps else "epoch") if has_eval else "no",
        "eval_steps": t.eval_steps or None,
        "eval_on_start": has_eval,  # the base model's scores, as step 0 of the eval curve
        # Checkpoints follow evaluations when the best one is kept: the trainer can only keep what it saved.
        "save_strategy": ("steps" if t.eval_steps else "epoch") if keep_best else "steps",
        "save_steps": t.eval_steps if keep_best and t.eval_steps else t.save_steps,
        "save_total_limit": t.save_total_limit,
        "load_best_model_at_end": keep_best,
        "metric_for_best_model": metric if has_eval else None,
        "greater_is_better": metric != "eval_loss" if has_eval else None,
        "seed": t.seed,
        "report_to": list(t.report_to) or "none",
        "dataloader_num_workers": 0,
        "include_num_input_tokens_seen": "non_padding",  # logged with each step: the Train tab's tokens/s
        "ddp_backend": "gloo" if not torch.cuda.is_available() and t.total_processes > 1 else None,
    }


def stopping_callbacks(config: StudioConfig, has_eval: bool) -> list[TrainerCallback]:
    """transformers' own EarlyStoppingCallback when patience is set and there is something to evaluate."""
    stopping = config.early_stopping
    if not stopping.patience or not has_eval:
        return []
    return [
        EarlyStoppingCallback(early_stopping_patience=stopping.patience, early_stopping_threshold=stopping.threshold)
    ]


def lora_config(lora: LoraArgs, task: str | None = None, *, modules_to_save: list[str] | None = None):
    """The one peft `LoraConfig` of a config's LoRA group: every task's run builds its adapter from it, and the
    LoRA share counts modules with it (`task` None: module matching only, no task type). A module listed in
    `modules_to_save` trains in full and gets no LoRA (peft skips the target match inside it)."""
    from peft import LoraConfig, TaskType

    return LoraConfig(
        task_type=TaskType[LORA_TASK_TYPE[task]] if task else None,
        r=lora.r,
        lora_alpha=lora.lora_alpha,
        lora_dropout=lora.lora_dropout,
        target_modules=list(lora.target_modules),
        layers_to_transform=list(lora.layers_to_transform) or None,
        modules_to_save=modules_to_save or None,
    )
