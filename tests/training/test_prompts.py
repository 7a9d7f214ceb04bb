"""A model's own query / passage prompts are used in training, evaluation and search; other models are untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from core.models.load import load_embedding_model
from training.config.studio import StudioConfig
from training.retrieval.search import ModelRef, dense_searcher
from training.tasks.embedding import build_trainer, column_prompts

PROMPTS = {"query": "query: ", "passage": "passage: "}


@pytest.fixture(scope="module")
def prompted_model(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny BERT as a sentence-transformers folder that declares E5-style prompts."""
    folder = tmp_path_factory.mktemp("prompted") / "model"
    model = load_embedding_model(str(tiny_model))
    model.prompts = dict(PROMPTS)
    model.save(str(folder))
    assert json.loads((folder / "config_sentence_transformers.json").read_text())["prompts"] == PROMPTS
    return folder


def test_column_prompts_follow_the_model(tiny_model: Path, prompted_model: Path) -> None:
    assert column_prompts(load_embedding_model(str(tiny_model)), ["anchor", "positive"]) is None
    prompted = load_embedding_model(str(prompted_model))
    assert column_prompts(prompted, ["anchor", "positive", "negative"]) == {
        "anchor": "query: ",
        "positive": "passage: ",
        "negative": "passage: ",
    }


def test_search_encodes_with_the_prompts(tiny_model: Path, prompted_model: Path, data_dir: Path) -> None:
    documents = {"민법|750": "불법행위의 내용\n고의 또는 과실로 인한 위법행위", "형법|347": "사기\n사람을 기망하여"}
    for folder, prefix in [(prompted_model, PROMPTS), (tiny_model, {"query": "", "passage": ""})]:
        searcher = dense_searcher(ModelRef(str(folder)), documents)
        model = searcher.model
        expected = model.encode(
            [prefix["passage"] + d for d in documents.values()], convert_to_tensor=True, normalize_embeddings=True
        )
        assert torch.allclose(searcher.embeddings, expected, atol=1e-5)
        query = model.encode([prefix["query"] + "손해배상"], convert_to_tensor=True, normalize_embeddings=True)[0]
        best = max(documents, key=lambda pid: float(query @ searcher.embeddings[list(documents).index(pid)]))
        assert searcher.search("손해배상", k=1).hits[0][0] == best


def test_trainer_gets_the_prompts_only_when_the_model_has_them(
    tiny_model: Path, prompted_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    # the bundled sample carries hard negatives, so use_hard_negatives "auto" adds a negative column: a passage too
    prompted = {"anchor": "query: ", "positive": "passage: ", "negative": "passage: "}
    for folder, expected in [(prompted_model, prompted), (tiny_model, None)]:
        config = StudioConfig()
        config.model.name_or_path = str(folder)
        config.model.max_seq_length = 32
        trainer = build_trainer(config, tmp_path / folder.name, [])
        assert trainer.args.prompts == expected


def test_evaluator_applies_the_prompts_by_itself(tiny_model: Path, prompted_model: Path) -> None:
    """What `python -m training eval` and training's evaluation use: prompts come from the model, not the caller."""
    from core.models.load import prompts_of
    from training.retrieval.evaluate import RetrievalSet, ir_evaluator

    data = RetrievalSet({"q": "손해배상"}, {"d": "불법행위"}, {"q": {"d"}})
    prompted = ir_evaluator(data, prompts_of(load_embedding_model(str(prompted_model))))
    assert (prompted.query_prompt, prompted.corpus_prompt) == ("query: ", "passage: ")
    plain = ir_evaluator(data, prompts_of(load_embedding_model(str(tiny_model))))
    assert (plain.query_prompt, plain.corpus_prompt) == (None, None)
