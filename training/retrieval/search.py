"""Searching a corpus three ways, each timed: a dense model (cosine over cached embeddings), BM25 (the project's
bm25s index with Korean character n-grams, as hard-negative mining uses) and their reciprocal-rank fusion.

BM25 and the hybrid are the reference rows: a fine-tuned model is worth its training when it beats them on the
user's own data.
"""

from __future__ import annotations

import json
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import torch

from core.models.load import Prompts, is_run_dir, load_embedding_model, prompts_of, resolve_model_path
from core.recent import Recent
from datasets_spec.mining.bm25 import BM25Index, make_tokenizer
from training.retrieval.embedding_cache import EmbeddingCache, Progress, corpus_embeddings, model_fingerprint

Hit = tuple[str, float]  # (passage id, score), best first
RRF_K = 60  # Cormack, Clarke & Büttcher (2009): k = 60 damps the weight of the very first ranks
FUSION_DEPTH = 100  # hits taken from each ranking into the fusion
QUERY_CHUNK = 256  # queries per matmul: bounds the (queries x passages) score matrix at 100k passages to ~100 MB


@dataclass
class Found:
    hits: list[Hit]
    ms: float  # wall time of this query, encoding included


class Searcher(Protocol):
    name: str

    def search(self, query: str, k: int = 10) -> Found: ...

    def search_many(self, queries: Sequence[str], k: int) -> list[list[Hit]]: ...


def _ordered(hits: list[Hit]) -> list[Hit]:
    """Best first, equal scores by id: the order sentence-transformers' evaluator ranks by."""
    return sorted(hits, key=lambda h: (-h[1], h[0]))


def _timed(searcher: Searcher, query: str, k: int) -> Found:
    start = time.perf_counter()
    hits = searcher.search_many([query], k)[0]
    return Found(hits, (time.perf_counter() - start) * 1000)


class DenseSearcher:
    """Cosine similarity of the query to every passage: one matmul and a top-k over L2-normalised rows."""

    def __init__(self, name: str, ids: Sequence[str], embeddings: np.ndarray | torch.Tensor, model=None) -> None:
        if len(ids) != len(embeddings):
            raise ValueError(f"{len(ids)} passage ids but {len(embeddings)} embeddings")
        self.name, self.ids, self.model = name, list(ids), model
        device = model.device if model is not None else "cpu"
        self.embeddings = torch.as_tensor(embeddings, dtype=torch.float32).to(device)
        self.prompts = prompts_of(model) if model is not None else Prompts()

    def named(self, name: str) -> DenseSearcher:
        """The same model and embeddings under another name (one loaded model shown as "A" and as "B")."""
        return DenseSearcher(name, self.ids, self.embeddings, self.model)

    def encode(self, queries: Sequence[str]) -> torch.Tensor:
        return self.model.encode_query(
            list(queries), prompt=self.prompts.query, convert_to_tensor=True, normalize_embeddings=True
        )

    def nearest(self, vectors: torch.Tensor, k: int) -> list[list[Hit]]:
        """The k passages nearest to each normalised query vector."""
        k = min(k, len(self.ids))
        out: list[list[Hit]] = []
        for start in range(0, len(vectors), QUERY_CHUNK):
            top = torch.topk(vectors[start : start + QUERY_CHUNK] @ self.embeddings.T, k, dim=1)
            for values, indices in zip(top.values.tolist(), top.indices.tolist(), strict=True):
                out.append(_ordered([(self.ids[i], v) for i, v in zip(indices, values, strict=True)]))
        return out

    def search_many(self, queries: Sequence[str], k: int) -> list[list[Hit]]:
        return self.nearest(self.encode(queries), k) if queries else []

    def search(self, query: str, k: int = 10) -> Found:
        return _timed(self, query, k)


