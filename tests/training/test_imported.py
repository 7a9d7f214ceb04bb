"""Pasted DeepSpeed WarmupCosineLR settings become the nearest studio schedule, and the import says what changed."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from tests.training.pasted import BLOCK, PASTED
from training.config.imported import share_of
from training.config.studio import ConfigError, load_yaml_noted, read_values
from training.insight.schedule import horizon, learning_rates


@pytest.mark.parametrize(("text", "fields", "rules"), PASTED)
def test_a_pasted_schedule_becomes_the_nearest_studio_fields(tmp_path: Path, text: str, fields: dict, rules) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    config, notes = load_yaml_noted(path)
    assert {name: getattr(config.training, name) for name in fields} == pytest.approx(fields)
    assert [n.rule for n in notes] == rules


def test_the_notes_carry_the_numbers_they_cite() -> None:
    notes = {n.rule: n.numbers for n in read_values(yaml.safe_load(BLOCK))[1]}
    assert notes == {
        "schedule": {"schedule": "cosine_with_min_lr", "min_lr_rate": 0.1},
        "warmup": {"warmup_num_steps": 100, "total": 1000, "warmup_ratio": 0.1},
    }
    log = read_values({"scheduler": {"type": "WarmupCosineLR", "params": {"total_num_steps": 5000}}})[1][-1]
    # ln(s + 1) / ln 1000 = 1/2 at s = √1000 − 1 = 30.6: DeepSpeed's log warmup is at half the peak by step 31
    assert (log.rule, log.numbers) == ("warmup_log", {"warmup_num_steps": 1000, "log_half": 31, "linear_half": 500})


def warmup_cosine(step: int, warmup: int, total: int, floor: float) -> float:
    """DeepSpeed's WarmupCosineLR.get_lr_ratio after the warmup, at its `last_batch_iteration` = step."""
    progress = (step - warmup + 1) / (total - warmup)
    return max(0.0, floor + (1 - floor) * (1 + math.cos(math.pi * progress)) / 2)


def test_the_studio_curve_is_deepspeeds_after_the_warmup() -> None:
    """transformers counts steps from 1 where DeepSpeed's iteration counts from 0: the studio's LR after step s is
    DeepSpeed's at iteration s − 1, to the last step, where both reach cos_min_ratio × the peak."""
    config = read_values(yaml.safe_load(BLOCK))[0]
    span = horizon(config)
    rates = learning_rates(config, span)
    assert span.warmup_steps == 100
    expected = [2e-5 * warmup_cosine(s - 1, 100, 1000, 0.1) for s in range(101, 1001)]
    assert rates[101:1001] == pytest.approx(expected, rel=1e-6)
    assert rates[1000] == pytest.approx(2e-6)


# warmup steps, run length → the ratio transformers rounds back up to exactly those steps
SHARES = [(100, 1000, 0.1), (21, 700, 0.03), (1, 3, 0.333333), (2, 3, 0.666666), (37, 1234, 0.029983), (0, 50, 0.0)]


@pytest.mark.parametrize(("steps", "total", "ratio"), SHARES)
def test_the_warmup_share_gives_the_same_steps_back(steps: int, total: int, ratio: float) -> None:
    assert share_of(steps, total) == ratio and math.ceil(ratio * total) == steps


ERRORS = [
    ({"scheduler": {"type": "OneCycle", "params": {}}}, "the studio maps DeepSpeed's WarmupCosineLR"),
    ({"scheduler": "cosine"}, "expected DeepSpeed's {type: WarmupCosineLR, params: {...}}"),
    (
        {"scheduler": {"type": "WarmupCosineLR", "params": {"cos_min_ratio": 0.1, "warmup_max_lr": 1e-3}}},
        "scheduler.params.warmup_max_lr: not a WarmupCosineLR parameter",
    ),
    ({"cos_min_ratio": 1.5}, "cos_min_ratio = 1.5: expected float from 0 to 1"),
    ({"warmup_num_steps": 10.5, "total_num_steps": 100}, "warmup_num_steps = 10.5: expected int from 0 or auto"),
    ({"warmup_num_steps": 95, "total_num_steps": 100}, "warmup_num_steps 95 is 95% of the 100-step run"),
    ({"warmup_type": "cubic"}, "warmup_type = 'cubic': must be one of log, linear"),
    (
        {"cos_min_ratio": 0.1, "scheduler": {"type": "WarmupCosineLR", "params": {}}},
        "cos_min_ratio: give WarmupCosineLR's parameters either in the scheduler block or at the top level",
    ),
]


@pytest.mark.parametrize(("values", "message"), ERRORS)
def test_what_cannot_be_mapped_is_refused_with_the_reason(values: dict, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        read_values(values)
    assert message in str(error.value)
