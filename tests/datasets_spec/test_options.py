"""Every option set of the data layer declared once, as the training config is (tests/training/test_config.py): each
field a `knob` with a label and English and Korean help, its bounds and choices enforced here rather than by a
widget, and the CLI's defaults read from the same declaration."""

from __future__ import annotations

import argparse
import dataclasses
import re

import pytest

from core.knobs import ConfigError, field_type
from datasets_spec.augment.llm import cli as llm_cli
from datasets_spec.augment.llm.options import LlmOptions
from datasets_spec.augment.slots import cli as slots_cli
from datasets_spec.augment.slots.options import SlotOptions
from datasets_spec.mining.options import MineOptions
from datasets_spec.stats import StatsOptions

OPTION_SETS = [MineOptions, LlmOptions, SlotOptions, StatsOptions]
FIELDS = [(options, f) for options in OPTION_SETS for f in dataclasses.fields(options)]
HANGUL = re.compile("[가-힣]")


def field_id(case) -> str:
    options, f = case
    return f"{options.__name__}.{f.name}"


@pytest.mark.parametrize("case", FIELDS, ids=[field_id(c) for c in FIELDS])
def test_every_field_has_a_label_and_help_in_both_languages(case) -> None:
    _, f = case
    assert f.metadata["label"].strip()
    assert len(f.metadata["help"]["en"]) > 10 and HANGUL.search(f.metadata["help"]["ko"])


def outside(options: type, f: dataclasses.Field) -> list:
    """Values just past each bound the field declares, and a choice it does not offer."""
    m, kind = f.metadata, field_type(options, f)
    step = 1 if kind is int else 0.01
    bad = []
    if m["min"] is not None:
        bad.append(m["min"] if m["exclusive_min"] else m["min"] - step)
    if m["max"] is not None:
        bad.append(m["max"] + step)
    if m["choices"]:
        bad.append("no-such-choice")
    return bad


BOUNDED = [(o, f, v) for o, f in FIELDS for v in outside(o, f)]


@pytest.mark.parametrize("case", BOUNDED, ids=[f"{o.__name__}.{f.name}={v}" for o, f, v in BOUNDED])
def test_bounds_and_choices_are_enforced_in_the_data_layer(case) -> None:
    options, f, value = case
    with pytest.raises(ConfigError, match=rf"^{f.name} = {re.escape(repr(value))}: must be "):
        options(**{f.name: value})


@pytest.mark.parametrize("options", OPTION_SETS)
def test_defaults_pass_and_empty_means_not_set(options: type) -> None:
    default = options()
    for f in dataclasses.fields(options):
        if f.metadata["allow_empty"] or f.default is None:
            assert dataclasses.replace(default, **{f.name: None}) is not None


def parsed(add_command, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_command(parser.add_subparsers())
    return parser.parse_args(list(argv))


def test_the_clis_keep_their_flags_and_read_the_declared_defaults() -> None:
    args = parsed(llm_cli.add_llm_command, "llm", "source", "--model", "m")
    assert llm_cli.options_from(args) == LlmOptions(model="m")
    args = parsed(llm_cli.add_llm_command, "llm", "s", "--model", "m", "--per-example", "3", "--top-p", "0.5")
    assert (llm_cli.options_from(args).per_example, llm_cli.options_from(args).top_p) == (3, 0.5)
    args = parsed(slots_cli.add_slots_command, "slots", "spec.yaml")
    assert SlotOptions(args.n, args.mode, args.seed, args.holdout_ratio) == SlotOptions()


def test_cross_field_rules_stay_with_their_option_set() -> None:
    with pytest.raises(ConfigError, match="range_min = 10: must be below range_max"):
        MineOptions(range_min=10, range_max=5)
    with pytest.raises(ConfigError, match="max_chars = 10: must not be below min_chars"):
        LlmOptions(model="m", min_chars=50, max_chars=10).check()
