"""Numbers in the user's own terms: notation, ratios that say which way a value moved, derived meanings."""

from __future__ import annotations

import pytest

from training.config import StudioConfig
from training.explain import meanings, number_words, relative, step_change
from training.schedule import horizon


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
    config = StudioConfig()
    config.training.learning_rate = 1e-5
    config.training.max_steps = 7002
    config.lora.r, config.lora.lora_alpha = 128, 256
    config.training.gradient_accumulation_steps = 2
    lines = meanings(config, horizon(config))
    assert lines[0] == "learning_rate 1e-5 = 1 × 10⁻⁵ = 0.00001; 30× lower than the default 3e-4"
    assert "LoRA scale lora_alpha / r = 256 / 128 = 2" in lines
    assert "effective batch = 16 × 2 accumulation × 1 processes = 32; in-batch negatives per query: 15" in lines
    assert "warmup_ratio 0.1 of 7,002 steps = 701 warmup steps (transformers rounds up)" in lines
    assert lines[-1] == "temperature 0.05 = similarity scale 1 / 0.05 = 20"


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


@pytest.mark.parametrize(("before", "after", "words"), STEP_CHANGES)
def test_step_change_is_computed_from_the_two_values(before: float, after: float, words: str) -> None:
    assert step_change(before, after) == words


def test_meanings_show_only_what_applies_to_the_task() -> None:
    """In-batch negatives and the temperature belong to the contrastive loss; an SFT or classification config has
    neither."""
    shown = {}
    for task in ("embedding", "sft", "classification"):
        config = StudioConfig(task=task)
        text = "\n".join(meanings(config))
        shown[task] = ("in-batch negatives per query: 15" in text, "temperature 0.05" in text)
    assert shown == {"embedding": (True, True), "sft": (False, False), "classification": (False, False)}
