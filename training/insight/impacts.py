"""What changing one config field does, in numbers: one function per field, each returning a rule id and its numbers.

`training.insight.diff` calls these for every field that differs. The words live in the studio's string table
(studio/strings/insight.py); a value that is itself a phrase is a dict with an "id" of the same table, so
"effective batch 128 → 128 (unchanged)" travels as effective(a=128, b=128, change=unchanged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from training.config import hardware
from training.config.rules import auto_precision
from training.config.studio import StudioConfig
from training.insight.explain import NOTHING, lr_change, phrase, times
from training.insight.quantities import Quantities, lora_scale, quantities, texts_per_row
from training.insight.schedule import Horizon, horizon

FLOOR_SCHEDULES = ("cosine_with_min_lr", "warmup_stable_decay")  # the schedules that read min_lr_rate
BOOKKEEPING = (
    "training.per_device_eval_batch_size",
    "training.logging_steps",
    "training.eval_steps",
    "training.save_steps",
    "training.save_total_limit",
    "training.report_to",
)


@dataclass(frozen=True)
class Side:
    """One config and its derived numbers; `length_known` is False when max_steps is -1 and no rows were given."""

    config: StudioConfig
    q: Quantities
    length_known: bool
    rows_known: bool


def measure(config: StudioConfig, rows: int | None) -> Side:
    if rows is not None and rows < 1:
        raise ValueError(f"rows = {rows}: the number of training rows must be >= 1")
    try:
        span, known = horizon(config, rows), True
    except ValueError:
        # A one-step placeholder: the numbers that don't depend on the length still count; the rest show as unknown.
        span, known = Horizon(total_steps=1, warmup_steps=0, steps_per_epoch=None), False
    return Side(config, quantities(config, span), known, rows is not None)


def _ratio(va: float, vb: float, more: str = "higher", less: str = "lower") -> dict[str, Any]:
    """`2× higher`, `4× fewer`: the ratio is always ≥ 1 and the id says which way; the number is `lr_change`'s, so
    Compare's "4× higher" is the one the Configure tab and the doctor say."""
    if va == vb:
        return phrase("unchanged")
    change = lr_change(va, vb)
    if change.ratio is None:  # from or to 0: no "times" between them
        return phrase("from_to", a=va, b=vb)
    return phrase(f"ratio_{more if change.direction == 'higher' else less}", times=change.ratio)


def _as_far(ratio: float) -> dict[str, Any]:
    named = {0.5: "far_half", 2.0: "far_twice", 0.25: "far_quarter"}
    if ratio in named:
        return phrase(named[ratio])
    return phrase("far_times", times=ratio) if ratio > 1 else phrase("far_fraction", n=times(1 / ratio)[:-1])


def _effective(sa: Side, sb: Side) -> dict[str, Any]:
    ea, eb = sa.q.effective_batch, sb.q.effective_batch
    return phrase("effective", a=ea, b=eb, change=_ratio(ea, eb, "larger", "smaller"))


def _schedule(side: Side) -> dict[str, Any]:
    t = side.config.training
    shape = phrase(f"shape_{t.lr_scheduler_type}", floor_pct=t.min_lr_rate, decay_pct=t.decay_ratio)
    if t.lr_scheduler_type == "constant":
        return phrase("schedule_constant")  # transformers' constant ignores warmup
    return phrase("schedule_warmup", warmup_pct=t.warmup_ratio, shape=shape) if t.warmup_ratio else shape


def _final_lr(sa: Side, sb: Side) -> dict[str, Any]:
    if not (sa.length_known and sb.length_known):
        return NOTHING
    return phrase("final_lr", a=sa.q.final_lr, b=sb.q.final_lr)


def _params(sa: Side, sb: Side) -> tuple[int | None, int | None]:
    return sa.q.trainable_parameters, sb.q.trainable_parameters


# ---- one impact per field -----------------------------------------------------------------------------------------

