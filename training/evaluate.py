"""Retrieval evaluation and search: Recall@K, NDCG@10, MRR@10 by sentence-transformers' IR evaluator."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import torch

from datasets_spec.canonical import document
from datasets_spec.formats.beir import load_beir
from datasets_spec.store import StoredDataset
from training.models import Prompts, prompts_of

RECALL_AT = [1, 5, 10]
REPORTED = ["ndcg@10", "recall@1", "recall@5", "recall@10", "mrr@10"]


@dataclass
class RetrievalSet:
    """Queries, the documents they search, and which documents answer which query."""

    queries: dict[str, str]
    documents: dict[str, str]
    relevant: dict[str, set[str]]

    @classmethod
    def from_dataset(cls, dataset: StoredDataset, split: str = "validation") -> RetrievalSet:
        examples = dataset.validation if split == "validation" else dataset.train
        return cls(
            {e["query_id"]: e["query_text"] for e in examples},
            {pid: document(p) for pid, p in dataset.corpus.items()},
            {e["query_id"]: set(e["positive_passages"]) for e in examples},
        )

    @classmethod
    def from_beir(cls, folder: str | Path, split: str = "test") -> RetrievalSet:
        beir = load_beir(folder, split)
        return cls(beir.queries, {pid: document(p) for pid, p in beir.corpus.items()}, beir.qrels)


def ir_evaluator(
    data: RetrievalSet,
    prompts: Prompts,
    *,
    name: str = "validation",
    batch_size: int = 64,
    show_progress_bar: bool = False,
):
    """The evaluator used both during training and after it, so the numbers mean the same thing everywhere."""
    from sentence_transformers.sentence_transformer.evaluation import InformationRetrievalEvaluator
    from sentence_transformers.util import cos_sim

    return InformationRetrievalEvaluator(
        data.queries,
        data.documents,
        data.relevant,
        name=name,
        batch_size=batch_size,
        show_progress_bar=show_progress_bar,
        mrr_at_k=[10],
        ndcg_at_k=[10],
        accuracy_at_k=RECALL_AT,
        precision_recall_at_k=RECALL_AT,
        map_at_k=[10],
        write_csv=False,
        score_functions={"cosine": cos_sim},  # fixed, so metric names don't depend on the model's own default
        query_prompt=prompts.query or None,
        corpus_prompt=prompts.passage or None,
    )


def score(model, data: RetrievalSet, *, batch_size: int = 64, show_progress_bar: bool = False) -> dict[str, float]:
    """NDCG@10, Recall@1/5/10, MRR@10 (and the evaluator's other figures) under plain metric names."""
    raw = ir_evaluator(data, prompts_of(model), batch_size=batch_size, show_progress_bar=show_progress_bar)(model)
    return {key.split("_cosine_", 1)[1]: float(value) for key, value in raw.items() if "_cosine_" in key}


class CorpusIndex:
    """A model's embeddings of one corpus, computed once, searched by cosine similarity."""

    def __init__(
        self, model, documents: dict[str, str], *, batch_size: int = 64, show_progress_bar: bool = False
    ) -> None:
        self.model = model
        self.ids = list(documents)
        self.prompts = prompts_of(model)
        self.embeddings = model.encode_document(
            list(documents.values()),
            prompt=self.prompts.passage,
            batch_size=batch_size,
            convert_to_tensor=True,
            normalize_embeddings=True,
            show_progress_bar=show_progress_bar,
        )

    def search(self, query: str, top_k: int = 10) -> list[tuple[str, float]]:
        q = self.model.encode_query(
            [query], prompt=self.prompts.query, convert_to_tensor=True, normalize_embeddings=True
        )
        scores = (q @ self.embeddings.T)[0]
        top = torch.topk(scores, min(top_k, len(self.ids)))
        return [(self.ids[i], float(s)) for s, i in zip(top.values.tolist(), top.indices.tolist(), strict=True)]


class IndexCache:
    """A few recent (model, corpus) indexes, so repeated test queries don't re-encode the corpus."""

    def __init__(self, capacity: int = 4) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple[str, str], CorpusIndex] = OrderedDict()

    @staticmethod
    def fingerprint(documents: dict[str, str]) -> str:
        digest = hashlib.sha1()
        for pid, text in documents.items():
            digest.update(pid.encode())
            digest.update(text.encode())
        return digest.hexdigest()

    def get(self, model_key: str, load_model, documents: dict[str, str]) -> CorpusIndex:
        key = (model_key, self.fingerprint(documents))
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        index = CorpusIndex(load_model(), documents)
        self._items[key] = index
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return index
