"""Loading a preset on the Configure tab (issue 19): a preset for the person's task sets the training settings and
keeps their task, model and dataset; a preset for another task comes whole, and the page says what it replaced."""

from __future__ import annotations

import re

import pytest

from studio.form import config_to_values, form_fields
from studio.tabs.configure import load_preset
from training.config.presets import KEPT, PRESETS, apply_preset, preset, presets_for
from training.config.studio import StudioConfig, get_value

PATHS = [spec.path for spec in form_fields()]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def chosen_experiment(task: str = "classification") -> StudioConfig:
    """A person's experiment: their own data and model for `task`, batch 8, as the Data tab left it."""
    config = StudioConfig()
    config.task, config.data.dataset, config.data.max_train_samples = task, "my-cp949-labels", 50
    config.model.name_or_path, config.model.num_labels = "klue/roberta-small", 3
    config.training.per_device_train_batch_size = 8
    return config


@pytest.mark.parametrize("name", list(PRESETS))
def test_a_preset_for_the_task_sets_training_settings_and_keeps_the_experiment(name: str) -> None:
    wanted = preset(name)
    chosen = chosen_experiment(wanted.task)
    loaded = apply_preset(name, chosen)
    for path in (*KEPT, "lora.target_modules", "lora.layers_to_transform"):  # another model's module names
        assert get_value(loaded, path) == get_value(chosen, path), path
    for path in ("lora.r", "lora.lora_alpha", "training.learning_rate", "training.max_steps", "model.max_seq_length"):
        assert get_value(loaded, path) == get_value(wanted, path), path
    assert loaded.training.per_device_train_batch_size == wanted.training.per_device_train_batch_size

    *values, origin, note = load_preset("en", name, *config_to_values(chosen))  # the page's handler
    assert values == config_to_values(loaded) and note == ""
    assert origin == {"kind": "preset", "name": name, "learning_rate": wanted.training.learning_rate}


def test_a_preset_for_the_same_model_brings_its_lora_targets() -> None:
    chosen = StudioConfig()
    chosen.task, chosen.model.name_or_path = "sft", preset("sft-json-cpu").model.name_or_path
    chosen.data.dataset = "my-chats"
    loaded = apply_preset("sft-json-cpu", chosen)
    assert loaded.lora.target_modules == ["q_proj", "k_proj", "v_proj", "o_proj"]  # the module names of that model
    assert (loaded.task, loaded.data.dataset, loaded.training.learning_rate) == ("sft", "my-chats", 1e-3)


def test_a_preset_for_another_task_comes_whole_and_says_what_it_replaced() -> None:
    chosen = chosen_experiment("classification")
    *values, origin, note = load_preset("en", "sft-json-cpu", *config_to_values(chosen))
    assert values == config_to_values(preset("sft-json-cpu"))  # an SFT preset on classification data cannot train
    assert origin["name"] == "sft-json-cpu"
    assert note.startswith("**Note:** preset **sft-json-cpu** trains **sft**, not **classification**, so it brought")
    assert "dataset `json-task-ko-sample` in place of yours (`my-cp949-labels`)" in note
    assert note.endswith("To keep your data, load a preset for classification: classification-lora.")
    korean = load_preset("ko", "sft-json-cpu", *config_to_values(chosen))[-1]
    assert HANGUL.search(korean) and "my-cp949-labels" in korean and "To keep" not in korean


def test_presets_are_listed_by_the_task_they_train() -> None:
    assert presets_for("classification") == ["classification-lora"]
    assert set(presets_for("sft")) == {"sft-json-cpu", "sft-7b-json-lora"}
    assert presets_for("no-such-task") == []


@pytest.mark.parametrize(("name", "kept"), [("classification-lora", True), ("sft-json-cpu", False)])
def test_a_preset_on_a_form_with_a_bad_value_follows_the_typed_task(name: str, kept: bool) -> None:
    values = config_to_values(chosen_experiment("classification"))
    values[PATHS.index("training.learning_rate")] = ""  # being retyped: the form does not parse
    *shown, _, note = load_preset("en", name, *values)
    dataset, task = shown[PATHS.index("data.dataset")], shown[PATHS.index("task")]
    assert ((dataset, task) == ("my-cp949-labels", "classification")) is kept
    assert (note == "") is kept
    assert shown[PATHS.index("training.learning_rate")] == preset(name).training.learning_rate
