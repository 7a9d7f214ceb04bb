"""The Augment tab's model-written variants section: idle until asked, its table and messages on real engine output
from a tiny random causal LM, and its errors as words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from datasets_spec import store
from studio.tabs import augment_llm
from tests.datasets_spec.tiny_models import build_seeded_bert, build_small_lm
from training.config.groups import OFFLINE_SMOLLM2


@pytest.fixture(scope="module")
def small_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_lm(tmp_path_factory.mktemp("small-lm"))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seeded_bert(tmp_path_factory.mktemp("seeded-bert"))


def form(lm: Path | str, tiny_model: Path, **changes) -> list:
    """The section's inputs in the order the buttons send them."""
    values = {
        "source": store.SAMPLE_NAME,
        "model": str(lm),
        "kind": "paraphrase",
        "per_example": 2,
        "limit": 3,
        "seed": 42,
        "embedding": str(tiny_model),
        "min_score": "",
    }
    return list({**values, **changes}.values())


def test_the_section_is_collapsed_and_runs_nothing_until_asked(data_dir: Path) -> None:
    import gradio as gr

    from studio.session import owner_state
    from studio.tabs import augment

    with gr.Blocks() as demo:
        c = augment.build("en", owner_state())
    assert c["llm_model"].value == OFFLINE_SMOLLM2 and c["llm_kind"].value == "paraphrase"
    section = next(b for b in demo.blocks.values() if isinstance(b, gr.Accordion) and "Model-written" in b.label)
    assert section.open is False
    assert not (data_dir / "models").exists()  # no model was converted or loaded to build the page


@pytest.mark.slow
def test_preview_shows_every_candidate_with_its_verdict(small_lm: Path, tiny_model: Path, data_dir: Path) -> None:
    message, frame = augment_llm.run_llm(*form(small_lm, tiny_model), None, "en")
    assert "3 of 276 training queries of legal-ko-sample" in message and "→ 6 written" in message
    assert list(frame.columns) == ["source query", "variant", "cosine (rank)", "kept / why dropped"]
    assert len(frame) == 6
    verdicts = list(frame["kept / why dropped"])
    assert all(v == "kept" or v.startswith("dropped (") for v in verdicts)
    kept = sum(v == "kept" for v in verdicts)
    assert f"{kept} kept" in message
    assert any("#" in score for score in frame["cosine (rank)"])  # what reached answerability has a score and rank
    korean, frame = augment_llm.run_llm(*form(small_lm, tiny_model), None, "ko")
    assert list(frame.columns) == ["원본 질의", "변형", "코사인 (순위)", "유지 / 버린 이유"]
    assert (
        "legal-ko-sample의 학습 질의 276개 중 3개" in korean
        and "→ 6개 씀" in korean
        and "시간: 모델 불러오기" in korean
    )
    assert not re.search(r"\b(?:dropped|time|answerability|written|kept)\b", korean), korean
    assert not (data_dir / "datasets" / "legal-ko-variants").exists()


@pytest.mark.slow
def test_save_stores_with_how_it_was_made(small_lm: Path, tiny_model: Path, data_dir: Path) -> None:
    # No cosine reaches 1, so with that floor nothing passes and nothing is stored.
    message, frame = augment_llm.run_llm(*form(small_lm, tiny_model, limit=5, min_score="1"), "variants", "en")
    assert "no variant passed the filters" in message and frame is None
    assert not (data_dir / "datasets" / "variants").exists()
    # A random embedding model puts a passage in the top 3 of 50 about one time in 17: the first seed under which
    # a variant passes (both models' weights are seeded, so it is the same seed on every run).
    for seed in range(20):
        values = form(small_lm, tiny_model, limit=5, seed=seed, min_score="-1")
        message, _ = augment_llm.run_llm(*values, "variants", "en")
        if "Stored" in message:
            break
    kept = int(re.search(r"→ 10 written, (\d+) kept", message).group(1))
    assert kept >= 1 and f"Stored **variants** ({276 + 69 + kept} examples)" in message
    manifest = json.loads((data_dir / "datasets" / "variants" / "manifest.json").read_text("utf-8"))
    assert manifest["made_by"]["parameters"]["min_score"] == -1.0
    assert manifest["made_by"]["model"] == str(small_lm)
    again, frame = augment_llm.run_llm(*values, "variants", "en")
    assert again.startswith("**Error** · ") and "already exists" in again and frame is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"model": "  "}, "Name a causal LM first"),
        ({"min_score": "high"}, "**Error** · min_score = 'high': a cosine from -1 to 1, or empty for none"),
        ({"per_example": 2, "kind": "summary"}, "**Error** · kind = 'summary': must be one of paraphrase, question"),
        ({"model": "/no/such/model"}, "cannot load it as a causal LM here"),
        ({"source": "nothing-here"}, "not found"),
    ],
)
def test_errors_are_messages(changes: dict, expected: str, small_lm: Path, tiny_model: Path, data_dir: Path) -> None:
    message, frame = augment_llm.run_llm(*form(small_lm, tiny_model, **changes), None, "en")
    assert expected in message and frame is None and "Traceback" not in message