class BM25Searcher:
    """bm25s over character bigrams of each word, the tokenizer mining uses: no dictionary, and a Korean stem
    matches under any particle or ending."""

    name = "BM25"

    def __init__(
        self,
        documents: dict[str, str],
        *,
        tokenizer: str = "char-ngram",
        ngram_size: int = 2,
        progress: Progress | None = None,
    ) -> None:
        self.ids = list(documents)
        on_document = (lambda done: progress(done, len(self.ids))) if progress else None
        tokenize = make_tokenizer(tokenizer, ngram_size)
        self.index = BM25Index(list(documents.values()), tokenize, on_document=on_document)

    def search_many(self, queries: Sequence[str], k: int) -> list[list[Hit]]:
        tokens = [self.index.query_ids(q) for q in queries]
        asked = [i for i, t in enumerate(tokens) if t]  # a query sharing no term with the corpus finds nothing
        out: list[list[Hit]] = [[] for _ in queries]
        if asked:
            found, scores = self.index.search([tokens[i] for i in asked], k)
            for row, i in enumerate(asked):
                pairs = zip(found[row].tolist(), scores[row].tolist(), strict=True)
                out[i] = _ordered([(self.ids[d], s) for d, s in pairs if s > 0])  # score 0 shares no term
        return out

    def search(self, query: str, k: int = 10) -> Found:
        return _timed(self, query, k)


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[Hit]:
    """Reciprocal rank fusion: each passage scores the sum of 1 / (k + rank) over the rankings it is in."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking, start=1):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (k + rank)
    return _ordered(list(fused.items()))


class HybridSearcher:
    """BM25 and a dense model fused by reciprocal rank: no score calibration between the two is needed."""

    def __init__(self, dense: DenseSearcher, bm25: BM25Searcher, *, k: int = RRF_K, depth: int = FUSION_DEPTH):
        self.dense, self.bm25, self.k, self.depth = dense, bm25, k, depth
        self.name = f"hybrid (BM25 + {dense.name})"

    def fuse(self, dense_rows: list[list[Hit]], bm25_rows: list[list[Hit]], k: int) -> list[list[Hit]]:
        return [
            rrf([[pid for pid, _ in d], [pid for pid, _ in b]], self.k)[:k]
            for d, b in zip(dense_rows, bm25_rows, strict=True)
        ]

    def search_many(self, queries: Sequence[str], k: int) -> list[list[Hit]]:
        depth = max(k, self.depth)
        return self.fuse(self.dense.search_many(queries, depth), self.bm25.search_many(queries, depth), k)

    def search(self, query: str, k: int = 10) -> Found:
        return _timed(self, query, k)


@dataclass(frozen=True)
class ModelRef:
    """A model to search with: a run directory, a Hub id or a local path, at a max_seq_length (None: its own)."""

    name_or_path: str
    max_seq_length: int | None = None
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.name_or_path


def dense_searcher(
    ref: ModelRef,
    documents: dict[str, str],
    *,
    cache: EmbeddingCache | None = None,
    corpus_name: str = "",
    batch_size: int = 32,
    progress: Progress | None = None,
) -> DenseSearcher:
    """Load the model and its embeddings of the corpus, encoding only the passages the disk cache has none of."""
    fingerprint = model_fingerprint(ref.name_or_path, ref.max_seq_length)
    model = load_embedding_model(ref.name_or_path, max_seq_length=ref.max_seq_length)
    slot = f"{ref.name_or_path} @ {ref.max_seq_length or 'own length'} on {corpus_name}" if corpus_name else None
    embeddings = corpus_embeddings(
        model, fingerprint, documents, cache=cache, slot=slot, batch_size=batch_size, progress=progress
    )
    return DenseSearcher(ref.name, list(documents), embeddings, model)


def needs_network(name_or_path: str) -> bool:
    """A Hub id that is neither a folder here, nor shipped by a package, nor in the local Hugging Face cache: its
    first use downloads it (and fails offline)."""
    if is_run_dir(name_or_path):
        return False
    try:
        local = resolve_model_path(name_or_path, convert=False)
    except FileNotFoundError:  # converted here from a package on first use: no network
        return False
    if local != name_or_path or Path(local).expanduser().is_dir() or local.startswith((".", "/", "~")):
        return False
    from huggingface_hub import try_to_load_from_cache

    try:
        return not isinstance(try_to_load_from_cache(name_or_path, "config.json"), str)
    except ValueError:  # not a valid repo id: a typo, which loading will name
        return False


class SearcherPool:
    """Dense searchers by (model, corpus) and BM25 indexes by corpus, each made once and kept in memory for every
    user of the app (a searcher never changes once made): a second search of a corpus only encodes the query. The
    embeddings also stay on disk (embedding_cache), so after a restart only the model is loaded again."""

    def __init__(self, dense: int = 4, bm25: int = 2, cache: EmbeddingCache | None = None) -> None:
        self._dense, self._bm25, self.cache = Recent(dense), Recent(bm25), cache

    def dense(
        self,
        ref: ModelRef,
        corpus_key: Hashable,
        documents: dict[str, str],
        *,
        corpus_name: str = "",
        progress: Progress | None = None,
    ) -> DenseSearcher:
        """`corpus_key` changes whenever the corpus does; the model's key is its fingerprint (a retrained run's
        files change it), so a changed model or corpus is never answered from memory."""
        model = json.dumps(model_fingerprint(ref.name_or_path, ref.max_seq_length), sort_keys=True)
        return self._dense.get(
            (model, corpus_key),
            lambda: dense_searcher(ref, documents, cache=self.cache, corpus_name=corpus_name, progress=progress),
        ).named(ref.name)

    def bm25(
        self, corpus_key: Hashable, documents: dict[str, str], *, progress: Progress | None = None
    ) -> BM25Searcher:
        return self._bm25.get(corpus_key, lambda: BM25Searcher(documents, progress=progress))
