"""Preflight rules on the devices a run spreads over: whether one device holds its share (insight/memory.py, split
as the launch file asks), and a global batch that changed against the last run only because the process count did.

Memory is compared with what the device has: the GPU of this machine, or a size the caller knows (the cluster's
GPUs, `doctor --device-gib`); on a CPU, this machine's memory, which its processes share. A GPU-only config
(DeepSpeed, FSDP, fp16) checked on a machine without a GPU and without a size is not judged: nothing honest to
compare with.
"""

from __future__ import annotations

import copy

from training.doctor.findings import Finding, Fix
from training.doctor.preflight.context import Context
from training.insight.lora_size import largest_module
from training.insight.memory import DeviceMemory, per_device
from training.insight.quantities import device_memory
from training.insight.scaling import global_batch, keeping_accumulation
from training.insight.schedule import effective_batch, horizon
from training.insight.sharding import Sharding, sharding

NEAR = 0.8  # the `memory` warning's share of the device: close enough that the estimate's roughness matters


def gpu_only(config) -> bool:
    """DeepSpeed and FSDP run on GPUs only, and fp16 does too (bf16 also runs on some CPUs)."""
    return sharding(config).engine != "ddp" or config.training.mixed_precision == "fp16"


def sharing(ctx: Context) -> int:
    """How many processes the compared memory holds: one on a GPU; on a CPU every process of this machine."""
    return ctx.config.training.num_processes if ctx.memory_kind == "ram" else 1


def need_gib(ctx: Context) -> float | None:
    q = ctx.quantities
    return q.memory_gib * sharing(ctx) if q.memory_gib else None


def _estimate(ctx: Context, **training: object) -> DeviceMemory | None:
    """The same estimate for this config with some training fields changed (checkpointing on, a smaller batch)."""
    q, changed = ctx.quantities, copy.deepcopy(ctx.config)
    for key, value in training.items():
        setattr(changed.training, key, value)
    return device_memory(changed, q.total_parameters, q.trainable_parameters)


def _zero3(ctx: Context, m: DeviceMemory) -> float:
    """GiB of training state a device would hold with every part split over the job's processes (DeepSpeed ZeRO-3,
    FSDP FULL_SHARD), before its activations."""
    config, q = ctx.config, ctx.quantities
    split = Sharding("fsdp" if m.engine == "fsdp" else "deepspeed", 3, config.training.total_processes)
    largest = largest_module(config.model.name_or_path, config.task)
    return per_device(config, q.total_parameters, q.trainable_parameters, 0, split, largest).state


def _batch_that_fits(ctx: Context, have: float) -> tuple[int, float] | None:
    """The largest divisor of the per-device batch below it whose estimate fits (a divisor, so a whole
    accumulation keeps the global batch), with that estimate; None when none does or GradCache sets the size."""
    t = ctx.config.training
    if ctx.config.loss.gradcache_mini_batch_size:
        return None
    for batch in range(t.per_device_train_batch_size - 1, 0, -1):
        if t.per_device_train_batch_size % batch == 0:
            m = _estimate(ctx, per_device_train_batch_size=batch)
            if m is not None and m.total * sharing(ctx) <= have:
                return batch, m.total * sharing(ctx)
    return None


def memory_over(ctx: Context) -> list[Finding]:
    """The estimate is over what the device has: certain when the training state alone is (error), an estimate's
    call when the activations make the difference (warning), with the change that fits where one does."""
    m, have, need = ctx.quantities.device_memory, ctx.memory_gib, need_gib(ctx)
    if m is None or not have or need is None or need <= have:
        return []
    t, per = ctx.config.training, sharing(ctx)
    values: dict = {
        "need_gib": need,
        "have_gib": have,
        "device": ctx.memory_kind,
        "holder": f"{ctx.memory_kind}_holds",  # the parts below: one GPU's, or every process of this machine's
        "sharing": per,
        "parameters_gib": m.parameters * per,
        "gradients_gib": m.gradients * per,
        "optimizer_gib": m.optimizer * per,
        "gathered_gib": m.gathered * per,
        "activations_gib": m.activations * per,
        "engine": m.engine,
        "stage": m.stage,
        "shards": m.shards,
        "batch": t.per_device_train_batch_size,
    }
    if m.state * per > have:
        if m.stage < 3 and t.total_processes > 1 and ctx.memory_kind == "gpu":  # DeepSpeed and FSDP: GPUs
            values |= {"case": "state_zero3", "zero3_gib": _zero3(ctx, m) * per, "processes": t.total_processes}
        else:
            values["case"] = "state"
        return [Finding("device_memory", "error", values)]
    if not t.gradient_checkpointing:
        checkpointed = _estimate(ctx, gradient_checkpointing=True)
        if checkpointed is not None and checkpointed.total * per <= have:
            values |= {"case": "checkpointing", "fit_gib": checkpointed.total * per}
            return [Finding("device_memory", "warning", values, Fix("training.gradient_checkpointing", True))]
    fits = _batch_that_fits(ctx, have)
    if fits is None:
        return [Finding("device_memory", "warning", values | {"case": "none"})]
    batch, fit = fits
    keep = t.gradient_accumulation_steps * t.per_device_train_batch_size // batch
    values |= {"case": "batch", "fit_gib": fit, "fit_batch": batch, "keep_accumulation": keep}
    return [Finding("device_memory", "warning", values, Fix("training.per_device_train_batch_size", batch))]


def global_batch_change(ctx: Context) -> list[Finding]:
    """Against the last run of the same dataset and task: the same per-device batch and accumulation over another
    number of processes is another global batch, so the LR meets other steps and an epoch has other step counts,
    without any field of the optimiser having changed. The fix keeps the old global batch where a whole
    accumulation gives it."""
    last = ctx.last_run
    if last is None:
        return []
    a, b = last.config.training, ctx.config.training
    same = (a.per_device_train_batch_size, a.gradient_accumulation_steps) == (
        b.per_device_train_batch_size,
        b.gradient_accumulation_steps,
    )
    if not same or a.total_processes == b.total_processes:
        return []
    before, after = effective_batch(last.config), ctx.quantities.effective_batch
    try:
        steps_before = horizon(last.config, ctx.train_rows).total_steps
    except ValueError:  # its length depends on rows nobody counted
        return []
    scaled, keep = global_batch(ctx.config, reference=before), keeping_accumulation(ctx.config, before)
    values = {
        "case": "keep" if keep else "uneven",
        "run": last.run,
        "before": before,
        "after": after,
        "batch": b.per_device_train_batch_size,
        "accumulation": b.gradient_accumulation_steps,
        "processes_before": a.total_processes,
        "processes_after": b.total_processes,
        "ratio": after / before,
        "lr": b.learning_rate,
        "lr_before": a.learning_rate,
        "linear_lr": scaled.linear_lr,
        "sqrt_lr": scaled.sqrt_lr,
        "steps_before": steps_before,
        "steps_after": ctx.span.total_steps,
        "seen_before": steps_before * before,
        "seen_after": ctx.span.total_steps * after,
    }
    fix = Fix("training.gradient_accumulation_steps", keep) if keep else None
    return [Finding("global_batch_change", "warning", values, fix)]
