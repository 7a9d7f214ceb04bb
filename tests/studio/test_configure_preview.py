"""The Configure tab's LR preview: the run's real horizon on its dataset, and the marked step in words."""

from __future__ import annotations

from pathlib import Path

from studio.tabs.configure import preview
from training.config import StudioConfig


def tiny_default(model: Path) -> StudioConfig:
    """The default config with the tiny test model, so no test converts the real default."""
    config = StudioConfig()
    config.model.name_or_path = str(model)
    return config


def test_preview_of_the_default_config_on_the_sample(data_dir: Path, tiny_model: Path) -> None:
    frame, text, _ = preview(tiny_default(tiny_model), None, "en")
    assert text.startswith("**75** optimiser steps (25 per epoch), **8** of them warmup (11%)")
    assert "at step 8: 0.0003 = 100% of peak." in text
    assert "- learning_rate 3e-4 = 3 × 10⁻⁴ = 0.0003; same as the default" in text
    assert "- warmup_ratio 0.1 of 75 steps = 8 warmup steps" in text
    assert "- LoRA trains 15,360 of 83,520 parameters (18.39%)" in text  # peft's count, see test_derived
    assert frame["step"].iloc[-1] == 75 and frame["learning_rate"].max() == 3e-4
    assert "at step 40: 0.000157 = 52% of peak." in preview(tiny_default(tiny_model), 40, "en")[1]
    assert "에폭당 25" in preview(tiny_default(tiny_model), 40, "ko")[1]


def test_preview_says_why_it_is_missing(data_dir: Path, tiny_model: Path) -> None:
    config = tiny_default(tiny_model)
    config.data.dataset = "not-stored"
    frame, text, _ = preview(config, None, "en")
    assert frame is None and text.startswith("No preview yet: dataset 'not-stored' not found")
    assert "LoRA scale lora_alpha / r = 32 / 16 = 2" in text, "the numbers are explained even without the data"
