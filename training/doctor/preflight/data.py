"""Preflight rules on the data: the task it fits, texts cut at max_seq_length, classes, positives shared by queries."""

from __future__ import annotations

from datasets_spec.stats import MAX_SEQ_LENGTH, shared_positive_chance
from training.doctor.findings import Finding, Fix
from training.doctor.preflight.context import Context

DATA_TASK = {"embedding": "retrieval", "sft": "sft", "classification": "classification"}
TASK_OF_DATA = {data: task for task, data in DATA_TASK.items()}
PROBED = ("embedding", "classification")  # tasks whose probe can time a step

CUT_SHARE = 0.1  # more than 10% of a field cut is a finding; a few outliers cut is the usual price of a length
# A length offered keeps 95% of the field whole (the statistics' p95), rounded up to a multiple of 8: fp16 / bf16
# matrix sizes in multiples of 8 keep GPU tensor cores busy, and 16 or 32 would add tokens with no speed-up on CPU.
MULTIPLE = 8
# The fields max_seq_length cuts, per data task: an SFT example is cut as one sequence, prompt and answer together.
CUT_FIELDS = {"retrieval": ("query", "passage"), "sft": ("conversation",), "classification": ("text",)}


def cut_fields(stats: dict | None) -> dict[str, dict]:
    """Each field's length statistics where more than 10% of it is cut, counted in tokens (characters say nothing
    about what max_seq_length cuts)."""
    if not stats or stats.get("length_unit") != "tokens":
        return {}
    lengths = stats.get("lengths", {})
    fields = [name for name in CUT_FIELDS.get(stats.get("task"), ()) if name in lengths]
    return {name: lengths[name] for name in fields if lengths[name].get("truncated_share", 0) > CUT_SHARE}


def offered_length(s: dict, limit: int | None) -> int:
    """The length keeping 95% of a field whole, rounded up to a multiple of 8, within what the model reads."""
    return min(-(-s["p95"] // MULTIPLE) * MULTIPLE, limit or MAX_SEQ_LENGTH, MAX_SEQ_LENGTH)


def offered_lengths(stats: dict | None, limit: int | None, current: int) -> tuple[int, ...]:
    """The lengths the truncation findings will offer: the probe times a step at each (and at `current`)."""
    return tuple(sorted({n for s in cut_fields(stats).values() if (n := offered_length(s, limit)) > current}))


def step_cost(ctx: Context, old: int, new: int) -> dict:
    """What a step pays for `new` tokens instead of `old`: the probe's timed passes when it timed both (× gradient
    accumulation: a step runs that many), else the tokens per step the Configure tab counts, at each length."""
    seconds = ctx.probe.seconds if ctx.probe else {}
    if old in seconds and new in seconds:
        passes = ctx.config.training.gradient_accumulation_steps
        before, after = passes * seconds[old], passes * seconds[new]
        return {"case": "measured", "seconds_before": before, "seconds_after": after, "seconds_added": after - before}
    tokens = ctx.quantities.tokens_per_step  # effective batch × texts per row × max_seq_length
    return {
        "case": "tokens" if ctx.config.task in PROBED else "no_probe",
        "tokens_before": tokens,
        "tokens_after": tokens * new // old,
        "tokens_added": tokens * new // old - tokens,
    }


def truncation(ctx: Context) -> list[Finding]:
    """More than 10% of queries, passages, conversations or texts longer than max_seq_length: the length that keeps
    95%, and what it costs a step. Queries are their own rule: their question often comes last."""
    found, current = [], ctx.config.model.max_seq_length
    limit = min(ctx.max_positions or MAX_SEQ_LENGTH, MAX_SEQ_LENGTH)
    for name, s in cut_fields(ctx.stats).items():
        rule = "query_truncation" if name == "query" else "truncation"
        values = {
            "field": name,
            "share": s["truncated_share"],
            "max_len": s["max_len"],
            "p50": s["p50"],
            "p95": s["p95"],
            "longest": s["max"],
            "unit": ctx.stats["length_unit"],
        }
        length = offered_length(s, limit)
        if length <= current:  # the model reads no further
            found.append(Finding(rule, "warning", {**values, "case": "at_limit", "limit": limit}))
            continue
        values.update(step_cost(ctx, current, length))
        found.append(Finding(rule, "warning", values, Fix("model.max_seq_length", length)))
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
