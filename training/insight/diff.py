"""Two configs side by side: which fields differ, what each change does in numbers, and what both configs imply.

The derived numbers come from `training.insight.quantities`, so the diff, the Configure panel and the doctor never
disagree.
A run whose length depends on the data (max_steps -1) needs the number of training rows; without it the diff says
so in the rows that depend on the length instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from training.config.studio import StudioConfig, field_specs, get_value
from training.insight.explain import number_words, times
from training.insight.quantities import Quantities, quantities, texts_per_row
from training.insight.schedule import Horizon, horizon

HEADERS = ["", "setting", "A", "B", "B vs A"]
NEEDS_ROWS = "needs the training rows (--rows N)"
NOT_READABLE = "the model is not readable here yet (not downloaded or converted), or no module matches"
NOT_EMBEDDING = "no in-batch negatives outside the embedding task"
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
class Change:
    path: str
    a: Any
    b: Any
    impact: str


@dataclass(frozen=True)
class Derived:
    key: str  # the `Quantities` field, or final_share (final LR / peak)
    label: str
    a: float | None
    b: float | None
    ratio: float | None  # b / a where both are numbers and a is not 0
    note: str = ""  # why a value is missing


@dataclass
class ConfigDiff:
    changes: list[Change]
    derived: list[Derived]
    notes: list[str]

    def to_dict(self) -> dict:
        return {
            "changed": [asdict(c) for c in self.changes],
            "derived": [asdict(d) for d in self.derived],
            "notes": list(self.notes),
        }

    def table(self) -> list[list[str]]:
        """Rows under `HEADERS` for a UI table: the changed fields first, then the derived numbers."""
        rows = [["changed", c.path, show(c.a), show(c.b), c.impact] for c in self.changes]
        for d in self.derived:
            rows.append(["derived", d.label, _show_derived(d, d.a), _show_derived(d, d.b), _versus(d)])
        return rows

    def text(self, a_name: str = "A", b_name: str = "B") -> str:
        lines = [f"A = {a_name}", f"B = {b_name}", ""] if (a_name, b_name) != ("A", "B") else []
        if self.changes:
            lines.append("Changed (A → B):")
            width = max(len(c.path) for c in self.changes)
            for c in self.changes:
                lines.append(f"  {c.path:<{width}}  {show(c.a)} → {show(c.b)}")
                lines.append(f"  {'':<{width}}  {c.impact}")
        else:
            lines.append("No field differs between A and B.")
        cells = [(d.label, _show_derived(d, d.a), _show_derived(d, d.b), _versus(d)) for d in self.derived]
        widths = [max(len(row[i]) for row in [("Derived:", "A", "B", ""), *cells]) for i in range(3)]
        lines += ["", f"{'Derived:':<{widths[0] + 2}}  {'A':>{widths[1]}}  {'B':>{widths[2]}}  B / A"]
        lines += [f"  {x:<{widths[0]}}  {a:>{widths[1]}}  {b:>{widths[2]}}  {v}" for x, a, b, v in cells]
        lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Side:
    config: StudioConfig
    q: Quantities
    length_known: bool
    rows_known: bool


def _measure(config: StudioConfig, rows: int | None) -> _Side:
    if rows is not None and rows < 1:
        raise ValueError(f"rows = {rows}: the number of training rows must be >= 1")
    try:
        span, known = horizon(config, rows), True
    except ValueError:
        # A one-step placeholder: the numbers that don't depend on the length still count; the rest show as unknown.
        span, known = Horizon(total_steps=1, warmup_steps=0, steps_per_epoch=None), False
    return _Side(config, quantities(config, span), known, rows is not None)


def diff(a: StudioConfig, b: StudioConfig, *, a_rows: int | None = None, b_rows: int | None = None) -> ConfigDiff:
    """What changes from `a` to `b`; `a_rows` / `b_rows` are the training rows, needed only when max_steps is -1."""
    sa, sb = _measure(a, a_rows), _measure(b, b_rows)
    changes = []
    for spec in field_specs():
        va, vb = get_value(a, spec.path), get_value(b, spec.path)
        if va != vb:
            changes.append(Change(spec.path, va, vb, _IMPACTS.get(spec.path, _generic)(sa, sb, va, vb)))
    unknown = [name for name, side in (("A", sa), ("B", sb)) if not side.length_known]
    notes = []
    if unknown:
        notes.append(
            f"{' and '.join(unknown)}: max_steps is -1, so the run's length depends on the data; give the number of "
            "training rows (--rows N) for steps, warmup and the final LR"
        )
    return ConfigDiff(changes, _derived(sa, sb), notes)


# ---- derived numbers ----------------------------------------------------------------------------------------------

# (Quantities field, label, needs the run's length, needs the training rows)
_DERIVED = [
    ("effective_batch", "effective batch", False, False),
    ("in_batch_negatives", "in-batch negatives per query", False, False),
    ("steps_per_epoch", "steps per epoch", False, True),
    ("total_steps", "total steps", True, False),
    ("warmup_steps", "warmup steps", True, False),
    ("final_lr", "final LR", True, False),
    ("final_share", "final LR / peak", True, False),
    ("trainable_parameters", "trainable parameters", False, False),
    ("trainable_share", "trainable share", False, False),
    ("tokens_per_step", "tokens per step, at most", False, False),
    ("memory_gib", "memory per process, rough (GiB)", False, False),
]


def _value(side: _Side, key: str, needs_length: bool, needs_rows: bool) -> tuple[float | None, str]:
    if (needs_length and not side.length_known) or (needs_rows and not side.rows_known):
        return None, NEEDS_ROWS
    if key == "in_batch_negatives" and side.config.task != "embedding":
        return None, NOT_EMBEDDING
    # final_share: "2.5e-7" means little without "of 1e-5"
    value = side.q.final_lr / side.config.training.learning_rate if key == "final_share" else getattr(side.q, key)
    return value, "" if value is not None else NOT_READABLE


def _derived(sa: _Side, sb: _Side) -> list[Derived]:
    rows = []
    for key, label, needs_length, needs_rows in _DERIVED:
        if key == "in_batch_negatives" and "embedding" not in (sa.config.task, sb.config.task):
            continue  # a row of "no negatives" on both sides says nothing
        a, why_a = _value(sa, key, needs_length, needs_rows)
        b, why_b = _value(sb, key, needs_length, needs_rows)
        ratio = b / a if a is not None and b is not None and a != 0 else None
        note = "; ".join(f"{n}: {w}" for n, w in (("A", why_a), ("B", why_b)) if w) if why_a != why_b else why_a
        rows.append(Derived(key, label, a, b, ratio, note))
    return rows


def _show_derived(d: Derived, value: float | None) -> str:
    if value is None:
        return "unknown"
    if d.key in ("trainable_share", "final_share"):
        return _pct(value)
    if d.key == "memory_gib":
        return f"{value:.2f}"
    if d.key == "final_lr":
        return show(value)
    return f"{int(value):,}"


def _versus(d: Derived) -> str:
    if d.note:
        return d.note
    if d.ratio is None:
        return "from 0" if d.a == 0 and d.b else ""
    return "1× (unchanged)" if d.ratio == 1 else times(d.ratio)


# ---- words --------------------------------------------------------------------------------------------------------


def show(value: Any) -> str:
    """A config value as people write it: 2e-5, 0.01, 3, true, query, key."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}" if value == 0 or abs(value) >= 1e-3 else number_words(value).split(" = ")[0]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "(none)"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def _pct(share: float) -> str:
    return f"{share * 100:.3g}%"


