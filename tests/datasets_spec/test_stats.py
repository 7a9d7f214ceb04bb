"""Dataset statistics: positives, negatives and popular passages, lengths in characters or tokens with the share
cut at max_len, rare classes, histograms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datasets_spec.stats import statistics
from tests.datasets_spec.examples import LONG_TEXT, ids_folder, loaded_ok


def test_retrieval_statistics_count_positives_negatives_and_popular_passages(tmp_path: Path) -> None:
    loaded = loaded_ok(ids_folder(tmp_path / "ids"))
    stats = statistics("retrieval", loaded.examples, loaded.corpus)
    assert stats["examples"] == 4 and stats["passages"] == 5
    assert stats["positives_per_query"] == {1: 3, 2: 1}
    assert stats["negatives_per_query"] == {0: 1, 1: 2, 2: 1}
    assert stats["cited_passages"] == 4 and stats["uncited_passages"] == 1
    popular = stats["popular_positives"]
    assert [(p["id"], p["queries"]) for p in popular] == [
        ("민법|390", 2),
        ("민법|618", 1),
        ("민법|756", 1),
        ("민법|750", 1),
    ]
    assert popular[0]["title"] == "채무불이행" and popular[0]["share"] == 0.5
    assert stats["length_unit"] == "characters"
    assert stats["lengths"]["query"]["max"] == len("직원 교통사고 회사 책임")
    assert stats["lengths"]["passage"]["measured"] == 5
    json.dumps(stats, ensure_ascii=False)  # JSON-ready, as the Data tab and --json need


def test_token_lengths_give_the_share_cut_at_max_len(tiny_model: Path) -> None:
    from core.models.load import token_lengths

    lengths_of = token_lengths(str(tiny_model))
    short = ["민법", "보증금", "손해배상"]  # a few tokens each, with [CLS] and [SEP]
    long = [LONG_TEXT]
    assert max(lengths_of(short)) <= 16 < min(lengths_of(long))
    examples = [{"text": t, "label": "a"} for t in short + long]
    stats = statistics("classification", examples, lengths_of=lengths_of, unit="tokens", max_len=16)
    text = stats["lengths"]["text"]
    assert text["truncated_share"] == 0.25 and text["max_len"] == 16
    assert text["max"] == max(lengths_of(long)) and stats["length_unit"] == "tokens"
    chars = statistics("classification", examples, max_len=16)["lengths"]["text"]
    assert chars["max"] == len(long[0]) and chars["truncated_share"] == 0.25


def test_classification_statistics_mark_rare_classes() -> None:
    labels = ["계약"] * 6 + ["불법행위"] * 3 + ["가족"] * 1 + ["상속"] * 4
    examples = [{"text": f"문장 {i}", "label": label} for i, label in enumerate(labels)]
    stats = statistics("classification", examples, min_samples_per_class=4)
    assert stats["num_labels"] == 4 and stats["rare_classes"] == 2
    assert stats["classes"] == [
        {"label": "계약", "count": 6, "rare": False},
        {"label": "상속", "count": 4, "rare": False},
        {"label": "불법행위", "count": 3, "rare": True},
        {"label": "가족", "count": 1, "rare": True},
    ]
    assert statistics("classification", examples)["rare_classes"] == 3  # the default threshold is 5


@pytest.mark.parametrize("max_len", [None, 7, 500])
def test_histogram_counts_add_up_to_what_was_measured(tmp_path: Path, max_len: int | None) -> None:
    texts = ["가" * n for n in (1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 89, 144)]
    for task, examples in (
        ("classification", [{"text": t, "label": "x"} for t in texts]),
        ("sft", [{"messages": [{"role": "user", "content": t}, {"role": "assistant", "content": t}]} for t in texts]),
    ):
        stats = statistics(task, examples, max_len=max_len)
        for field in stats["lengths"].values():
            bins = field["histogram"]
            assert len(bins) == 20 and sum(b["count"] for b in bins) == field["measured"] == len(texts)
            assert bins[0]["from"] == 0 and all(a["to"] == b["from"] for a, b in zip(bins, bins[1:], strict=False))
            assert bins[-1]["to"] >= max(field["max"], max_len or 0)
    assert statistics("sft", examples)["turns"] == {2: len(texts)}
