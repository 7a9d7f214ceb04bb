"""Numbers in the user's own terms: notation, ratios that say which way a value moved, derived meanings."""

from __future__ import annotations

import re

import pytest

from studio.findings_view import worded
from training.config.presets import PRESETS, preset
from training.config.studio import StudioConfig, field_specs
from training.doctor.preflight import Context, preflight
from training.insight.explain import USUAL_LR, lr_change, meanings, number_words, relative, short, step_change
from training.insight.quantities import quantities
from training.insight.schedule import horizon


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (2e-4, "2e-4 = 2 × 10⁻⁴ = 0.0002"),
        (5e-5, "5e-5 = 5 × 10⁻⁵ = 0.00005"),
        (1.5e-5, "1.5e-5 = 1.5 × 10⁻⁵ = 0.000015"),
        (0.05, "0.05"),
        (20.0, "20"),
        (0.0, "0"),
        (12000.0, "1.2e4 = 1.2 × 10⁴ = 12000"),
    ],
)
def test_number_words(value: float, words: str) -> None:
    assert number_words(value) == words


def test_relative_says_which_way_and_how_far() -> None:
    assert relative(2e-4, 5e-5, "the previous value") == "4× higher than the previous value 5e-5"
    assert relative(1e-5, 5e-5, "the default") == "5× lower than the default 5e-5"
    assert relative(3e-4, 3e-4, "the default") == "same as the default"


def test_meanings_of_a_long_warmup_config() -> None:
    """Rule ids and numbers; tests/studio/test_insight_words.py holds the words of each line."""
    config = StudioConfig()
    config.training.learning_rate = 1e-5
    config.training.max_steps = 7002
    config.lora.r, config.lora.lora_alpha = 128, 256
    config.training.gradient_accumulation_steps = 2
    lines = meanings(config, horizon(config))
    assert lines[0] == {
        "id": "meaning_lr",
        "value": "1e-5 = 1 × 10⁻⁵ = 0.00001",
        "compared": {"id": "vs_default_lower", "times": pytest.approx(30), "reference": "3e-4"},
        "place": {"id": "usual_below", "way": {"id": "way_lora"}, "low": "1e-4", "high": "1e-3"},
    }
    assert {"id": "meaning_lora_scale", "alpha": 256, "r": 128, "scale": 2} in lines
    negatives = {"id": "batch_negatives", "n": 15}
    batch = {"id": "meaning_batch", "batch": 16, "accumulation": 2, "processes": 1, "effective": 32}
    assert {**batch, "negatives": negatives} in lines
    assert {"id": "meaning_warmup", "ratio": 0.1, "total": 7002, "warmup": 701} in lines
    assert lines[-1] == {"id": "meaning_temperature", "t": 0.05, "scale": 20}


# before → after: the sentence, computed from the two numbers; each value printed once, in one notation
STEP_CHANGES = [
    (
        1e-3,
        1e-4,
        "1e-4 is 10× lower than 1e-3 (10⁻³ → 10⁻⁴). Each update is 10× smaller: steadier, but it moves less in the "
        "steps you have",
    ),
    (
        5e-5,
        2e-4,
        "2e-4 is 4× higher than 5e-5: the leading digits went down (5 → 2) but the power of ten went up "
        "(10⁻⁵ → 10⁻⁴), and the exponent decides. Each update is 4× larger: faster progress, but too high diverges "
        "or forgets",
    ),
    (
        2e-4,
        5e-5,
        "5e-5 is 4× lower than 2e-4: the leading digits went up (2 → 5) but the power of ten went down "
        "(10⁻⁴ → 10⁻⁵), and the exponent decides. Each update is 4× smaller: steadier, but it moves less in the "
        "steps you have",
    ),
    (
        3e-4,
        1e-4,
        "1e-4 is 3× lower than 3e-4. Each update is 3× smaller: steadier, but it moves less in the steps you have",
    ),
    (
        1e-4,
        1.5e-4,
        "1.5e-4 is 1.5× higher than 1e-4. Each update is 1.5× larger: faster progress, but too high diverges or "
        "forgets",
    ),
    (0.01, 0.01, ""),
]


# before → after: the ratio (always ≥ 1), which way, and the words Compare and the Configure tab both print
LR_CHANGES = [
    (2.5e-4, 1e-3, 4.0, "higher", "4×"),
    (1e-3, 2.5e-4, 4.0, "lower", "4×"),
    (1e-3, 1e-4, 10.0, "lower", "10×"),
    (5e-5, 2e-4, 4.0, "higher", "4×"),
    (3e-4, 1e-4, 3.0, "lower", "3×"),  # 2.9999999999999996 in floats, said as 3×
    (1e-4, 1.5e-4, 1.5, "higher", "1.5×"),
    (3e-4, 1e-3, 3.333, "higher", "3.33×"),
    (2e-5, 2e-5, 1.0, "same", "1×"),
    (0.0, 1e-4, None, "higher", ""),  # from 0: no "times" between them
]