def _more_or_less(va: float, vb: float, more: str = "higher", less: str = "lower") -> str:
    if va == vb:
        return "unchanged"
    if va == 0 or vb == 0:
        return f"{show(va)} → {show(vb)}"
    return f"{times(vb / va)} {more}" if vb > va else f"{times(va / vb)} {less}"


def _as_far(ratio: float) -> str:
    named = {0.5: "half as far", 2.0: "twice as far", 0.25: "a quarter as far"}
    if ratio in named:
        return named[ratio]
    return f"{times(ratio)} as far" if ratio > 1 else f"1/{times(1 / ratio)[:-1]} as far"


def _effective(sa: _Side, sb: _Side) -> str:
    ea, eb = sa.q.effective_batch, sb.q.effective_batch
    change = "unchanged" if ea == eb else _more_or_less(ea, eb, "larger", "smaller")
    return f"effective batch {ea} → {eb} ({change})"


def _schedule(side: _Side) -> str:
    t = side.config.training
    shape = {
        "linear": "linear decay to 0",
        "cosine": "cosine to 0",
        "cosine_with_min_lr": f"cosine to {_pct(t.min_lr_rate)} of peak",
        "constant": "constant at peak",
        "constant_with_warmup": "constant at peak",
        "polynomial": "polynomial (power 1) decay to 1e-7",
        "warmup_stable_decay": f"held at peak, then cosine over the last {_pct(t.decay_ratio)} to "
        f"{_pct(t.min_lr_rate)} of peak",
    }[t.lr_scheduler_type]
    if t.lr_scheduler_type == "constant":
        return shape + " (no warmup, no decay)"  # transformers' constant ignores warmup
    return f"{_pct(t.warmup_ratio)} warmup, then {shape}" if t.warmup_ratio else shape


