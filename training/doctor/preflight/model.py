"""Preflight rules on the model and the machine: precision without a GPU, memory, LoRA's layers and targets, and the
one-batch probe's initial loss."""

from __future__ import annotations

from training.config.rules import precision_rule
from training.doctor.findings import Finding, Fix
from training.doctor.preflight.context import Context
from training.doctor.preflight.devices import NEAR, need_gib
from training.doctor.probe import PROBE_RATIO
from training.insight.lora_size import last_layers, layer_count, lora_parameters


def hardware(ctx: Context) -> list[Finding]:
    t, found = ctx.config.training, []
    if precision_rule(ctx.config, ctx.cuda, ctx.cpu_bf16):
        values = {"precision": t.mixed_precision}
        found.append(Finding("fp16_cpu", "error", values, Fix("training.mixed_precision", "auto")))
    need, have = need_gib(ctx), ctx.memory_gib
    if need and have and not t.gradient_checkpointing and NEAR * have < need <= have:  # over it: devices.py
        values = {"need_gib": need, "have_gib": have}
        found.append(Finding("memory", "warning", values, Fix("training.gradient_checkpointing", True)))
    return found


def lora_layers(ctx: Context) -> list[Finding]:
    """peft finds the layer index in the module name (model.layers.35.mlp), so -1 or an index past the last layer
    selects nothing there; the fix is the same number of layers counted from the top of this model."""
    lora = ctx.config.lora
    n = layer_count(ctx.config.model.name_or_path)
    wanted = sorted(set(lora.layers_to_transform))
    outside = [i for i in wanted if i < 0 or (n is not None and i >= n)]
    if not outside:
        return []
    top = last_layers(ctx.config.model.name_or_path, len(wanted)) or []  # the Configure tab's one-click fix
    values = {"case": "known" if n else "unknown", "outside": outside, "wanted": wanted, "layers": n}
    if n:
        values["last"] = n - 1
    if top:
        values["count"] = len(top)
    fix = Fix("lora.layers_to_transform", top) if top else None
    return [Finding("lora_layers", "error", values, fix)]


def lora(ctx: Context) -> list[Finding]:
    """Which modules get an adapter, by peft's own rule on the class the task's run builds; the reason when none."""
    config = ctx.config
    if not config.lora.use_lora:
        return []
    if config.lora.layers_to_transform and (found := lora_layers(ctx)):
        return found
    try:
        lora_parameters(
            config.model.name_or_path,
            config.lora.target_modules,
            config.lora.r,
            config.lora.layers_to_transform,
            config.task,
        )
    except (OSError, ValueError) as exc:
        return [Finding("lora_targets", "error", {"message": str(exc)})]  # peft's or the reader's own words
    return []


def initial_loss(ctx: Context) -> list[Finding]:
    p = ctx.probe
    if p is None or p.ratio <= PROBE_RATIO:
        return []
    values = {
        "case": p.task,
        "loss": p.loss,
        "chance": p.chance,
        "ratio": p.ratio,
        "candidates": p.candidates,
        "batch": p.batch,
    }
    return [Finding("initial_loss", "error", values)]
