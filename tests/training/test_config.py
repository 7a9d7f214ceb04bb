"""The typed config: YAML round trip, errors that name the field, and an explanation for every field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studio.form import config_to_values, values_to_config
from training.config.studio import ConfigError, StudioConfig, field_specs, from_dict, load_yaml, save_yaml, to_dict


def test_yaml_round_trip(tmp_path: Path) -> None:
    config = StudioConfig()
    config.training.learning_rate = 2e-4
    config.lora.target_modules = ["query", "value"]
    config.model.name_or_path = "intfloat/multilingual-e5-small"
    save_yaml(config, tmp_path / "c.yaml")
    assert load_yaml(tmp_path / "c.yaml") == config


def test_yaml_reads_exponent_without_dot_as_a_number(tmp_path: Path) -> None:
    """PyYAML (YAML 1.1) parses `2e-4` as a string; users write it that way all the time."""
    (tmp_path / "c.yaml").write_text("training:\n  learning_rate: 2e-4\n", encoding="utf-8")
    assert load_yaml(tmp_path / "c.yaml").training.learning_rate == pytest.approx(0.0002)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"training": {"learnin_rate": 1e-4}}, "unknown config key 'training.learnin_rate'"),
        ({"optimizer": {}}, "unknown config key 'optimizer'"),
        ({"training": {"learning_rate": 0}}, "training.learning_rate = 0.0: must be > 0"),
        ({"training": {"learning_rate": -1e-5}}, "training.learning_rate"),
        ({"training": {"warmup_ratio": 1.5}}, "training.warmup_ratio = 1.5: must be >= 0 and <= 0.9"),
        ({"training": {"per_device_train_batch_size": 1}}, "training.per_device_train_batch_size = 1: must be >= 2"),
        ({"training": {"per_device_train_batch_size": 8.5}}, "expected int"),
        ({"training": {"lr_scheduler_type": "cosine_restarts"}}, "must be one of linear, cosine"),
        ({"lora": {"r": 0}}, "lora.r = 0: must be >= 1"),
        ({"lora": {"target_modules": []}}, "lora.target_modules: must name at least one entry"),
        ({"loss": {"temperature": 0}}, "loss.temperature = 0.0: must be > 0"),
        ({"loss": {"use_hard_negatives": "maybe"}}, "loss.use_hard_negatives = 'maybe': must be one of auto, true"),
        ({"task": "regression"}, "task = 'regression': must be one of embedding"),
        ({"training": 3}, "training: must be a mapping"),
        ({"model": {"name_or_path": "  "}}, "model.name_or_path: must not be empty"),
        (
            {"lora": {"layers_to_transform": [-1]}},
            "lora.layers_to_transform = [-1]: layer indices must be >= 0: peft finds a layer by the number in its "
            "module name (model.layers.35.mlp), which is never -1, so a negative index adapts nothing. Count from 0: "
            "the last layer of an L-layer model is L-1 (35 of 36 layers)",
        ),
        (
            {"lora": {"layers_to_transform": [-8, -7, -6, -5, -4, -3, -2, -1]}},
            "which is never -8, so a negative index adapts nothing. Count from 0: the last 8 of an L-layer model are "
            "L-8 to L-1 (28 to 35 of 36 layers)",
        ),
    ],
)
def test_bad_values_name_the_field(values: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        from_dict(values)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("training:\n  learning_rate: [1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.yaml: not valid YAML"):
        load_yaml(path)
    path.write_text("training:\n  epochs: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.yaml: unknown config key 'training.epochs'.*num_train_epochs"):
        load_yaml(path)


@pytest.mark.parametrize("spec", field_specs(), ids=lambda s: s.path)
def test_every_field_is_explained_in_both_languages(spec) -> None:
    assert spec.label.strip()
    for lang in ("en", "ko"):
        # Korean says in 20 characters what English needs 40 for
        assert len(spec.help[lang]) >= (40 if lang == "en" else 20), f"{spec.path} needs a real explanation in {lang}"


def test_field_names_follow_the_ecosystem() -> None:
    paths = {s.path for s in field_specs()}
    for name in (
        "learning_rate",
        "warmup_ratio",
        "lr_scheduler_type",
        "per_device_train_batch_size",
        "gradient_accumulation_steps",
        "max_grad_norm",
        "num_train_epochs",
    ):
        assert f"training.{name}" in paths
    for name in ("r", "lora_alpha", "lora_dropout", "target_modules"):
        assert f"lora.{name}" in paths


def test_form_values_round_trip_through_the_config() -> None:
    config = StudioConfig()
    values = config_to_values(config)
    assert values_to_config(values) == config
    values[[s.path for s in field_specs()].index("lora.target_modules")] = "query, value"
    values[[s.path for s in field_specs()].index("training.max_steps")] = 12.0  # gr.Number gives floats
    changed = values_to_config(values)
    assert changed.lora.target_modules == ["query", "value"]
    assert changed.training.max_steps == 12
    assert to_dict(changed)["training"]["max_steps"] == 12