def _final_lr(sa: _Side, sb: _Side) -> str:
    if not (sa.length_known and sb.length_known):
        return ""
    return f"; final LR {show(sa.q.final_lr)} → {show(sb.q.final_lr)}"


# ---- one line per field -------------------------------------------------------------------------------------------

Impact = Callable[[_Side, _Side, Any, Any], str]


def _generic(sa: _Side, sb: _Side, va: Any, vb: Any) -> str:
    if isinstance(va, (int, float)) and not isinstance(va, bool):
        return _more_or_less(va, vb)
    return "changed"


def _learning_rate(sa: _Side, sb: _Side, va: float, vb: float) -> str:
    return f"{_more_or_less(va, vb)}: each update moves {_as_far(vb / va)}"


def _rank(sa: _Side, sb: _Side, va: int, vb: int) -> str:
    if not (sa.config.lora.use_lora or sb.config.lora.use_lora):
        return "no effect: use_lora is off"
    pa, pb = sa.q.trainable_parameters, sb.q.trainable_parameters
    if pa and pb and sa.config.lora.use_lora and sb.config.lora.use_lora:
        words = f"{times(pb / pa)} the adapter parameters ({pa:,} → {pb:,})"
    else:
        words = f"{times(vb / va)} the adapter parameters per adapted layer"
    ka, kb = sa.config.lora.lora_alpha / va, sb.config.lora.lora_alpha / vb
    scale = f"scale lora_alpha / r stays {ka:g}" if ka == kb else f"scale lora_alpha / r {ka:g} → {kb:g}"
    return f"{words}; {scale}"


def _alpha(sa: _Side, sb: _Side, va: int, vb: int) -> str:
    ra, rb = sa.config.lora.r, sb.config.lora.r
    ka, kb = va / ra, vb / rb
    words = f"scale lora_alpha / r: {va}/{ra} = {ka:g} → {vb}/{rb} = {kb:g}"
    if ka == kb:
        return f"{words} (unchanged: alpha moved with r)"
    return f"{words}: the adapter's output {_more_or_less(ka, kb, 'stronger', 'weaker')}, like a scaled adapter LR"


def _batch(sa: _Side, sb: _Side, va: int, vb: int) -> str:
    na, nb = sa.q.in_batch_negatives, sb.q.in_batch_negatives
    words = f"{_more_or_less(va, vb, 'larger', 'smaller')} per-device batch; {_effective(sa, sb)}"
    if na is None or nb is None:
        return words
    return f"{words}; in-batch negatives per query {na} → {nb} (accumulation and more GPUs add none)"


def _accumulation(sa: _Side, sb: _Side, va: int, vb: int) -> str:
    return f"{_more_or_less(va, vb, 'more', 'fewer')} batches per update; {_effective(sa, sb)}"


def _processes(sa: _Side, sb: _Side, va: int, vb: int) -> str:
    return f"{_effective(sa, sb)}: each process takes its own batch"


def _warmup(sa: _Side, sb: _Side, va: float, vb: float) -> str:
    words = f"warmup {_pct(va)} → {_pct(vb)} of the steps"
    if sa.length_known and sb.length_known:
        words += f" ({sa.q.warmup_steps:,} → {sb.q.warmup_steps:,} steps)"
    ignored = [n for n, s in (("A", sa), ("B", sb)) if s.config.training.lr_scheduler_type == "constant"]
    if len(ignored) == 2:
        return words + "; both constant schedules ignore it"
    return words + (f"; {ignored[0]}'s constant schedule ignores it" if ignored else "")


