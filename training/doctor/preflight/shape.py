"""Preflight rules on the run's shape: warmup, learning rate, batch, logging and evaluation intervals, length."""

from __future__ import annotations

import math

from training.doctor.findings import Finding, Fix
from training.doctor.preflight.context import Context
from training.insight.explain import lr_change, lr_place, notation, parts, usual_lr
from training.insight.schedule import horizon, learning_rates, marker

MIN_STEPS = 20  # fewer optimiser steps than this barely move a model from its start


def warmup(ctx: Context) -> list[Finding]:
    """The LR is below its peak during warmup: judging a run there judges a run that has not started yet."""
    t, span = ctx.config.training, ctx.span
    if span.warmup_steps == 0:
        return []
    rates = learning_rates(ctx.config, span)
    judge = t.eval_steps if 0 < t.eval_steps < span.warmup_steps else None
    share = span.warmup_steps / span.total_steps
    if judge is None and share <= 0.2:
        return []
    at = marker(rates, t.learning_rate, judge or span.warmup_steps // 2)  # the Configure tab's marker, same share
    target = max(1, (t.eval_steps or span.total_steps // 10) // 2)
    ratio = round(target / span.total_steps, 3)
    values = {
        "case": "first_eval" if judge else "midway",
        "step": at.step,
        "lr": at.rate,
        "peak": t.learning_rate,
        "lr_share": at.share,
        "warmup_ratio": t.warmup_ratio,
        "total_steps": span.total_steps,
        "warmup_steps": span.warmup_steps,
        "warmup_share": share,
        "fix_steps": round(ratio * span.total_steps),
    }
    return [Finding("warmup", "warning", values, Fix("training.warmup_ratio", ratio))]


def learning_rate(ctx: Context) -> list[Finding]:
    """Outside the usual range for this way of training (explain.USUAL_LR); the fix is the nearer end of it."""
    t = ctx.config.training
    way, usual = usual_lr(ctx.config)
    place = lr_place(t.learning_rate, usual)
    found = []
    if place != "inside":
        low = place == "below"
        values = {
            "case": "lora" if ctx.config.lora.use_lora else "full",
            "learning_rate": t.learning_rate,
            "place": "low" if low else "high",
            "low": usual.low,
            "high": usual.high,
        }
        fix = Fix("training.learning_rate", usual.low if low else usual.high)
        found.append(Finding("learning_rate", "warning", values, fix))
    before = ctx.previous.training.learning_rate if ctx.previous is not None else t.learning_rate
    if before != t.learning_rate:
        found.append(Finding("learning_rate_change", "info", lr_change_values(before, t.learning_rate)))
    return found


def lr_change_values(before: float, after: float) -> dict:
    """How far and which way, and whether the notation misleads (explain.notation: when the leading digits and the
    exponent point different ways, 5e-5 → 2e-4 looks smaller and is 4× higher; the exponent decides)."""
    change = lr_change(before, after)
    values = {"before": before, "after": after}
    if change.ratio is None:
        return {"case": "zero", **values}
    (mb, eb), (ma, ea) = parts(before), parts(after)
    kind = notation(change)
    extra = {"digits_before": float(mb), "digits_after": float(ma), "exponent_before": eb, "exponent_after": ea}
    return {
        "case": change.direction + (f"_{kind}" if kind else ""),
        **values,
        "direction": change.direction,
        "ratio": change.ratio,
        **extra,
    }


def batch(ctx: Context) -> list[Finding]:
    """MNRL learns from the other queries' positives in the batch: a small batch gives few negatives."""
    t, q = ctx.config.training, ctx.quantities
    found = []
    if ctx.config.task == "embedding" and t.per_device_train_batch_size < 8:
        values = {"batch": t.per_device_train_batch_size, "in_batch_negatives": q.in_batch_negatives}
        found.append(
            Finding("batch_small", "warning", values, Fix("training.per_device_train_batch_size", 16)),
        )
    if ctx.train_rows and q.effective_batch > ctx.train_rows:
        values = {
            "batch": t.per_device_train_batch_size,
            "accumulation": t.gradient_accumulation_steps,
            "processes": t.total_processes,
            "effective_batch": q.effective_batch,
            "train_rows": ctx.train_rows,
        }
        fix = Fix("training.per_device_train_batch_size", max(2, ctx.train_rows // 8))
        found.append(Finding("batch_large", "error", values, fix))
    return found


def intervals(ctx: Context) -> list[Finding]:
    t, total = ctx.config.training, ctx.span.total_steps
    found = []
    if t.logging_steps > total:
        values = {"logging_steps": t.logging_steps, "total_steps": total}
        found.append(Finding("logging", "warning", values, Fix("training.logging_steps", max(1, total // 20))))
    if t.eval_steps > total:
        values = {"eval_steps": t.eval_steps, "total_steps": total}
        found.append(Finding("eval", "warning", values, Fix("training.eval_steps", max(1, total // 4))))
    if total < MIN_STEPS:
        found.append(few_steps(ctx))
    if t.max_steps <= 0 and t.num_train_epochs > 10 and ctx.train_rows and ctx.train_rows < 5000:
        values = {"epochs": t.num_train_epochs, "train_rows": ctx.train_rows}
        found.append(Finding("many_epochs", "warning", values, Fix("training.num_train_epochs", 5.0)))
    return found


def few_steps(ctx: Context) -> Finding:
    """The run's length as the trainer computes it (schedule.horizon, which the LR preview uses), and the fix on the
    field that sets it: with max_steps set, more epochs change nothing."""
    t, q, total = ctx.config.training, ctx.quantities, ctx.span.total_steps
    per_epoch = horizon(ctx.config, ctx.train_rows).steps_per_epoch if ctx.train_rows else ctx.span.steps_per_epoch
    values = {
        "total_steps": total,
        "max_steps": t.max_steps,
        "epochs": t.num_train_epochs,
        "train_rows": ctx.train_rows,
        "effective_batch": q.effective_batch,
        "batch": t.per_device_train_batch_size,
        "accumulation": t.gradient_accumulation_steps,
        "processes": t.total_processes,
        "per_epoch": per_epoch,
    }
    fix = None
    if t.max_steps > 0:
        case = "max_steps_epochs" if per_epoch else "max_steps"
        if per_epoch:
            values["run_epochs"] = total / per_epoch
        fix = Fix("training.max_steps", MIN_STEPS)
    elif per_epoch:
        case, epochs = "epochs", math.ceil(MIN_STEPS / per_epoch)
        values["fix_steps"] = epochs * per_epoch
        fix = Fix("training.num_train_epochs", float(epochs))
    else:
        case = "unknown"
    return Finding("few_steps", "warning", {"case": case, **values}, fix)
