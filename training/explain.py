"""What a config's numbers mean right now, in the user's own numbers: 2e-4 = 0.0002, 4× the default, alpha / r."""

from __future__ import annotations

import math

from training.config import StudioConfig
from training.schedule import Horizon

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number_words(value: float) -> str:
    """`2e-4 = 2 × 10⁻⁴ = 0.0002`: the three ways people read the same learning rate."""
    exponent = math.floor(math.log10(abs(value))) if value else 0
    if -2 <= exponent <= 3:
        return f"{value:g}"
    mantissa = f"{value / 10**exponent:.6g}"
    decimal = f"{value:.{max(0, -exponent + 6)}f}".rstrip("0").rstrip(".")
    return f"{mantissa}e{exponent} = {mantissa} × 10{str(exponent).translate(_SUPERSCRIPT)} = {decimal}"


def relative(value: float, reference: float, name: str) -> str:
    """`4× higher than the default 5e-5`, so nobody believes they lowered a value they raised."""
    if reference == 0 or value == reference:
        return f"same as {name}" if value == reference else ""
    ratio = value / reference
    shown = number_words(reference).split(" = ")[0]
    if ratio >= 1:
        return f"{ratio:.3g}× higher than {name} {shown}"
    return f"{1 / ratio:.3g}× lower than {name} {shown}"


def meanings(config: StudioConfig, span: Horizon | None = None) -> list[str]:
    """One line per number whose meaning isn't on its face, compared with the defaults where that helps."""
    t, default = config.training, StudioConfig().training
    compared = relative(t.learning_rate, default.learning_rate, "the default")
    lines = [f"learning_rate {number_words(t.learning_rate)}" + (f"; {compared}" if compared else "")]
    if config.lora.use_lora:
        scale = config.lora.lora_alpha / config.lora.r
        lines.append(f"LoRA scale lora_alpha / r = {config.lora.lora_alpha} / {config.lora.r} = {scale:g}")
    effective = t.per_device_train_batch_size * t.gradient_accumulation_steps * t.num_processes
    lines.append(
        f"effective batch = {t.per_device_train_batch_size} × {t.gradient_accumulation_steps} accumulation × "
        f"{t.num_processes} processes = {effective}; in-batch negatives per query: {t.per_device_train_batch_size - 1}"
    )
    if span is not None:
        lines.append(
            f"warmup_ratio {t.warmup_ratio:g} of {span.total_steps:,} steps = {span.warmup_steps:,} warmup "
            "steps (transformers rounds up)"
        )
    lines.append(
        f"temperature {config.loss.temperature:g} = similarity scale 1 / {config.loss.temperature:g} = "
        f"{1 / config.loss.temperature:g}"
    )
    return lines