def _scheduler(sa: _Side, sb: _Side, va: str, vb: str) -> str:
    return f"{_schedule(sa)} → {_schedule(sb)}{_final_lr(sa, sb)}"


def _floor(side: _Side) -> str:
    t = side.config.training
    return (
        f"{_pct(t.min_lr_rate)} of peak" if t.lr_scheduler_type in FLOOR_SCHEDULES else f"none ({t.lr_scheduler_type})"
    )


def _min_lr(sa: _Side, sb: _Side, va: float, vb: float) -> str:
    used = {s.config.training.lr_scheduler_type for s in (sa, sb)} & set(FLOOR_SCHEDULES)
    if not used:
        return "no effect: neither schedule has a floor"
    return f"LR floor {_floor(sa)} → {_floor(sb)}{_final_lr(sa, sb)}"


def _decay_ratio(sa: _Side, sb: _Side, va: float, vb: float) -> str:
    if "warmup_stable_decay" not in {s.config.training.lr_scheduler_type for s in (sa, sb)}:
        return "no effect: only warmup_stable_decay reads it"
    return f"decay over the last {_pct(va)} → {_pct(vb)} of the steps"


def _epochs(sa: _Side, sb: _Side, va: float, vb: float) -> str:
    if sa.config.training.max_steps > 0 and sb.config.training.max_steps > 0:
        return "no effect: max_steps sets the length"
    if sa.length_known and sb.length_known:
        ta, tb = sa.q.total_steps, sb.q.total_steps
        return f"{times(tb / ta)} the steps ({ta:,} → {tb:,})"
    return f"{times(vb / va)} the passes over the data (steps need the training rows)"


def _max_steps(sa: _Side, sb: _Side, va: int, vb: int) -> str:
    def words(n: int) -> str:
        return f"{n:,} steps" if n > 0 else "the epochs decide"

    known = sa.length_known and sb.length_known
    return f"run length: {words(va)} → {words(vb)}" + (
        f"; total steps {sa.q.total_steps:,} → {sb.q.total_steps:,}" if known else ""
    )


def _weight_decay(sa: _Side, sb: _Side, va: float, vb: float) -> str:
    la, lb = sa.config.training.learning_rate, sb.config.training.learning_rate
    words = f"{_more_or_less(va, vb, 'stronger', 'weaker')} weight decay"
    sha, shb = la * va, lb * vb  # AdamW shrinks each weight by lr × weight_decay of itself per step
    words += f"; per-step shrink lr × weight_decay {show(sha)} → {show(shb)}"
    if sha and shb and sha != shb:
        words += f" ({_more_or_less(sha, shb, 'more', 'less')})"
    return words


def _seq_length(sa: _Side, sb: _Side, va: int, vb: int) -> str:
    change = f"{(vb / va - 1) * 100:+.3g}% tokens per step at the same batch"
    if vb > va:
        return f"longer texts kept: {change}; attention cost per text up to {(vb / va) ** 2:.3g}×"
    return f"texts cut sooner: {change}"


def _use_lora(sa: _Side, sb: _Side, va: bool, vb: bool) -> str:
    pa, pb = sa.q.trainable_parameters, sb.q.trainable_parameters
    count = f"; trainable parameters {pa:,} → {pb:,}" if pa and pb else ""
    return (
        "full fine-tuning → LoRA adapter" if vb else "LoRA adapter → full fine-tuning: every weight trains"
    ) + count


def _placement(sa: _Side, sb: _Side, va: Any, vb: Any) -> str:
    pa, pb = sa.q.trainable_parameters, sb.q.trainable_parameters
    if pa and pb:
        return f"other layers get adapters: trainable parameters {pa:,} → {pb:,} ({times(pb / pa)})"
    return "other layers get adapters"


def _temperature(sa: _Side, sb: _Side, va: float, vb: float) -> str:
    return f"similarity scale 1 / temperature {1 / va:g} → {1 / vb:g}: {'softer' if vb > va else 'sharper'} contrast"


