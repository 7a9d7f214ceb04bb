"""One number, one function: the Configure tab, the doctor and Compare give the same figure for the same question.

Each case is a config a user might build on the bundled sample, with its numbers worked by hand. For each, the
numbers the Configure tab's engine calls give (`quantities` and `meanings` on the tab's horizon, the LR marker), the
doctor's (`examine` without the probe: its quantities, which `python -m training doctor --json` prints, and the
values of the findings that cite a number) and Compare's (`diff` against the default, with the panel's row count) are
asserted equal to each other and to the hand-worked value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from transformers import AutoTokenizer

from studio.tabs.compare_panel import rows_of
from studio.tabs.configure import origin_line, origin_of
from tests.training.builders import build_tiny_causal_lm, sft_config
from training.config.studio import StudioConfig, set_value
from training.doctor.examine import examine
from training.insight.diff import diff
from training.insight.explain import lr_change, meanings
from training.insight.quantities import lora_scale, quantities
from training.insight.schedule import learning_rates, marker, run_horizon

SAMPLE_PAIRS = 398  # query-positive pairs of the bundled legal sample: one embedding row each


def bert_base(vocab: int) -> int:
    """The tiny BERT (hidden 32, 2 layers, intermediate 64, 256 positions) under AutoModel, by hand."""
    embeddings = vocab * 32 + 256 * 32 + 2 * 32 + 2 * 32  # words, positions, token types, LayerNorm
    layer = 4 * (32 * 32 + 32) + (32 * 64 + 64) + (64 * 32 + 32) + 2 * 2 * 32  # attention, FFN, two LayerNorms
    return embeddings + 2 * layer + (32 * 32 + 32)  # + pooler


def bert_base_of(config: StudioConfig) -> int:
    return bert_base(len(AutoTokenizer.from_pretrained(config.model.name_or_path)))


def llama_base(vocab: int) -> int:
    """The tiny Llama (hidden 32, 2 layers, intermediate 64, untied head) under AutoModelForCausalLM, by hand."""
    layer = 4 * 32 * 32 + 3 * 32 * 64 + 2 * 32  # q k v o, gate up down, two RMSNorms
    return 2 * vocab * 32 + 2 * layer + 32  # embeddings and head, layers, final norm


# LoRA adds r × (in + out) per adapted linear layer. BERT's targets (query key value dense) in one layer: four
# 32→32 (q, k, v, attention output), 32→64 and 64→32: 4 × 64 + 96 + 96 = 448 per unit of r; the pooler's dense
# (32→32) has no layer index, so a layer subset leaves it out. Llama's q k v o: 4 × 64 = 256 per layer.
BERT_LORA_PER_R = 2 * 448 + 64  # 960: both layers and the pooler


@dataclass(frozen=True)
class Case:
    name: str
    edits: dict[str, Any]  # dotted field → value, on the default config with the tiny model
    numbers: dict[str, Any]  # hand-worked: effective_batch … lora_scale; trainable is LoRA's share on top of base
    doctor: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule → values the finding must cite
    sft: bool = False


CASES = [
    Case(
        "default",
        {},
        # 398 / 16 = 24.9 → 25 steps per epoch, × 3 epochs = 75; warmup ⌈0.1 × 75⌉ = 8
        {
            "effective_batch": 16,
            "in_batch_negatives": 15,
            "steps_per_epoch": 25,
            "total_steps": 75,
            "warmup_steps": 8,
            "trainable": 16 * BERT_LORA_PER_R,  # 15,360
            "lora_scale": 32 / 16,
            "tokens_per_step": 16 * 128 * 3,  # query, passage and a hard negative (auto: every example has one)
        },
    ),
    Case(
        "accumulation_max_steps",
        {
            "training.per_device_train_batch_size": 4,
            "training.gradient_accumulation_steps": 8,
            "training.max_steps": 12,
            "training.eval_steps": 1,
            "training.learning_rate": 1.2e-3,
            "lora.use_lora": False,
        },
        # 4 × 8 = 32 per step; 12 steps, warmup ⌈1.2⌉ = 2; the first evaluation (step 1) is at 1/2 of 1.2e-3
        {
            "effective_batch": 32,
            "in_batch_negatives": 3,
            "steps_per_epoch": None,  # max_steps sets the length: the tab and Compare don't count rows
            "total_steps": 12,
            "warmup_steps": 2,
            "trainable": None,  # full fine-tuning: every parameter
            "lora_scale": None,
            "tokens_per_step": 32 * 128 * 3,
        },
        {
            "warmup": {"step": 1, "lr": 6e-4, "lr_share": 0.5, "total_steps": 12, "warmup_steps": 2},
            "batch_small": {"batch": 4, "in_batch_negatives": 3},
            # 398 / 32 = 12.4 → 13 steps would be one epoch: 12 steps run 12 / 13 of it
            "few_steps": {"total_steps": 12, "effective_batch": 32, "per_epoch": 13, "run_epochs": 12 / 13},
        },
    ),
    Case(
        "lora_last_layer",
        {"lora.layers_to_transform": [1], "lora.r": 8, "training.warmup_ratio": 0.3},
        # warmup ⌈0.3 × 75⌉ = 23, long enough for the doctor: midway, step 11, is at 11 / 23 of the peak
        {
            "effective_batch": 16,
            "in_batch_negatives": 15,
            "steps_per_epoch": 25,
            "total_steps": 75,
            "warmup_steps": 23,
            "trainable": 8 * 448,  # 3,584: layer 1 only, no pooler
            "lora_scale": 32 / 8,
            "tokens_per_step": 16 * 128 * 3,
        },
        {"warmup": {"step": 11, "lr": 11 / 23 * 3e-4, "lr_share": 11 / 23, "total_steps": 75, "warmup_steps": 23}},
    ),
    Case(
        "sft_capped",
        {"data.max_train_samples": 20, "training.max_steps": -1, "training.num_train_epochs": 2.0},
        # the cap leaves 20 chats: 20 / 4 = 5 steps per epoch, × 2 = 10; warmup ⌈1.0⌉ = 1
        {
            "effective_batch": 4,
            "in_batch_negatives": None,  # no contrastive loss
            "steps_per_epoch": 5,
            "total_steps": 10,
            "warmup_steps": 1,
            "trainable": 16 * 2 * 256,  # 8,192: q k v o in both layers
            "lora_scale": 32 / 16,
            "tokens_per_step": 4 * 256,  # prompt and answer are one sequence
        },
        {"few_steps": {"total_steps": 10, "effective_batch": 4, "per_epoch": 5, "train_rows": 20}},
        sft=True,
    ),
]


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-llama"))


def build(case: Case, bert: Path, llama: Path) -> StudioConfig:
    config = sft_config(llama) if case.sft else StudioConfig()
    if not case.sft:
        config.model.name_or_path = str(bert)
    for path, value in case.edits.items():
        set_value(config, path, value)
    return config


def expected(case: Case, config: StudioConfig) -> dict[str, Any]:
    """The hand-worked numbers, with the base model's parameters counted by hand from its vocabulary."""
    vocab = len(AutoTokenizer.from_pretrained(config.model.name_or_path))
    base = llama_base(vocab) if case.sft else bert_base(vocab)
    trainable = case.numbers["trainable"]
    total = base + (trainable or 0)
    numbers = {k: v for k, v in case.numbers.items() if k not in ("trainable", "lora_scale")}
    return numbers | {
        "trainable_parameters": trainable or base,
        "total_parameters": total,
        "trainable_share": (trainable or base) / total,
    }


