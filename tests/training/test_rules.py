"""The training config's cross-field rules (training/config/rules.py) on their own, without a dataset: each names
its fields and numbers, and the schedule's maths is unchanged for a config that passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.config.rules import Blocker, machines_rule, metric_rules, precision_rule, schedule_rule
from training.config.studio import StudioConfig
from training.insight.schedule import horizon, scheduler_kwargs
from training.tasks.common import training_arguments

OVERLAP = {"warmup_ratio": 0.5, "decay_ratio": 0.6, "warmup_steps": 50, "decay_steps": 60, "total_steps": 100}


def wsd(warmup: float, decay: float, steps: int = 100) -> StudioConfig:
    config = StudioConfig()
    t = config.training
    t.lr_scheduler_type, t.max_steps, t.warmup_ratio, t.decay_ratio = "warmup_stable_decay", steps, warmup, decay
    return config


@pytest.mark.parametrize(
    ("warmup", "decay", "decay_steps", "found"),
    [
        (0.1, 0.2, 20, []),
        (0.5, 0.5, 50, []),  # warmup 50 + decay 50: no stable stretch, but nothing cut
        (
            0.5,
            0.6,
            50,  # the preview's clip, shown beside the rule that refuses the config
            [
                Blocker(
                    "schedule_overlap",
                    ("training.warmup_ratio", "training.decay_ratio"),
                    {
                        "warmup_ratio": 0.5,
                        "decay_ratio": 0.6,
                        "warmup_steps": 50,
                        "decay_steps": 60,
                        "total_steps": 100,
                    },
                )
            ],
        ),
    ],
)
def test_wsd_decay_fits_after_warmup_or_a_rule_says_it_does_not(
    warmup: float, decay: float, decay_steps: int, found: list[Blocker]
) -> None:
    config = wsd(warmup, decay)
    span = horizon(config)
    assert scheduler_kwargs(config, span)["num_decay_steps"] == decay_steps
    assert schedule_rule(config, span) == found


def test_other_schedulers_have_no_decay_to_overlap() -> None:
    config = wsd(0.9, 0.9)
    config.training.lr_scheduler_type = "cosine"
    assert schedule_rule(config, horizon(config)) == []


@pytest.mark.parametrize(("choice", "cuda", "found"), [("fp16", False, 1), ("bf16", False, 1), ("fp16", True, 0)])
def test_precision_against_the_device(choice: str, cuda: bool, found: int) -> None:
    config = StudioConfig()
    config.training.mixed_precision = choice
    assert [b.values for b in precision_rule(config, cuda)] == [{"precision": choice}] * found


def test_metric_rules_name_the_metric_and_the_task() -> None:
    config = StudioConfig()
    config.early_stopping.metric = "eval_macro_f1"
    assert [(b.rule, b.fields) for b in metric_rules(config)] == [("metric_task", ("early_stopping.metric", "task"))]
    config.task, config.early_stopping.metric, config.sft.eval_generations = "sft", "eval_field_match", 0
    assert metric_rules(config) == [
        Blocker("generation_metric", ("early_stopping.metric", "sft.eval_generations"), {"metric": "eval_field_match"})
    ]


def test_a_trainer_refuses_the_overlap_too(tmp_path: Path) -> None:
    """A config run from the CLI skips the studio's start check; its trainer arguments refuse it instead."""
    with pytest.raises(ValueError, match="training.warmup_ratio 0.5 and training.decay_ratio 0.6 overlap: 50 warmup"):
        training_arguments(wsd(0.5, 0.6), tmp_path, rows=10, has_eval=False)
    assert training_arguments(wsd(0.5, 0.5), tmp_path, rows=10, has_eval=False)["lr_scheduler_kwargs"] == {
        "num_decay_steps": 50,
        "min_lr_ratio": wsd(0.5, 0.5).training.min_lr_rate,
    }


@pytest.mark.parametrize(
    ("machines", "machine_rank", "ip", "port", "rule"),
    [
        (1, 0, "", 0, None),  # one machine: a free port is picked at launch
        (2, 1, "10.0.0.1", 29500, None),
        (2, 2, "10.0.0.1", 29500, "machine_rank"),
        (1, 1, "", 0, "machine_rank"),
        (2, 0, "", 29500, "machines_address"),
        (2, 0, "10.0.0.1", 0, "machines_address"),
    ],
)
def test_machines_know_their_place_and_where_they_meet(
    machines: int, machine_rank: int, ip: str, port: int, rule: str | None
) -> None:
    config = StudioConfig()
    t = config.training
    t.num_machines, t.machine_rank, t.main_process_ip, t.main_process_port = machines, machine_rank, ip, port
    assert [b.rule for b in machines_rule(config)] == ([rule] if rule else [])
