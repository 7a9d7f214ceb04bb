"""The Configure tab's LR preview: the run's real horizon on its dataset, and the marked step in words."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from studio.form import config_to_values
from studio.tabs.configure import preview
from studio.tabs.doctor_panel import probe_markdown, run_doctor
from training.config import StudioConfig
from training.doctor.probe import ProbeResult


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


# loss / chance → the verdict the engine returns, and a word of each language's sentence for it
VERDICTS = [
    (0.30, "below_chance", "below chance", "무작위보다 낮음"),
    (0.95, "at_chance", "as expected for an untrained head", "무작위 수준"),
    (1.25, "at_chance", "as expected for an untrained head", "무작위 수준"),
    (2.00, "above_chance", "above chance", "무작위보다 높음"),
    (24.0, "far_above_chance", "far above chance", "훨씬 높음"),
]


@pytest.mark.parametrize(("ratio", "verdict", "en", "ko"), VERDICTS)
def test_the_probe_line_gives_the_measurement_and_its_verdict(ratio: float, verdict: str, en: str, ko: str) -> None:
    chance = math.log(224)
    result = ProbeResult(ratio * chance, chance, 224, 8, "embedding")
    assert result.verdict == verdict
    line = probe_markdown(result, "embedding", "en")
    assert f"initial loss **{ratio * chance:.3g}** vs chance ln 224 = 5.41 (**{ratio:.2f}×**)" in line
    assert "8 queries, each ranked among 224 passages" in line and en in line
    assert "ln 224 = 5.41" in probe_markdown(result, "embedding", "ko") and ko in probe_markdown(
        result, "embedding", "ko"
    )


# language, probe ticked → what the doctor's panel shows first
PANEL = [
    ("en", True, "**Probe:** initial loss"),
    ("ko", True, "**순전파 점검:** 초기 손실"),
    ("en", False, "✅ No findings"),
]


@pytest.mark.parametrize(("lang", "probe", "first"), PANEL)
def test_the_doctor_panel_shows_the_probe_whenever_it_ran(
    data_dir: Path, tiny_model: Path, lang: str, probe: bool, first: str
) -> None:
    """The default embedding config on the bundled sample has no finding; the probe's number shows all the same."""
    config = tiny_default(tiny_model)
    config.training.per_device_train_batch_size = 8
    config.training.max_steps, config.model.max_seq_length = 40, 192  # no passage cut: nothing to find
    text = run_doctor(lang, probe, *config_to_values(config))[0]
    assert text.startswith(first), text
    assert ("ln 8 = 2.08" in text) is probe  # 8 queries, each against the batch's 8 positives


def test_a_task_without_a_probe_says_so(data_dir: Path, tiny_model: Path) -> None:
    from datasets_spec import store

    store.install_bundled(store.JSON_TASK_SAMPLE)
    config = tiny_default(tiny_model)
    config.task, config.data.dataset, config.training.max_steps = "sft", store.JSON_TASK_SAMPLE, 40
    assert run_doctor("en", True, *config_to_values(config))[0].startswith("**Probe:** not run")