def meaning(config: StudioConfig, span, rule: str) -> dict[str, Any] | None:
    return next((p for p in meanings(config, span) if p["id"] == rule), None)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_configure_doctor_and_compare_give_the_hand_worked_number(
    case: Case, data_dir: Path, tiny_model: Path, tiny_llama: Path
) -> None:
    config = build(case, tiny_model, tiny_llama)
    want = expected(case, config)

    # the Configure tab: the derived panel and the meanings, on the horizon its preview draws
    span = run_horizon(config)
    tab = quantities(config, span).to_dict()
    assert {k: tab[k] for k in want} == pytest.approx(want)
    batch = meaning(config, span, "meaning_batch")
    negatives = batch["negatives"].get("n")  # "nothing" for a task without in-batch negatives
    assert (batch["effective"], negatives) == (want["effective_batch"], want["in_batch_negatives"])
    warmup = meaning(config, span, "meaning_warmup")
    assert (warmup["total"], warmup["warmup"]) == (want["total_steps"], want["warmup_steps"])
    scale = meaning(config, span, "meaning_lora_scale")
    if case.numbers["lora_scale"] is None:
        assert scale is None  # no adapter, no scale
    else:
        assert scale["scale"] == lora_scale(config.lora) == case.numbers["lora_scale"]

    # the doctor: the quantities `doctor --json` prints are the tab's, and each finding cites the same numbers
    findings, ctx = examine(config)
    assert ctx.quantities.to_dict() == tab
    cited = {f.rule: f.values for f in findings}
    rates = learning_rates(config, span)
    for rule, values in case.doctor.items():
        assert {k: cited[rule][k] for k in values} == pytest.approx(values), rule
    if "warmup" in case.doctor:  # the LR at the step the doctor names is the tab's marker there
        at = marker(rates, config.training.learning_rate, cited["warmup"]["step"])
        assert (at.rate, at.share) == (cited["warmup"]["lr"], cited["warmup"]["lr_share"])
    if "few_steps" in case.doctor:
        assert cited["few_steps"]["total_steps"] == tab["total_steps"]
        assert cited["few_steps"]["effective_batch"] == tab["effective_batch"]
    if "batch_small" in case.doctor:
        assert cited["batch_small"]["in_batch_negatives"] == tab["in_batch_negatives"]

    # Compare: the default against this config, with the rows the panel counts
    default = build(CASES[0], tiny_model, tiny_llama)
    derived = {d.key: d for d in diff(default, config, a_rows=rows_of(default), b_rows=rows_of(config)).derived}
    for key, value in want.items():
        if key == "total_parameters":
            continue  # Compare shows the trainable count and its share
        if key == "in_batch_negatives" and value is None:
            assert derived[key].b is None and derived[key].why_b == "not_embedding"
        elif key == "steps_per_epoch" and value is None:
            assert derived[key].b is None and derived[key].why_b == "needs_rows"
        else:
            assert derived[key].b == pytest.approx(value) == tab[key], key
    assert derived["final_lr"].b == tab["final_lr"] == rates[-1]
    assert derived["memory_gib"].b == tab["memory_gib"]


