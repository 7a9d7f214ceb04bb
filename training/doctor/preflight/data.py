"""Preflight rules on the data: the task it fits, texts cut at max_seq_length, classes, positives shared by queries."""

from __future__ import annotations

from datasets_spec.stats import shared_positive_chance
from training.doctor.findings import Finding, Fix
from training.doctor.preflight.context import Context

DATA_TASK = {"embedding": "retrieval", "sft": "sft", "classification": "classification"}
TASK_OF_DATA = {data: task for task, data in DATA_TASK.items()}


def truncation(ctx: Context) -> list[Finding]:
    if not ctx.stats:
        return []
    found = []
    for name, s in ctx.stats.get("lengths", {}).items():
        share = s.get("truncated_share", 0)
        if share > 0.1:
            target = min(8192, -(-s["p95"] // 32) * 32)
            values = {
                "field": name,
                "share": share,
                "max_len": s["max_len"],
                "p50": s["p50"],
                "p95": s["p95"],
                "longest": s["max"],
                "unit": ctx.stats["length_unit"],
            }
            found.append(Finding("truncation", "warning", values, Fix("model.max_seq_length", target)))
    return found


def task_fits_data(ctx: Context) -> list[Finding]:
    """An SFT config on retrieval pairs (or any other mix) fails at the first batch; say so before it starts."""
    data_task = (ctx.stats or {}).get("task")
    if not data_task or DATA_TASK[ctx.config.task] == data_task:
        return []
    values = {
        "task": ctx.config.task,
        "data_task": data_task,
        "dataset": ctx.config.data.dataset,
        "needs": DATA_TASK[ctx.config.task],
    }
    return [Finding("task_data", "error", values, Fix("task", TASK_OF_DATA[data_task]))]


def classes(ctx: Context) -> list[Finding]:
    if not ctx.stats or ctx.stats.get("task") != "classification":
        return []
    n, configured, found = ctx.stats["num_labels"], ctx.config.model.num_labels, []
    if configured and configured != n:
        values = {"num_labels": configured, "classes": n}
        found.append(Finding("num_labels", "error", values, Fix("model.num_labels", n)))
    if ctx.stats.get("rare_classes"):
        rare = [[c["label"], c["count"]] for c in ctx.stats["classes"] if c["rare"]]
        values = {"count": len(rare), "min_samples": ctx.stats["min_samples_per_class"], "rare": rare}
        found.append(Finding("rare_classes", "warning", values))
    return found


def popular_positives(ctx: Context) -> list[Finding]:
    if not ctx.stats or not ctx.stats.get("popular_positives"):
        return []
    share, b = ctx.stats["popular_positives"][0]["share"], ctx.config.training.per_device_train_batch_size
    collide = shared_positive_chance(share, b)
    if collide < 0.2:
        return []
    top = ctx.stats["popular_positives"][0]
    values = {"passage": top["id"], "collide": collide, "queries": top["queries"], "share": share, "batch": b}
    return [Finding("duplicate_positives", "info", values)]