Impact = Callable[[Side, Side, Any, Any], dict[str, Any]]


def _generic(sa: Side, sb: Side, va: Any, vb: Any) -> dict[str, Any]:
    if isinstance(va, (int, float)) and not isinstance(va, bool):
        return phrase("generic", change=_ratio(va, vb))
    return phrase("changed")


def _learning_rate(sa: Side, sb: Side, va: float, vb: float) -> dict[str, Any]:
    return phrase("learning_rate", change=_ratio(va, vb), far=_as_far(vb / va))


def _rank(sa: Side, sb: Side, va: int, vb: int) -> dict[str, Any]:
    if not (sa.config.lora.use_lora or sb.config.lora.use_lora):
        return phrase("rank_no_lora")
    ka, kb = lora_scale(sa.config.lora), lora_scale(sb.config.lora)  # the scale `meanings` shows
    scale = phrase("scale_same", k=ka) if ka == kb else phrase("scale_moves", a=ka, b=kb)
    pa, pb = _params(sa, sb)
    if pa and pb and sa.config.lora.use_lora and sb.config.lora.use_lora:
        return phrase("rank_counted", times=pb / pa, a=pa, b=pb, scale=scale)
    return phrase("rank_per_layer", times=vb / va, scale=scale)


def _alpha(sa: Side, sb: Side, va: int, vb: int) -> dict[str, Any]:
    ra, rb = sa.config.lora.r, sb.config.lora.r
    ka, kb = lora_scale(sa.config.lora), lora_scale(sb.config.lora)
    numbers = {"alpha_a": va, "r_a": ra, "k_a": ka, "alpha_b": vb, "r_b": rb, "k_b": kb}
    if ka == kb:
        return phrase("alpha_same", **numbers)
    return phrase("alpha_moves", **numbers, change=_ratio(ka, kb, "stronger", "weaker"))


def _batch(sa: Side, sb: Side, va: int, vb: int) -> dict[str, Any]:
    na, nb = sa.q.in_batch_negatives, sb.q.in_batch_negatives
    negatives = NOTHING if na is None or nb is None else phrase("negatives", a=na, b=nb)
    return phrase(
        "batch", change=_ratio(va, vb, "larger", "smaller"), effective=_effective(sa, sb), negatives=negatives
    )


def _accumulation(sa: Side, sb: Side, va: int, vb: int) -> dict[str, Any]:
    return phrase("accumulation", change=_ratio(va, vb, "more", "fewer"), effective=_effective(sa, sb))


def _processes(sa: Side, sb: Side, va: int, vb: int) -> dict[str, Any]:
    return phrase("processes", effective=_effective(sa, sb))


def _warmup(sa: Side, sb: Side, va: float, vb: float) -> dict[str, Any]:
    known = sa.length_known and sb.length_known
    steps = phrase("warmup_steps", a=sa.q.warmup_steps, b=sb.q.warmup_steps) if known else NOTHING
    ignored = [n for n, s in (("A", sa), ("B", sb)) if s.config.training.lr_scheduler_type == "constant"]
    if len(ignored) == 2:
        ignores = phrase("ignored_both")
    else:
        ignores = phrase("ignored_one", side=ignored[0]) if ignored else NOTHING
    return phrase("warmup", a_pct=va, b_pct=vb, steps=steps, ignored=ignores)


def _scheduler(sa: Side, sb: Side, va: str, vb: str) -> dict[str, Any]:
    return phrase("scheduler", a=_schedule(sa), b=_schedule(sb), final=_final_lr(sa, sb))


def _floor(side: Side) -> dict[str, Any]:
    t = side.config.training
    if t.lr_scheduler_type in FLOOR_SCHEDULES:
        return phrase("floor", floor_pct=t.min_lr_rate)
    return phrase("floor_none", schedule=t.lr_scheduler_type)


