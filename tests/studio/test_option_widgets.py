"""The data layer's option sets on the Data and Augment tabs come from the one widget factory the Configure tab uses:
the same controls, defaults and bounds as before, each bound read from the field's declaration, labels in both
languages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import gradio as gr
import pytest

from datasets_spec.stats import StatsOptions
from studio.session import owner_state
from studio.tabs import augment, data
from training.config.groups import ModelArgs


def built(tab, lang: str) -> dict[str, gr.Component]:
    with gr.Blocks():
        return tab.build(lang, owner_state())


# (tab, component, its kind, value, minimum, maximum) as the tabs showed them before the option sets were declared
WIDGETS = [
    (augment, "llm_kind", gr.Dropdown, "paraphrase", None, None),
    (augment, "llm_per_example", gr.Number, 2, 1, 10),
    (augment, "llm_limit", gr.Number, 10, 1, None),
    (augment, "llm_seed", gr.Number, 42, None, None),
    (augment, "llm_min_score", gr.Textbox, "", None, None),  # empty = no threshold: a gr.Number would send 0
    (augment, "n", gr.Number, 1000, 1, None),
    (augment, "mode", gr.Dropdown, "sampled", None, None),
    (augment, "seed", gr.Number, 42, None, None),
    (augment, "holdout", gr.Textbox, "", None, None),
    (augment, "mine.range_min", gr.Number, 10, 0, None),
    (augment, "mine.num_negatives", gr.Number, 8, 1, 200),
    (augment, "mine.relative_margin", gr.Number, 0.05, 0.0, 1.0),
    (data, "max_len", gr.Number, 128, 8, 8192),
    (data, "min_samples", gr.Number, 5, 1, None),
]


@pytest.mark.parametrize(("tab", "key", "kind", "value", "low", "high"), WIDGETS, ids=[w[1] for w in WIDGETS])
def test_each_option_keeps_its_control_default_and_bounds(
    tab, key: str, kind: type, value, low, high, data_dir: Path
) -> None:
    c = built(tab, "en")[key]
    assert type(c) is kind and c.value == value
    if kind is gr.Number:
        assert (c.minimum, c.maximum) == (low, high)
    assert c.info  # the field's explanation, from its declaration


@pytest.mark.parametrize("tab", [augment, data])
def test_korean_labels_and_help(tab, data_dir: Path) -> None:
    c = built(tab, "ko")
    keys = [w[1] for w in WIDGETS if w[0] is tab]
    for key in keys:
        assert any("가" <= ch <= "힣" for ch in c[key].label + c[key].info), key


def test_the_data_tabs_max_seq_length_is_the_training_configs() -> None:
    ours = {f.name: f for f in dataclasses.fields(StatsOptions)}["max_seq_length"]
    theirs = {f.name: f for f in dataclasses.fields(ModelArgs)}["max_seq_length"]
    assert (ours.default, ours.metadata["min"], ours.metadata["max"]) == (
        theirs.default,
        theirs.metadata["min"],
        theirs.metadata["max"],
    )
