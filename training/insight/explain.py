"""What a config's numbers mean right now, in the user's own numbers: 2e-4 = 0.0002, 4× the default, alpha / r."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from training.config.studio import StudioConfig
from training.insight.quantities import in_batch_negatives, lora_scale
from training.insight.schedule import Horizon, effective_batch

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class UsualLr:
    low: float
    high: float
    source: str


# The usual peak learning rates, one range per way of training; the three tasks share them. The doctor's finding,
# its fix and `meanings` read this table; learning_rate's help text quotes it (tests/training/test_explain.py).
USUAL_LR = {
    "LoRA": UsualLr(
        1e-4,
        1e-3,
        "QLoRA trains 7B and 13B adapters at 2e-4, 33B and 65B at 1e-4; this studio's short CPU runs needed 1e-3",
    ),
    "full fine-tuning": UsualLr(
        1e-5, 5e-5, "the BERT paper picks among 2e-5, 3e-5, 4e-5 and 5e-5; sentence-transformers' examples use 2e-5"
    ),
}


def usual_lr(config: StudioConfig) -> tuple[str, UsualLr]:
    """The way this config trains and its usual range."""
    way = "LoRA" if config.lora.use_lora else "full fine-tuning"
    return way, USUAL_LR[way]


def lr_place(value: float, usual: UsualLr) -> str:
    """Where a value sits: below, inside or above the range (its ends are inside, as the presets' 1e-3 is)."""
    return "below" if value < usual.low else "above" if value > usual.high else "inside"


def parts(value: float) -> tuple[str, int]:
    """`2e-4` → ("2", -4): the leading digits and the power of ten, as people read them."""
    exponent = math.floor(math.log10(abs(value))) if value else 0
    return f"{value / 10**exponent:.6g}", exponent


def number_words(value: float) -> str:
    """`2e-4 = 2 × 10⁻⁴ = 0.0002`: the three ways people read the same learning rate."""
    mantissa, exponent = parts(value)
    if -2 <= exponent <= 3:
        return f"{value:g}"
    decimal = f"{value:.{max(0, -exponent + 6)}f}".rstrip("0").rstrip(".")
    return f"{mantissa}e{exponent} = {mantissa} × {power(exponent)} = {decimal}"


def short(value: float) -> str:
    """The first of `number_words`' notations: 1e-3, 5e-5, 0.05."""
    return number_words(value).split(" = ")[0]


def power(exponent: int) -> str:
    return f"10{str(exponent).translate(_SUPERSCRIPT)}"


@dataclass(frozen=True)
class LrChange:
    """Two learning rates compared; the ratio is always ≥ 1 and the direction says which way, so "4× higher" and
    "4× lower" never read as 0.25×. Compare, the Configure tab and the doctor all say this one number."""

    before: float
    after: float
    ratio: float | None  # None when either value is 0: no "times" between them
    direction: str  # "higher", "lower" or "same"

    @property
    def times(self) -> str:
        return times(self.ratio) if self.ratio is not None else ""


def lr_change(before: float, after: float) -> LrChange:
    """How far and which way a learning rate moved from `before` to `after`."""
    direction = "same" if after == before else "higher" if after > before else "lower"
    if before <= 0 or after <= 0:
        return LrChange(before, after, None, direction)
    return LrChange(before, after, max(after, before) / min(after, before), direction)


def times(ratio: float) -> str:
    """4×, 3.33×, 1.25×: whole ratios without decimals, the rest to three digits."""
    return f"{round(ratio)}×" if abs(ratio - round(ratio)) < 0.005 else f"{ratio:.3g}×"


def notation(change: LrChange) -> str:
    """How the written values read: "mislead" when the leading digits and the power of ten point different ways
    (5e-5 → 2e-4 looks smaller and is 4× higher), "exponent" when the power of ten moved, else "". The doctor's
    learning_rate_change finding and `step_change` both ask this."""
    (mb, eb), (ma, ea) = parts(change.before), parts(change.after)
    if eb != ea and float(mb) != float(ma) and (float(ma) > float(mb)) != (change.direction == "higher"):
        return "mislead"
    return "exponent" if eb != ea else ""


def step_change(before: float, after: float) -> str:
    """Why a new learning rate matters, from the two values: how far, which way, and how to read the notation when
    the leading digits and the exponent point different ways (5e-5 → 2e-4 looks smaller and is 4× higher)."""
    change = lr_change(before, after)
    if change.ratio is None or change.direction == "same":
        return ""
    up = change.direction == "higher"
    (mb, eb), (ma, ea) = parts(before), parts(after)
    how = f"{short(after)} is {change.times} {change.direction} than {short(before)}"
    kind = notation(change)
    if kind == "mislead":
        how += (
            f": the leading digits went {'down' if up else 'up'} ({mb} → {ma}) but the power of ten went "
            f"{'up' if up else 'down'} ({power(eb)} → {power(ea)}), and the exponent decides"
        )
    elif kind == "exponent":
        how += f" ({power(eb)} → {power(ea)})"
    if up:
        return f"{how}. Each update is {change.times} larger: faster progress, but too high diverges or forgets"
    return f"{how}. Each update is {change.times} smaller: steadier, but it moves less in the steps you have"


def relative(value: float, reference: float, name: str) -> str:
    """`4× higher than the default 5e-5`, so nobody believes they lowered a value they raised."""
    change = lr_change(reference, value)
    if change.direction == "same":
        return f"same as {name}"
    if reference == 0:
        return ""
    return f"{change.times} {change.direction} than {name} {short(reference)}"


def phrase(rule: str, **values: Any) -> dict[str, Any]:
    """A sentence or a part of one, as the engine says it: its rule id in the studio's string table
    (studio/strings/insight.py) and its numbers; a value that is itself a phrase is a dict with an "id"."""
    return {"id": rule, **values}


NOTHING = phrase("nothing")  # an optional part of a sentence that does not apply


def compared_with_default(value: float, reference: float) -> dict[str, Any]:
    """`; 4× higher than the default 5e-5`, so nobody believes they lowered a value they raised."""
    change = lr_change(reference, value)
    if change.direction == "same":
        return phrase("vs_default_same")
    if reference == 0:
        return NOTHING
    return phrase(f"vs_default_{change.direction}", times=change.ratio, reference=short(reference))


def meanings(config: StudioConfig, span: Horizon | None = None) -> list[dict[str, Any]]:
    """One phrase per number whose meaning isn't on its face, compared with the defaults where that helps."""
    t, default = config.training, StudioConfig().training
    way, usual = usual_lr(config)
    place = phrase(
        f"usual_{lr_place(t.learning_rate, usual)}",
        way=phrase("way_lora" if way == "LoRA" else "way_full"),
        low=short(usual.low),
        high=short(usual.high),
    )
    compared = compared_with_default(t.learning_rate, default.learning_rate)
    lines = [phrase("meaning_lr", value=number_words(t.learning_rate), compared=compared, place=place)]
    if config.lora.use_lora:
        alpha, r = config.lora.lora_alpha, config.lora.r
        lines.append(phrase("meaning_lora_scale", alpha=alpha, r=r, scale=lora_scale(config.lora)))
    batch, accumulation = t.per_device_train_batch_size, t.gradient_accumulation_steps
    embedding = config.task == "embedding"  # in-batch negatives and the temperature belong to the contrastive loss
    negatives = phrase("batch_negatives", n=in_batch_negatives(config)) if embedding else NOTHING
    lines.append(
        phrase(
            "meaning_batch",
            batch=batch,
            accumulation=accumulation,
            processes=t.total_processes,  # every machine's: the product below holds
            effective=effective_batch(config),
            negatives=negatives,
        )
    )
    if span is not None:
        lines.append(phrase("meaning_warmup", ratio=t.warmup_ratio, total=span.total_steps, warmup=span.warmup_steps))
    if embedding:
        temperature = config.loss.temperature
        lines.append(phrase("meaning_temperature", t=temperature, scale=1 / temperature))
    return lines