def test_the_ratio_between_two_configs_is_one_number(data_dir: Path, tiny_model: Path, tiny_llama: Path) -> None:
    """3e-4 → 1.2e-3 is 4× higher on Compare, on the Configure tab (against the preset it started from) and in the
    doctor (against --previous); the trainable parameters of rank 16 on every layer → rank 8 on layer 1 are
    3,584 / 15,360 of each other in Compare's table and in the rank's impact, and the LoRA scale moves 2 → 4."""
    default = build(CASES[0], tiny_model, tiny_llama)
    raised = build(CASES[1], tiny_model, tiny_llama)
    compared = diff(default, raised, a_rows=rows_of(default), b_rows=rows_of(raised))
    lr = next(c for c in compared.changes if c.path == "training.learning_rate")
    assert lr.values["change"] == {"id": "ratio_higher", "times": pytest.approx(4)}
    tab = lr_change(default.training.learning_rate, raised.training.learning_rate)
    assert (tab.ratio, tab.direction) == (pytest.approx(4), "higher")
    assert "4× higher" in origin_line(raised, origin_of("preset", "default", default), "en")[0]
    findings, _ = examine(raised, previous=default)
    change = next(f for f in findings if f.rule == "learning_rate_change").values
    assert (change["ratio"], change["direction"]) == (tab.ratio, "higher")
    effective = {d.key: d for d in compared.derived}["effective_batch"]
    assert (effective.a, effective.b, effective.ratio) == (16, 32, 2)

    subset = build(CASES[2], tiny_model, tiny_llama)
    compared = diff(default, subset, a_rows=rows_of(default), b_rows=rows_of(subset))
    trainable = {d.key: d for d in compared.derived}["trainable_parameters"]
    assert (trainable.a, trainable.b) == (16 * BERT_LORA_PER_R, 8 * 448)
    assert trainable.ratio == pytest.approx(3584 / 15360)
    rank = next(c for c in compared.changes if c.path == "lora.r")
    assert rank.impact == "rank_counted" and rank.values["times"] == trainable.ratio
    assert rank.values["scale"] == {"id": "scale_moves", "a": 2.0, "b": 4.0}
    assert [lora_scale(default.lora), lora_scale(subset.lora)] == [
        meaning(c, None, "meaning_lora_scale")["scale"] for c in (default, subset)
    ]
    assert math.isclose(quantities(subset, run_horizon(subset)).trainable_share, 3584 / (bert_base_of(subset) + 3584))
