"""GradCache: the cached MNRL the config switches on is the same loss as plain MNRL, and a run trains with it."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from training.config.studio import StudioConfig
from training.tasks.embedding import build_trainer, contrastive_loss

QUERIES = [
    "민법 제750조 불법행위",
    "임대차 보증금 반환",
    "근로시간 연장",
    "교통사고 과실",
    "개인정보 동의",
    "상속 포기",
]
PASSAGES = [
    "고의 또는 과실로 손해를 가한 자",
    "보증금을 돌려받을 권리",
    "1주 12시간 한도",
    "운전자 주의의무",
    "수집 동의",
    "포기 신고",
]


def features(model, texts: list[str]) -> dict[str, torch.Tensor]:
    return model.tokenize(texts)


def test_cached_loss_equals_plain_loss_on_the_same_batch(tiny_model: Path) -> None:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import (
        CachedMultipleNegativesRankingLoss,
        MultipleNegativesRankingLoss,
    )

    model = SentenceTransformer(str(tiny_model)).eval()  # no dropout: both losses see the same embeddings
    config = StudioConfig()
    plain = contrastive_loss(model, config)
    config.loss.gradcache_mini_batch_size = 2
    cached = contrastive_loss(model, config)
    assert type(plain) is MultipleNegativesRankingLoss and type(cached) is CachedMultipleNegativesRankingLoss
    assert cached.mini_batch_size == 2 and cached.scale == plain.scale == pytest.approx(20.0)

    batch = [features(model, QUERIES), features(model, PASSAGES)]
    labels = torch.empty(0)
    expected = plain(batch, labels)
    got = cached([features(model, QUERIES), features(model, PASSAGES)], labels)
    assert got.item() == pytest.approx(expected.item(), rel=1e-5)


@pytest.mark.slow
def test_a_run_with_gradcache_trains(tiny_model: Path, data_dir: Path, tmp_path: Path) -> None:
    from sentence_transformers.sentence_transformer.losses import CachedMultipleNegativesRankingLoss

    config = StudioConfig()
    config.model.name_or_path = str(tiny_model)
    config.model.max_seq_length = 32
    config.training.per_device_train_batch_size = 16
    config.training.max_steps = 2
    config.training.save_steps = 100
    config.loss.gradcache_mini_batch_size = 4
    trainer = build_trainer(config, tmp_path / "run", callbacks=[])
    assert isinstance(trainer.loss, CachedMultipleNegativesRankingLoss)
    result = trainer.train()
    assert result.global_step == 2 and torch.isfinite(torch.tensor(result.training_loss))


def test_memory_estimate_of_a_gradcache_batch_is_that_of_its_mini_batch(tiny_model: Path) -> None:
    from training.insight.quantities import memory_gib

    def estimate(batch: int, mini_batch: int) -> float:
        config = StudioConfig()
        config.model.name_or_path = str(tiny_model)
        config.training.per_device_train_batch_size = batch
        config.loss.gradcache_mini_batch_size = mini_batch
        return memory_gib(config, total=1000, trainable=10)

    assert estimate(1024, 64) == estimate(64, 0) < estimate(1024, 0)
