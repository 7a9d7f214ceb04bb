"""A doctor finding leaves the Configure tab's panel once its fix is applied (issue 19: it stayed on screen): the
panel checks the form again after each edit, once the doctor has been run, and says a probe measured an older
config. Also: the panel marks severity in words, not emoji."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.form import config_to_values
from studio.tabs.doctor_panel import apply_fix, recheck, run_doctor
from training.config.studio import StudioConfig


def small_batch(model: Path) -> StudioConfig:
    """The default run with the tiny model and 4 examples a batch: each query sees only 3 in-batch negatives."""
    config = StudioConfig()
    config.model.name_or_path = str(model)
    config.training.per_device_train_batch_size = 4
    return config


@pytest.mark.slow
def test_a_fixed_finding_leaves_the_doctor_panel_on_the_next_edit(data_dir: Path, tiny_model: Path) -> None:
    values = config_to_values(small_batch(tiny_model))
    text, fixes, *_ = run_doctor("en", False, *values)
    assert "**Warning** · **Only 3 in-batch negatives per query" in text
    assert recheck("en", None, *values)[0] == {"__type__": "update"}  # the doctor was never run: the panel is left

    index = next(i for i, fix in enumerate(fixes) if fix.path == "training.per_device_train_batch_size")
    *fixed, button = apply_fix(index, fixes, *values)  # what the Fix button does; the field's change re-checks
    assert button == {"__type__": "update", "visible": False}
    again, fixes_after, *_ = recheck("en", {"probe": False}, *fixed)
    assert "in-batch negatives" not in again, again
    assert all(fix.path != "training.per_device_train_batch_size" for fix in fixes_after)

    stale = recheck("ko", {"probe": True}, *fixed)[0]  # the probe's numbers were the old config's: said so
    assert stale.startswith("**순전파 점검:** 마지막 수정 전의 설정을 잰 값입니다")