def _hard_negatives(sa: _Side, sb: _Side, va: bool, vb: bool) -> str:
    ta, tb = texts_per_row(sa.config), texts_per_row(sb.config)
    return f"texts per example {ta} → {tb}: {_more_or_less(ta, tb, 'more', 'fewer')} tokens per step"


def _precision(sa: _Side, sb: _Side, va: str, vb: str) -> str:
    half = {"fp16", "bf16"}
    if (va in half) == (vb in half):
        return "16-bit either way on a GPU (auto picks bf16 where supported), fp32 on a CPU"
    return "16-bit compute: about half the activation memory" if vb in half else "fp32: about twice the activations"


def _checkpointing(sa: _Side, sb: _Side, va: bool, vb: bool) -> str:
    return "less activation memory for about 30% more time" if vb else "more activation memory, about 30% faster"


def _fixed(words: str) -> Impact:
    return lambda sa, sb, va, vb: words


_IMPACTS: dict[str, Impact] = {
    "task": _fixed("a different task"),
    "model.name_or_path": _fixed("another base model: its size, vocabulary and prompts; counts below use each one"),
    "model.max_seq_length": _seq_length,
    "model.num_labels": lambda sa, sb, va, vb: (
        "size of the classification head"
        if "embedding" not in (sa.config.task, sb.config.task)
        else "no effect on an embedding run: classification only"
    ),
    "data.dataset": _fixed("other training data (and validation split): scores are not directly comparable"),
    "data.max_train_samples": lambda sa, sb, va, vb: f"training examples used: {va or 'all'} → {vb or 'all'}",
    "lora.use_lora": _use_lora,
    "lora.r": _rank,
    "lora.lora_alpha": _alpha,
    "lora.lora_dropout": lambda sa, sb, va, vb: f"dropout on the adapter's input {_pct(va)} → {_pct(vb)}",
    "lora.target_modules": _placement,
    "lora.layers_to_transform": _placement,
    "training.num_train_epochs": _epochs,
    "training.max_steps": _max_steps,
    "training.per_device_train_batch_size": _batch,
    "training.gradient_accumulation_steps": _accumulation,
    "training.num_processes": _processes,
    "training.learning_rate": _learning_rate,
    "training.weight_decay": _weight_decay,
    "training.warmup_ratio": _warmup,
    "training.lr_scheduler_type": _scheduler,
    "training.min_lr_rate": _min_lr,
    "training.decay_ratio": _decay_ratio,
    "training.max_grad_norm": lambda sa, sb, va, vb: f"clip gradient norms above {show(va)} → {show(vb)} (0 = off)",
    "training.seed": _fixed("another draw of data order and initialisation: part of any score gap is noise"),
    "training.mixed_precision": _precision,
    "training.gradient_checkpointing": _checkpointing,
    "loss.temperature": _temperature,
    "loss.use_hard_negatives": _hard_negatives,
    "training.accelerate_config": _fixed("another multi-process launch setup (DeepSpeed / FSDP): memory and speed"),
    "sft.completion_only_loss": lambda sa, sb, va, vb: (
        "loss on the answer only" if vb else "loss on prompt and answer"
    ),
    "sft.eval_generations": lambda sa, sb, va, vb: f"validation answers generated per evaluation {va} → {vb}",
    "sft.max_new_tokens": _fixed("longest generated answer at evaluation: a JSON object cut short does not parse"),
    "sft.json_schema": _fixed("another schema the answers are checked against: schema-valid shares differ"),
    "classification.min_samples_per_class": lambda sa, sb, va, vb: (
        f"classes with fewer than {va} → {vb} examples dropped"
    ),
    "classification.class_weights": lambda sa, sb, va, vb: (
        "rare classes weigh more in the loss" if vb else "every example weighs the same"
    ),
    "early_stopping.patience": lambda sa, sb, va, vb: (
        f"stop after {vb or 'never'} evaluations without improvement (was {va or 'never'})"
    ),
    "early_stopping.metric": _fixed("another metric picks the best checkpoint and decides early stopping"),
    "early_stopping.threshold": _fixed("how much better an evaluation must be to count as progress"),
    "early_stopping.load_best_model_at_end": lambda sa, sb, va, vb: (
        "the best checkpoint becomes the model" if vb else "the last step becomes the model"
    ),
    **{path: _fixed("bookkeeping: what is learned stays the same") for path in BOOKKEEPING},
}
