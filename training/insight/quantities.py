"""The numbers shown beside a config, computed once so the Configure panel, the doctor and the diff agree:
effective batch (over every process of every machine), steps, warmup, the final learning rate, LoRA's trainable
parameters (lora_size.py), tokens per step, memory per device (memory.py, split by ZeRO / FSDP as sharding.py reads
the launch file)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

from core.models.load import resolve_model_path
from training.config.groups import LoraArgs
from training.config.studio import StudioConfig
from training.insight.lora_size import largest_module, lora_parameters, parameter_count
from training.insight.memory import DeviceMemory, per_device, sixteen_bit
from training.insight.schedule import Horizon, effective_batch, horizon, learning_rates
from training.insight.sharding import sharding
from training.tasks.hard_negatives import uses_hard_negatives


@dataclass
class Quantities:
    effective_batch: int  # the global batch: per device × accumulation × processes × machines
    world_size: int  # processes of every machine, each with its own batch and its share of every epoch
    in_batch_negatives: int | None  # embedding only: the other positives of a batch are each query's negatives
    steps_per_epoch: int | None
    total_steps: int
    warmup_steps: int
    final_lr: float
    trainable_parameters: int | None
    total_parameters: int | None
    trainable_share: float | None
    tokens_per_step: int
    memory_gib: float | None  # rough: weights + gradients + optimiser state + activations, per device
    device_memory: DeviceMemory | None  # the same by part, with the ZeRO / FSDP split behind it

    def to_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=16)
def _shape(model: str) -> tuple[int, int, int] | None:
    """(hidden size, layers, attention heads) from the model's config, or None when it cannot be read offline."""
    from transformers import AutoConfig

    try:
        c = AutoConfig.from_pretrained(resolve_model_path(model, convert=False))
    except (OSError, ValueError):
        return None
    return c.hidden_size, c.num_hidden_layers, c.num_attention_heads


def in_batch_negatives(config: StudioConfig) -> int | None:
    """The other positives of a batch are each query's negatives under the contrastive loss; other tasks have none."""
    return config.training.per_device_train_batch_size - 1 if config.task == "embedding" else None


def lora_scale(lora: LoraArgs) -> float:
    """peft multiplies the adapter's output by lora_alpha / r: 32 / 16 = 2."""
    return lora.lora_alpha / lora.r


def texts_per_row(config: StudioConfig) -> int:
    """An embedding row is (anchor, positive) or (anchor, positive, negative): each text goes through the model.
    An SFT row is one sequence (prompt and answer together), a classification row one text. Hard negatives on
    "auto" are decided by the config's dataset; one that cannot be read yet counts the negative, the larger cost."""
    if config.task != "embedding":
        return 1
    return 2 if uses_hard_negatives(config) is False else 3


def activation_bytes(config: StudioConfig, sixteen: bool) -> float | None:
    """One device's activations at its batch (Korthikanti et al. 2022: about s·b·h·(34 + 5·a·s/h) bytes per layer in
    16-bit, doubled for fp32). Rough by design: the order of magnitude decides between "fits" and "turn on
    checkpointing"."""
    shape = _shape(config.model.name_or_path)
    if shape is None:
        return None
    hidden, layers, heads = shape
    t = config.training
    # GradCache keeps one mini-batch's activations at a time (plus the cached embeddings, negligible here).
    rows = min(t.per_device_train_batch_size, config.loss.gradcache_mini_batch_size or t.per_device_train_batch_size)
    seq, batch = config.model.max_seq_length, rows * texts_per_row(config)
    activation = seq * batch * hidden * (34 + 5 * heads * seq / hidden) * layers * (1 if sixteen else 2)
    if t.gradient_checkpointing:
        activation /= layers  # only layer inputs are kept, one layer recomputed at a time
    return activation


def device_memory(config: StudioConfig, total: int, trainable: int) -> DeviceMemory | None:
    """Parameters, gradients, optimiser state and activations on each device (memory.py), split as the config's
    launch file asks; None when the model's shape cannot be read offline."""
    split = sharding(config)
    activations = activation_bytes(config, sixteen_bit(config, split.engine))
    if activations is None:
        return None
    largest = largest_module(config.model.name_or_path, config.task) if split.stage == 3 else 0
    return per_device(config, total, trainable, activations, split, largest)


def memory_gib(config: StudioConfig, total: int, trainable: int) -> float | None:
    found = device_memory(config, total, trainable)
    return found.total if found else None


def quantities(config: StudioConfig, span: Horizon | None = None, train_rows: int | None = None) -> Quantities:
    """All derived numbers; `span` (or `train_rows`) fixes the run's length, else max_steps must be set."""
    span = span or horizon(config, train_rows)
    trainable = total = share = None
    try:
        if config.lora.use_lora:
            count = lora_parameters(
                config.model.name_or_path,
                config.lora.target_modules,
                config.lora.r,
                config.lora.layers_to_transform,
                task=config.task,
            )
            trainable, total, share = count.trainable, count.total, count.share
        else:
            total = parameter_count(config.model.name_or_path, config.task)
            trainable, share = total, 1.0
    except (OSError, ValueError):
        pass  # unknown offline, or target modules that match nothing: the doctor says which
    effective = effective_batch(config)
    memory = device_memory(config, total, trainable) if total is not None else None
    return Quantities(
        effective_batch=effective,
        world_size=config.training.total_processes,
        in_batch_negatives=in_batch_negatives(config),
        steps_per_epoch=span.steps_per_epoch,
        total_steps=span.total_steps,
        warmup_steps=span.warmup_steps,
        final_lr=learning_rates(config, span)[-1],
        trainable_parameters=trainable,
        total_parameters=total,
        trainable_share=share,
        tokens_per_step=effective * config.model.max_seq_length * texts_per_row(config),
        memory_gib=memory.total if memory else None,
        device_memory=memory,
    )
