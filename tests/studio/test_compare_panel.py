"""The Configure tab's comparison without a browser: the form against a preset, and a run's saved config."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.form import config_to_values
from studio.tabs import compare_panel
from training.config.studio import StudioConfig


@pytest.mark.slow
def test_the_form_against_a_preset_lists_changes_and_derived_numbers(data_dir: Path, tiny_model: Path) -> None:
    config = StudioConfig()
    config.model.name_or_path = str(tiny_model)
    form = config_to_values(config)
    table, summary = compare_panel.compare("en", compare_panel.FORM, "preset: embedding-full-gpu", *form)
    changed = table[table[""] == "changed"]
    assert {"lora.use_lora", "training.learning_rate", "training.per_device_train_batch_size"} <= set(
        changed["setting"]
    )
    derived = table[table[""] == "derived"].set_index("setting")
    assert derived.loc["effective batch", "A"] == "16" and derived.loc["effective batch", "B"] == "64"
    assert "fields differ" in summary
    same, summary = compare_panel.compare("en", compare_panel.FORM, compare_panel.FORM, *form)
    assert summary == "No field differs." and (same[""] == "derived").all()
