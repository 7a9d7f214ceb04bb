"""Candidates ranked by the embedding model being tuned: the passages it currently puts nearest a query.

Encoding and search are sentence-transformers' (encode with the model's prompts, util.semantic_search with the
model's similarity function); this file only batches them so a progress bar can move.
"""

from __future__ import annotations

import time
from typing import Any

from core.models.load import load_embedding_model, prompts_of
from core.models.names import DEFAULT_EMBEDDING_MODEL
from datasets_spec.canonical import document
from datasets_spec.mining.options import MineOptions
from datasets_spec.mining.ranked import QUERY_BATCH, Progress, Ranked


def model_ranked(
    examples: list[dict],
    corpus: dict[str, dict],
    ids: list[str],
    positives: list[list[int]],
    depth: list[int],
    options: MineOptions,
    model: Any,
    progress: Progress,
    timings: dict[str, float],
) -> list[Ranked]:
    """Each query's nearest passages by the model's own similarity, queries and passages encoded with the model's
    prompts; `model` None loads `options.model` (or the studio's default)."""
    import torch
    from sentence_transformers.util import semantic_search

    start = time.perf_counter()
    if model is None:
        model = load_embedding_model(options.model or DEFAULT_EMBEDDING_MODEL)
    prompts = prompts_of(model)
    timings["load model"] = time.perf_counter() - start

    def encode(texts: list[str], prompt: str, what: str) -> torch.Tensor:
        step = options.batch_size * 16  # a progress tick every 16 batches
        parts = []
        for begin in range(0, len(texts), step):
            chunk = texts[begin : begin + step]
            parts.append(
                model.encode(chunk, prompt=prompt or None, batch_size=options.batch_size, convert_to_tensor=True)
            )
            progress(begin + len(chunk), len(texts), what)
        return torch.cat(parts) if parts else torch.empty(0)

    start = time.perf_counter()
    passages = encode([document(corpus[pid]) for pid in ids], prompts.passage, "encoding the corpus")
    queries = encode([e["query_text"] for e in examples], prompts.query, "encoding the queries")
    timings["encode"] = time.perf_counter() - start
    start = time.perf_counter()
    ranked = []
    for begin in range(0, len(examples), QUERY_BATCH):
        rows = range(begin, min(begin + QUERY_BATCH, len(examples)))
        k = max(depth[i] for i in rows)
        hits = semantic_search(queries[begin : rows.stop], passages, top_k=k, score_function=model.similarity)
        for i, found in zip(rows, hits, strict=True):
            found = found[: depth[i]]
            own = positives[i]
            pair = model.similarity_pairwise(queries[[i] * len(own)], passages[own]).tolist() if own else []
            ranked.append(Ranked([h["corpus_id"] for h in found], [h["score"] for h in found], pair))
        progress(rows.stop, len(examples), "searching")
    timings["retrieve"] = time.perf_counter() - start
    return ranked