def _min_lr(sa: Side, sb: Side, va: float, vb: float) -> dict[str, Any]:
    if not {s.config.training.lr_scheduler_type for s in (sa, sb)} & set(FLOOR_SCHEDULES):
        return phrase("min_lr_unused")
    return phrase("min_lr", a=_floor(sa), b=_floor(sb), final=_final_lr(sa, sb))


def _decay_ratio(sa: Side, sb: Side, va: float, vb: float) -> dict[str, Any]:
    if "warmup_stable_decay" not in {s.config.training.lr_scheduler_type for s in (sa, sb)}:
        return phrase("decay_unused")
    return phrase("decay", a_pct=va, b_pct=vb)


def _epochs(sa: Side, sb: Side, va: float, vb: float) -> dict[str, Any]:
    if sa.config.training.max_steps > 0 and sb.config.training.max_steps > 0:
        return phrase("epochs_unused")
    if sa.length_known and sb.length_known:
        ta, tb = sa.q.total_steps, sb.q.total_steps
        return phrase("epochs", times=tb / ta, a=ta, b=tb)
    return phrase("epochs_passes", times=vb / va)


def _max_steps(sa: Side, sb: Side, va: int, vb: int) -> dict[str, Any]:
    def length(n: int) -> dict[str, Any]:
        return phrase("steps_n", n=n) if n > 0 else phrase("steps_epochs")

    known = sa.length_known and sb.length_known
    total = phrase("total_steps", a=sa.q.total_steps, b=sb.q.total_steps) if known else NOTHING
    return phrase("max_steps", a=length(va), b=length(vb), total=total)


def _weight_decay(sa: Side, sb: Side, va: float, vb: float) -> dict[str, Any]:
    la, lb = sa.config.training.learning_rate, sb.config.training.learning_rate
    sha, shb = la * va, lb * vb  # AdamW shrinks each weight by lr × weight_decay of itself per step
    shrink = phrase("shrink", change=_ratio(sha, shb, "more", "less")) if sha and shb and sha != shb else NOTHING
    return phrase("weight_decay", change=_ratio(va, vb, "stronger", "weaker"), a=sha, b=shb, shrink=shrink)


def _seq_length(sa: Side, sb: Side, va: int, vb: int) -> dict[str, Any]:
    if vb > va:
        return phrase("seq_longer", change_signed_pct=vb / va - 1, times_attention=(vb / va) ** 2)
    return phrase("seq_shorter", change_signed_pct=vb / va - 1)


def _use_lora(sa: Side, sb: Side, va: bool, vb: bool) -> dict[str, Any]:
    pa, pb = _params(sa, sb)
    count = phrase("trainable", a=pa, b=pb) if pa and pb else NOTHING
    return phrase("to_lora" if vb else "to_full", count=count)


def _placement(sa: Side, sb: Side, va: Any, vb: Any) -> dict[str, Any]:
    pa, pb = _params(sa, sb)
    return phrase("placement_counted", a=pa, b=pb, times=pb / pa) if pa and pb else phrase("placement")


def _temperature(sa: Side, sb: Side, va: float, vb: float) -> dict[str, Any]:
    return phrase("temperature_softer" if vb > va else "temperature_sharper", a=1 / va, b=1 / vb)


def _hard_negatives(sa: Side, sb: Side, va: str, vb: str) -> dict[str, Any]:
    ta, tb = texts_per_row(sa.config), texts_per_row(sb.config)  # "auto" as each side's dataset decides it
    return phrase("hard_negatives", a=ta, b=tb, change=_ratio(ta, tb, "more", "fewer"))


def _precision(sa: Side, sb: Side, va: str, vb: str) -> dict[str, Any]:
    """auto as this machine runs it for the second config's task (rules.auto_precision; on a GPU only whether it
    is 16-bit matters here)."""
    cuda = hardware.cuda()
    auto = auto_precision(sb.config.task, cuda=cuda, cuda_bf16=cuda, cpu_bf16=hardware.cpu_bf16())
    half = {"fp16", "bf16", *(["auto"] if auto != "no" else [])}
    if (va in half) == (vb in half):
        return phrase("precision_same")
    return phrase("precision_half" if vb in half else "precision_full")


