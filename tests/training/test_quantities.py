"""What a config implies, per task: an SFT or classification config has no in-batch negatives and one text a row."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.training.decoders import write_decoder
from training.config.studio import StudioConfig
from training.insight.diff import diff
from training.insight.quantities import quantities

# task, hard negatives → in-batch negatives and tokens per step at batch 16 × accumulation 2, 128 tokens
PER_TASK = [
    ("embedding", "false", 15, 32 * 128 * 2),  # 8,192: anchor and positive
    ("embedding", "true", 15, 32 * 128 * 3),  # 12,288: and a hard negative
    ("embedding", "auto", 15, 32 * 128 * 3),  # the bundled sample has negatives everywhere: on
    ("sft", "false", None, 32 * 128),  # 4,096: prompt and answer are one sequence
    ("sft", "true", None, 32 * 128),  # the loss fields don't apply
    ("classification", "false", None, 32 * 128),
]


def config_for(model: Path, task: str, hard_negatives: str = "false") -> StudioConfig:
    config = StudioConfig(task=task)
    config.model.name_or_path, config.model.max_seq_length = str(model), 128
    config.lora.target_modules = ["q_proj", "v_proj"]
    config.loss.use_hard_negatives = hard_negatives
    config.training.per_device_train_batch_size, config.training.gradient_accumulation_steps = 16, 2
    config.training.max_steps = 100
    return config


@pytest.mark.parametrize(("task", "hard_negatives", "negatives", "tokens"), PER_TASK)
def test_quantities_per_task(
    tmp_path: Path, data_dir: Path, task: str, hard_negatives: str, negatives, tokens: int
) -> None:
    q = quantities(config_for(write_decoder(tmp_path / "qwen2", "qwen2"), task, hard_negatives))
    assert (q.effective_batch, q.in_batch_negatives, q.tokens_per_step) == (32, negatives, tokens)


def test_compare_shows_in_batch_negatives_only_where_a_side_is_embedding(tmp_path: Path) -> None:
    model = write_decoder(tmp_path / "qwen2", "qwen2")
    sft_a, sft_b = config_for(model, "sft"), config_for(model, "sft")
    sft_b.training.per_device_train_batch_size = 8
    compared = diff(sft_a, sft_b)
    assert "in_batch_negatives" not in {d.key for d in compared.derived}
    assert compared.changes[0].impact == "batch" and compared.changes[0].values["negatives"] == {"id": "nothing"}
    mixed = {d.key: d for d in diff(config_for(model, "embedding"), sft_a).derived}["in_batch_negatives"]
    assert (mixed.a, mixed.b, mixed.why_a, mixed.why_b) == (15, None, "", "not_embedding")