@pytest.mark.parametrize(("before", "after", "ratio", "direction", "times"), LR_CHANGES)
def test_lr_change_gives_the_ratio_and_its_direction(
    before: float, after: float, ratio: float | None, direction: str, times: str
) -> None:
    change = lr_change(before, after)
    assert change.ratio == (None if ratio is None else pytest.approx(ratio, rel=1e-3))
    assert (change.direction, change.times) == (direction, times)


@pytest.mark.parametrize(("before", "after", "words"), STEP_CHANGES)
def test_step_change_is_computed_from_the_two_values(before: float, after: float, words: str) -> None:
    assert step_change(before, after) == words


def test_meanings_show_only_what_applies_to_the_task() -> None:
    """In-batch negatives and the temperature belong to the contrastive loss; an SFT or classification config has
    neither."""
    shown = {}
    for task in ("embedding", "sft", "classification"):
        config = StudioConfig(task=task)
        ids = [line["id"] for line in meanings(config)]
        batch = next(line for line in meanings(config) if line["id"] == "meaning_batch")
        shown[task] = (batch["negatives"] == {"id": "batch_negatives", "n": 15}, "meaning_temperature" in ids)
    assert shown == {"embedding": (True, True), "sft": (False, False), "classification": (False, False)}


# how learning_rate's help text writes a range in each language: "1e-4 to 1e-3", "1e-4~1e-3"
NUMBER = r"(\d(?:\.\d+)?e-\d+)"
HELP_RANGES = [("en", f"{NUMBER} to {NUMBER}"), ("ko", f"{NUMBER}~{NUMBER}")]


@pytest.mark.parametrize(("lang", "pattern"), HELP_RANGES)
def test_the_help_text_quotes_the_usual_ranges_of_the_table(lang: str, pattern: str) -> None:
    """The help text may quote the ranges, but only the table's: LoRA's first, then full fine-tuning's."""
    text = next(s for s in field_specs() if s.path == "training.learning_rate").help[lang]
    quoted = [(float(low), float(high)) for low, high in re.findall(pattern, text)]
    assert quoted == [(u.low, u.high) for u in USUAL_LR.values()]


def lr_findings(lr: float, lora: bool) -> tuple[dict, StudioConfig]:
    config = StudioConfig()
    config.lora.use_lora, config.training.learning_rate, config.training.max_steps = lora, lr, 100
    span = horizon(config)
    return {f.rule: f for f in preflight(Context(config, span, quantities(config, span)))}, config


# learning rate, LoRA → the way named, where it sits, and the fix (the nearer end of the same range), or none
LR_CASES = [
    (0.01, True, "LoRA", "high", 1e-3),
    (5e-5, True, "LoRA", "low", 1e-4),
    (1e-4, True, "LoRA", "inside", None),
    (1e-3, True, "LoRA", "inside", None),
    (1e-4, False, "full fine-tuning", "high", 5e-5),
    (5e-6, False, "full fine-tuning", "low", 1e-5),
    (2e-5, False, "full fine-tuning", "inside", None),
]


@pytest.mark.parametrize(("lr", "lora", "way", "place", "fix"), LR_CASES)
def test_the_finding_its_fix_and_the_meaning_give_the_one_range(lr, lora, way, place, fix) -> None:
    found, config = lr_findings(lr, lora)
    usual = USUAL_LR[way]
    span = f"{short(usual.low)} to {short(usual.high)}"
    line = meanings(config)[0]["place"]
    said = {"way": {"id": "way_lora" if lora else "way_full"}, "low": short(usual.low), "high": short(usual.high)}
    if place == "inside":
        assert "learning_rate" not in found and line == {"id": "usual_inside", **said}
        return
    finding = found["learning_rate"]
    assert finding.values == {
        "case": "lora" if lora else "full",
        "learning_rate": lr,
        "place": place,
        "low": usual.low,
        "high": usual.high,
    }
    words = worded(finding, "en")
    assert words.title == f"Learning rate {short(lr)} is {place} for {way}"
    assert words.evidence.endswith(f"; the usual {way} range is {span}")
    assert line == {"id": f"usual_{'above' if place == 'high' else 'below'}", **said}
    assert (finding.fix.value, words.fix) == (
        fix,
        f"set learning_rate to {short(fix)}, the {place} end of the usual {way} range {span}",
    )
    assert "learning_rate" not in lr_findings(finding.fix.value, lora)[0], "the fix lands inside the range"


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_learns_at_a_usual_rate(name: str) -> None:
    config = preset(name)
    usual = USUAL_LR["LoRA" if config.lora.use_lora else "full fine-tuning"]
    assert usual.low <= config.training.learning_rate <= usual.high