def _fixed(rule: str) -> Impact:
    return lambda sa, sb, va, vb: phrase(rule)


def _switch(on: str, off: str) -> Impact:
    """A yes/no field: one id for turning it on, one for turning it off."""
    return lambda sa, sb, va, vb: phrase(on if vb else off)


def _from_to(rule: str, zero: str = "") -> Impact:
    """`{a} → {b}`, where 0 means `zero` (all, never) when given."""
    return lambda sa, sb, va, vb: phrase(
        rule, **{k: phrase(zero) if zero and not v else v for k, v in (("a", va), ("b", vb))}
    )


IMPACTS: dict[str, Impact] = {
    "task": _fixed("task"),
    "model.name_or_path": _fixed("model"),
    "model.max_seq_length": _seq_length,
    "model.num_labels": lambda sa, sb, va, vb: phrase(
        "num_labels" if "embedding" not in (sa.config.task, sb.config.task) else "num_labels_unused"
    ),
    "data.dataset": _fixed("dataset"),
    "data.max_train_samples": _from_to("max_train_samples", "all"),
    "lora.use_lora": _use_lora,
    "lora.r": _rank,
    "lora.lora_alpha": _alpha,
    "lora.lora_dropout": lambda sa, sb, va, vb: phrase("lora_dropout", a_pct=va, b_pct=vb),
    "lora.target_modules": _placement,
    "lora.layers_to_transform": _placement,
    "training.num_train_epochs": _epochs,
    "training.max_steps": _max_steps,
    "training.per_device_train_batch_size": _batch,
    "training.gradient_accumulation_steps": _accumulation,
    "training.num_processes": _processes,
    "training.num_machines": _processes,
    "training.machine_rank": _fixed("machine_place"),
    "training.main_process_ip": _fixed("machine_place"),
    "training.main_process_port": _fixed("machine_place"),
    "training.learning_rate": _learning_rate,
    "training.weight_decay": _weight_decay,
    "training.warmup_ratio": _warmup,
    "training.lr_scheduler_type": _scheduler,
    "training.min_lr_rate": _min_lr,
    "training.decay_ratio": _decay_ratio,
    "training.max_grad_norm": _from_to("max_grad_norm"),
    "training.seed": _fixed("seed"),
    "training.mixed_precision": _precision,
    "training.gradient_checkpointing": _switch("checkpointing_on", "checkpointing_off"),
    "loss.temperature": _temperature,
    "loss.use_hard_negatives": _hard_negatives,
    "training.accelerate_config": _fixed("accelerate_config"),
    "sft.completion_only_loss": _switch("completion_only_on", "completion_only_off"),
    "training.eval_corpus_size": _from_to("eval_corpus_size", "all"),
    "sft.eval_generations": _from_to("eval_generations"),
    "sft.max_new_tokens": _fixed("max_new_tokens"),
    "sft.json_schema": _fixed("json_schema"),
    "classification.min_samples_per_class": _from_to("min_samples_per_class"),
    "classification.class_weights": _switch("class_weights_on", "class_weights_off"),
    "early_stopping.patience": _from_to("patience", "never"),
    "early_stopping.metric": _fixed("early_stopping_metric"),
    "early_stopping.threshold": _fixed("early_stopping_threshold"),
    "early_stopping.load_best_model_at_end": _switch("load_best_on", "load_best_off"),
    **{path: _fixed("bookkeeping") for path in BOOKKEEPING},
}


def impact(path: str, sa: Side, sb: Side, va: Any, vb: Any) -> dict[str, Any]:
    """The impact of `path` going from `va` to `vb`: {"id": rule, **numbers}."""
    return IMPACTS.get(path, _generic)(sa, sb, va, vb)
