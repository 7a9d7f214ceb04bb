"""Rules that read a config, the dataset's statistics and, on request, a one-batch probe, before any step runs.

Each rule returns findings with the numbers that show the problem and, where one exists, the config edit that
fixes it. Typical ranges come with their source so a user can judge the advice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from datasets_spec.stats import shared_positive_chance
from training.config.studio import StudioConfig
from training.doctor.findings import Finding, Fix
from training.doctor.probe import PROBE_RATIO, ProbeResult
from training.insight.explain import lr_place, number_words, relative, short, step_change, usual_lr
from training.insight.lora_size import layer_count, lora_parameters, spans
from training.insight.quantities import Quantities
from training.insight.schedule import Horizon, horizon, learning_rates

MIN_STEPS = 20  # fewer optimiser steps than this barely move a model from its start


@dataclass
class Context:
    config: StudioConfig
    span: Horizon
    quantities: Quantities
    stats: dict | None = None
    previous: StudioConfig | None = None
    probe: ProbeResult | None = None
    train_rows: int | None = None
    cuda: bool = False
    memory_gib: float | None = None  # what the device has


def warmup(ctx: Context) -> list[Finding]:
    """The LR is below its peak during warmup: judging a run there judges a run that has not started yet."""
    t, span = ctx.config.training, ctx.span
    if span.warmup_steps == 0:
        return []
    rates = learning_rates(ctx.config, span)
    peak = max(rates)
    judge = t.eval_steps if 0 < t.eval_steps < span.warmup_steps else None
    share = span.warmup_steps / span.total_steps
    if judge is None and share <= 0.2:
        return []
    step = judge or span.warmup_steps // 2
    target = max(1, (t.eval_steps or span.total_steps // 10) // 2)
    ratio = round(target / span.total_steps, 3)
    where = f"at step {step:,} (the first evaluation)" if judge else f"at step {step:,}"
    return [
        Finding(
            "warmup",
            "warning",
            f"Warmup is long: {where} the LR is only {rates[step] / peak:.0%} of its peak",
            f"warmup_ratio {t.warmup_ratio:g} of {span.total_steps:,} steps = {span.warmup_steps:,} warmup steps "
            f"({share:.0%} of the run); {where} the LR is {rates[step]:.3g} = {rates[step] / peak:.0%} of {peak:.3g}",
            "a loss that looks stuck during warmup is the schedule, not the data; a long warmup also spends a large "
            "part of the budget below the learning rate you chose",
            Fix(
                "training.warmup_ratio",
                ratio,
                f"set warmup_ratio to {ratio:g} ({round(ratio * span.total_steps)} steps)",
            ),
        )
    ]


def learning_rate(ctx: Context) -> list[Finding]:
    """Outside the usual range for this way of training (explain.USUAL_LR); the fix is the nearer end of it."""
    t = ctx.config.training
    way, usual = usual_lr(ctx.config)
    place = lr_place(t.learning_rate, usual)
    found = []
    if place != "inside":
        low = place == "below"
        end, value = ("low", usual.low) if low else ("high", usual.high)
        span = f"{short(usual.low)} to {short(usual.high)}"
        found.append(
            Finding(
                "learning_rate",
                "warning",
                f"Learning rate {short(t.learning_rate)} is {'low' if low else 'high'} for {way}",
                f"learning_rate {number_words(t.learning_rate)}; the usual {way} range is {span}",
                f"{usual.source}. Too high diverges or forgets; too low barely moves in the steps you have",
                Fix(
                    "training.learning_rate",
                    value,
                    f"set learning_rate to {short(value)}, the {end} end of the usual {way} range {span}",
                ),
            )
        )
    before = ctx.previous.training.learning_rate if ctx.previous is not None else t.learning_rate
    if before != t.learning_rate:
        found.append(
            Finding(
                "learning_rate_change",
                "info",
                f"You changed the learning rate: {relative(t.learning_rate, before, 'the previous')}",
                f"learning_rate {number_words(before)} → {number_words(t.learning_rate)}",
                step_change(before, t.learning_rate),
            )
        )
    return found


def batch(ctx: Context) -> list[Finding]:
    """MNRL learns from the other queries' positives in the batch: a small batch gives few negatives."""
    t, q = ctx.config.training, ctx.quantities
    found = []
    if ctx.config.task == "embedding" and t.per_device_train_batch_size < 8:
        found.append(
            Finding(
                "batch_small",
                "warning",
                f"Only {q.in_batch_negatives} in-batch negatives per query",
                f"per_device_train_batch_size {t.per_device_train_batch_size}: each query is contrasted with "
                f"{q.in_batch_negatives} other passages (gradient accumulation does not add negatives)",
                "MultipleNegativesRankingLoss gets better with larger batches (sentence-transformers docs: "
                "as large as fits, 32+ is common)",
                Fix("training.per_device_train_batch_size", 16, "set the batch size to 16"),
            )
        )
    if ctx.train_rows and q.effective_batch > ctx.train_rows:
        found.append(
            Finding(
                "batch_large",
                "error",
                f"The effective batch ({q.effective_batch}) is larger than the data ({ctx.train_rows} rows)",
                f"{t.per_device_train_batch_size} × {t.gradient_accumulation_steps} × {t.num_processes} = "
                f"{q.effective_batch} > {ctx.train_rows}",
                "every step sees the whole dataset once: few steps, and one epoch is one update",
                Fix(
                    "training.per_device_train_batch_size",
                    max(2, ctx.train_rows // 8),
                    f"set the batch size to {max(2, ctx.train_rows // 8)}",
                ),
            )
        )
    return found


def intervals(ctx: Context) -> list[Finding]:
    t, total = ctx.config.training, ctx.span.total_steps
    found = []
    if t.logging_steps > total:
        value = max(1, total // 20)
        found.append(
            Finding(
                "logging",
                "warning",
                "The loss would never be logged",
                f"logging_steps {t.logging_steps} > {total} total steps",
                "no loss curve means no way to tell whether training works",
                Fix("training.logging_steps", value, f"set logging_steps to {value}"),
            )
        )
    if t.eval_steps > total:
        value = max(1, total // 4)
        found.append(
            Finding(
                "eval",
                "warning",
                "Validation would run only before and after training",
                f"eval_steps {t.eval_steps} > {total} total steps",
                "a curve of validation scores shows when to stop; two points do not",
                Fix("training.eval_steps", value, f"set eval_steps to {value}"),
            )
        )
    if total < MIN_STEPS:
        found.append(few_steps(ctx))
    if t.max_steps <= 0 and t.num_train_epochs > 10 and ctx.train_rows and ctx.train_rows < 5000:
        found.append(
            Finding(
                "many_epochs",
                "warning",
                f"{t.num_train_epochs:g} epochs over {ctx.train_rows} rows",
                "every example is seen more than 10 times",
                "small datasets memorise quickly: watch validation and stop when it turns",
                Fix("training.num_train_epochs", 5.0, "train 5 epochs"),
            )
        )
    return found


def few_steps(ctx: Context) -> Finding:
    """The run's length as the trainer computes it (schedule.horizon, which the LR preview uses), and the fix on the
    field that sets it: with max_steps set, more epochs change nothing."""
    t, q, total = ctx.config.training, ctx.quantities, ctx.span.total_steps
    per_epoch = horizon(ctx.config, ctx.train_rows).steps_per_epoch if ctx.train_rows else ctx.span.steps_per_epoch
    batch = (
        f"effective batch {q.effective_batch} = {t.per_device_train_batch_size} × {t.gradient_accumulation_steps} "
        f"accumulation × {t.num_processes} processes"
    )
    epoch = f"{ctx.train_rows} rows / {batch}, rounded up = {per_epoch} steps per epoch" if per_epoch else ""
    if t.max_steps > 0:
        evidence = f"max_steps {t.max_steps} sets the length (num_train_epochs {t.num_train_epochs:g} is not used)"
        if per_epoch:
            evidence += f"; {epoch}, so {total} steps = {total / per_epoch:.3g} epochs"
        fix = Fix("training.max_steps", MIN_STEPS, f"set max_steps to {MIN_STEPS}")
    elif per_epoch:
        epochs_now = f"{t.num_train_epochs:g} epoch{'' if t.num_train_epochs == 1 else 's'}"
        evidence = f"{epoch} × {epochs_now} = {total} steps"
        epochs = math.ceil(MIN_STEPS / per_epoch)
        fix = Fix("training.num_train_epochs", float(epochs), f"train {epochs} epochs ({epochs * per_epoch} steps)")
    else:
        evidence, fix = f"{t.num_train_epochs:g} epochs = {total} steps", None
    return Finding(
        "few_steps",
        "warning",
        f"Only {total} optimiser steps",
        evidence,
        "too few updates to move the model far from where it starts",
        fix,
    )


def truncation(ctx: Context) -> list[Finding]:
    if not ctx.stats:
        return []
    found = []
    for name, s in ctx.stats.get("lengths", {}).items():
        share = s.get("truncated_share", 0)
        if share > 0.1:
            target = min(8192, -(-s["p95"] // 32) * 32)
            found.append(
                Finding(
                    "truncation",
                    "warning",
                    f"{share:.0%} of {name} texts are cut at max_seq_length {s['max_len']}",
                    f"{name}: median {s['p50']}, 95th percentile {s['p95']}, longest {s['max']} "
                    f"({ctx.stats['length_unit']})",
                    "what is cut is never seen: the answer may be in the part that was dropped",
                    Fix("model.max_seq_length", target, f"set max_seq_length to {target} (covers 95%)"),
                )
            )
    return found


DATA_TASK = {"embedding": "retrieval", "sft": "sft", "classification": "classification"}
TASK_OF_DATA = {data: task for task, data in DATA_TASK.items()}


def task_fits_data(ctx: Context) -> list[Finding]:
    """An SFT config on retrieval pairs (or any other mix) fails at the first batch; say so before it starts."""
    data_task = (ctx.stats or {}).get("task")
    if not data_task or DATA_TASK[ctx.config.task] == data_task:
        return []
    return [
        Finding(
            "task_data",
            "error",
            f"task {ctx.config.task} cannot train on {data_task} data",
            f"task {ctx.config.task}; dataset {ctx.config.data.dataset} holds {data_task} examples",
            f"{ctx.config.task} needs {DATA_TASK[ctx.config.task]} examples; pick such a dataset, or the task that "
            "fits this one",
            Fix("task", TASK_OF_DATA[data_task], f"train {TASK_OF_DATA[data_task]} on this dataset"),
        )
    ]


def classes(ctx: Context) -> list[Finding]:
    if not ctx.stats or ctx.stats.get("task") != "classification":
        return []
    n, configured, found = ctx.stats["num_labels"], ctx.config.model.num_labels, []
    if configured and configured != n:
        found.append(
            Finding(
                "num_labels",
                "error",
                f"num_labels is {configured} but the data has {n} classes",
                f"model.num_labels {configured}; distinct labels in the data {n}",
                "a head smaller than the classes cannot represent them; a larger one spends probability "
                "on classes that never occur and shifts the initial loss away from ln C",
                Fix("model.num_labels", n, f"set num_labels to {n}"),
            )
        )
    if ctx.stats.get("rare_classes"):
        rare = [c["label"] for c in ctx.stats["classes"] if c["rare"]]
        found.append(
            Finding(
                "rare_classes",
                "warning",
                f"{len(rare)} classes have fewer than {ctx.stats['min_samples_per_class']} examples",
                ", ".join(f"{c['label']} ({c['count']})" for c in ctx.stats["classes"] if c["rare"])[:300],
                "a class seen a handful of times is guessed, and rarely appears in validation; store "
                "the dataset with min_samples_per_class to leave them out",
            )
        )
    return found


def popular_positives(ctx: Context) -> list[Finding]:
    if not ctx.stats or not ctx.stats.get("popular_positives"):
        return []
    share, b = ctx.stats["popular_positives"][0]["share"], ctx.config.training.per_device_train_batch_size
    collide = shared_positive_chance(share, b)
    if collide < 0.2:
        return []
    top = ctx.stats["popular_positives"][0]
    return [
        Finding(
            "duplicate_positives",
            "info",
            f"Two queries share passage {top['id']} in {collide:.0%} of batches",
            f"{top['id']} answers {top['queries']} queries ({share:.1%}); batch {b}",
            "MNRL would treat the shared passage as a wrong answer for one of them; the studio's "
            "no-duplicates batch sampler keeps such pairs apart, at the price of fuller, later batches",
        )
    ]


def hardware(ctx: Context) -> list[Finding]:
    t, q, found = ctx.config.training, ctx.quantities, []
    if t.mixed_precision in ("fp16", "bf16") and not ctx.cuda:
        found.append(
            Finding(
                "fp16_cpu",
                "error",
                f"{t.mixed_precision} is on, but there is no GPU",
                f"training.mixed_precision {t.mixed_precision}; torch.cuda.is_available() is false",
                "16-bit mixed precision needs a CUDA device here; the run refuses to start",
                Fix("training.mixed_precision", "auto", "let the studio choose (fp32 on this CPU)"),
            )
        )
    if q.memory_gib and ctx.memory_gib and not t.gradient_checkpointing and q.memory_gib > 0.8 * ctx.memory_gib:
        found.append(
            Finding(
                "memory",
                "warning",
                f"About {q.memory_gib:.1f} GiB needed of {ctx.memory_gib:.0f} GiB",
                "weights + optimiser state + activations at this batch and length (rough estimate)",
                "running out of memory mid-run loses the run; checkpointing trades ~30% time for most of "
                "the activation memory",
                Fix("training.gradient_checkpointing", True, "turn gradient checkpointing on"),
            )
        )
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
    top = list(range(max(0, n - len(wanted)), n)) if n else []
    return [
        Finding(
            "lora_layers",
            "error",
            f"lora.layers_to_transform {outside} selects no layer of this model",
            f"layers_to_transform {wanted}; this model has "
            + (f"{n} layers, numbered 0 to {n - 1}" if n else "a layer count that cannot be read offline"),
            "peft finds the layer index in the module name (model.layers.3.self_attn), so an index counts from 0: "
            "-1 is no layer's name and matches nothing, and neither does an index past the last layer",
            Fix("lora.layers_to_transform", top, f"adapt the last {len(top)} of its {n} layers ({spans(top)})")
            if top
            else None,
        )
    ]


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
        return [
            Finding(
                "lora_targets",
                "error",
                "LoRA parameters cannot be counted",
                str(exc),
                "peft would refuse to start when no module matches; a model that cannot be read here cannot be "
                "checked",
            )
        ]
    return []


def initial_loss(ctx: Context) -> list[Finding]:
    p = ctx.probe
    if p is None or p.ratio <= PROBE_RATIO:
        return []
    return [
        Finding(
            "initial_loss",
            "error",
            f"Initial loss {p.loss:.3g} vs chance {p.chance:.3g} ({p.ratio:.0f}×)",
            f"one forward pass, {p.what}: loss {p.loss:.4g}; a model that guesses scores ln {p.candidates} = "
            f"{p.chance:.3g}",
            "logits are far too large: the new head's initialisation or scale, the label mapping, or a too "
            "low temperature is wrong; the first steps would be spent undoing it",
        )
    ]


RULES = [
    task_fits_data,
    warmup,
    learning_rate,
    batch,
    intervals,
    truncation,
    classes,
    popular_positives,
    hardware,
    lora,
    initial_loss,
]


def preflight(ctx: Context) -> list[Finding]:
    """Every rule's findings, errors first."""
    findings = [f for rule in RULES for f in rule(ctx)]
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order[f.severity])
