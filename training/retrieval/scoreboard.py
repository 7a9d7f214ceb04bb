"""Scoring several searchers on one query set: per-query ranks and metrics, and the aggregate computed by
sentence-transformers' own evaluator from the same hits, so a dense row equals `python -m training eval`."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.models.load import Prompts
from training.retrieval.evaluate import RECALL_AT, RetrievalSet, ir_evaluator
from training.retrieval.search import BM25Searcher, DenseSearcher, Hit, HybridSearcher, Searcher

DEPTH = 100  # hits kept per query: a gold passage below rank 10 still gets its rank shown, up to here
NDCG_AT = 10


def gold_rank(ranked: Sequence[str], gold: set[str]) -> int | None:
    """1-based rank of the first gold passage, None when none is in the ranking."""
    return next((i for i, pid in enumerate(ranked, start=1) if pid in gold), None)


def query_metrics(ranked: Sequence[str], gold: set[str]) -> dict[str, float | int | None]:
    """One query's rank of first gold, reciprocal rank within 10 (MRR@10), NDCG@10 and Recall@1/5/10, with binary
    relevance and recall over all of its gold passages, as sentence-transformers computes them."""
    if not gold:
        raise ValueError("a query without gold passages has no metrics")
    rank = gold_rank(ranked, gold)
    dcg = sum(1 / math.log2(i + 2) for i, pid in enumerate(ranked[:NDCG_AT]) if pid in gold)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(gold), NDCG_AT)))
    return {
        "rank": rank,
        "mrr@10": 1 / rank if rank is not None and rank <= 10 else 0.0,
        "ndcg@10": dcg / ideal,
        **{f"recall@{k}": len(gold.intersection(ranked[:k])) / len(gold) for k in RECALL_AT},
    }


@dataclass
class Scoreboard:
    names: list[str]  # searchers, in the order given
    aggregate: dict[str, dict[str, float]]  # searcher -> metric -> mean over the queries
    ms: dict[str, float]  # searcher -> wall time per query, averaged over the batch
    queries: list[dict]  # {"query_id", "query", "gold", "metrics": {searcher: query_metrics()}}


def _flatten(nested: dict) -> dict[str, float]:
    """{"ndcg@k": {10: x}} -> {"ndcg@10": x}, the names score() reports."""
    return {name.replace("@k", f"@{k}"): float(v) for name, values in nested.items() for k, v in values.items()}


def score_searchers(
    searchers: Sequence[Searcher],
    data: RetrievalSet,
    *,
    depth: int = DEPTH,
    progress: Callable[[int, int, str], None] | None = None,
) -> Scoreboard:
    """Every searcher on every query with gold; a hybrid reuses its parts' rankings when they are scored too."""
    names = [s.name for s in searchers]
    if len(set(names)) != len(names):
        raise ValueError(f"searchers need distinct names to be told apart: {names}")
    evaluator = ir_evaluator(data, Prompts())  # only its metric code runs here: nothing is encoded
    ids = evaluator.queries_ids
    if not ids:
        raise ValueError("no query has a gold passage in the corpus: nothing to score")
    texts = [data.queries[q] for q in ids]
    rows: dict[int, list[list[Hit]]] = {}
    spent: dict[int, float] = {}
    board = Scoreboard(names, {}, {}, [])
    for n, searcher in enumerate(searchers):
        if progress:
            progress(n, len(searchers), searcher.name)
        start = time.perf_counter()
        parts = (id(searcher.dense), id(searcher.bm25)) if isinstance(searcher, HybridSearcher) else ()
        reused = bool(parts) and all(p in rows for p in parts)
        found = searcher.fuse(rows[parts[0]], rows[parts[1]], depth) if reused else searcher.search_many(texts, depth)
        ms = (time.perf_counter() - start) * 1000 / len(ids)
        if reused:  # what the hybrid costs on its own: both searches, then the fusion
            ms += sum(spent[p] for p in parts)
        if isinstance(searcher, DenseSearcher | BM25Searcher):
            rows[id(searcher)], spent[id(searcher)] = found, ms
        board.ms[searcher.name] = ms
        results = [[{"corpus_id": pid, "score": s} for pid, s in hits] for hits in found]
        board.aggregate[searcher.name] = _flatten(evaluator.compute_metrics(results))
        for i, hits in enumerate(found):
            if n == 0:
                board.queries.append(
                    {"query_id": ids[i], "query": texts[i], "gold": sorted(data.relevant[ids[i]]), "metrics": {}}
                )
            board.queries[i]["metrics"][searcher.name] = query_metrics([pid for pid, _ in hits], data.relevant[ids[i]])
    if progress:
        progress(len(searchers), len(searchers), "done")
    return board


@dataclass
class Compared:
    """One searcher's answer to one query: its top k, where the first gold passage ranks, how long it took."""

    name: str
    hits: list[Hit]
    gold_rank: int | None
    ms: float


def compare(
    searchers: Sequence[Searcher], query: str, gold: set[str], *, k: int = 10, depth: int = DEPTH
) -> list[Compared]:
    """Every searcher on one query, side by side; the gold rank is looked for down to `depth`."""
    if not query.strip():
        raise ValueError("the query is empty")
    out = []
    for searcher in searchers:
        found = searcher.search(query.strip(), max(k, depth))
        out.append(Compared(searcher.name, found.hits[:k], gold_rank([p for p, _ in found.hits], gold), found.ms))
    return out
