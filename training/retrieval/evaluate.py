"""Retrieval evaluation: Recall@K, NDCG@10, MRR@10 by sentence-transformers' IR evaluator (search is search.py)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from core.models.load import Prompts, prompts_of
from datasets_spec.canonical import document
from datasets_spec.formats.beir import Skipped, load_beir
from datasets_spec.store import StoredDataset

RECALL_AT = [1, 5, 10]
REPORTED = ["ndcg@10", "recall@1", "recall@5", "recall@10", "mrr@10"]


@dataclass
class RetrievalSet:
    """Queries, the documents they search, and which documents answer which query; what a BEIR folder had that
    could not be searched (passages without text) is left out and counted in `skipped`."""

    queries: dict[str, str]
    documents: dict[str, str]
    relevant: dict[str, set[str]]
    skipped: Skipped = field(default_factory=Skipped)

    @classmethod
    def from_dataset(
        cls, dataset: StoredDataset, split: str = "validation", passages: Collection[str] | None = None
    ) -> RetrievalSet:
        """The split's queries over the whole corpus, or over `passages` only (validation_corpus.py's sample)."""
        examples = dataset.validation if split == "validation" else dataset.train
        corpus = dataset.corpus if passages is None else {pid: dataset.corpus[pid] for pid in passages}
        return cls(
            {e["query_id"]: e["query_text"] for e in examples},
            {pid: document(p) for pid, p in corpus.items()},
            {e["query_id"]: set(e["positive_passages"]) for e in examples},
        )

    @classmethod
    def from_beir(cls, folder: str | Path, split: str = "test") -> RetrievalSet:
        beir = load_beir(folder, split)
        return cls(beir.queries, {pid: document(p) for pid, p in beir.corpus.items()}, beir.qrels, beir.skipped)


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
