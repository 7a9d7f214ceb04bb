"""The Configure tab's LR preview: the run's real horizon on its dataset, and the marked step in words."""

from __future__ import annotations

from pathlib import Path

from studio.tabs.configure import preview
from training.config import StudioConfig


def test_preview_of_the_default_config_on_the_sample(data_dir: Path) -> None:
    frame, text = preview(StudioConfig(), None, "en")
    assert text.startswith("**75** optimiser steps (25 per epoch), **8** of them warmup (11%)")
    assert text.endswith("at step 8: 0.0003 = 100% of peak.")
    assert frame["step"].iloc[-1] == 75 and frame["learning_rate"].max() == 3e-4
    assert preview(StudioConfig(), 40, "en")[1].endswith("at step 40: 0.000157 = 52% of peak.")
    assert "에폭당 25" in preview(StudioConfig(), 40, "ko")[1]


def test_preview_says_why_it_is_missing(data_dir: Path) -> None:
    config = StudioConfig()
    config.data.dataset = "not-stored"
    frame, text = preview(config, None, "en")
    assert frame is None and text.startswith("No preview yet: dataset 'not-stored' not found")
