"""Searching and scoring: dense top-k equals brute force, RRF on hand-made rankings, BM25 finds an exact title,
per-query metrics by hand, aggregates equal sentence-transformers' and `python -m training eval`'s, and the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from core.models.load import load_embedding_model
from datasets_spec import store
from training.__main__ import main
from training.retrieval.evaluate import REPORTED, RetrievalSet, score
from training.retrieval.scoreboard import compare, gold_rank, query_metrics, score_searchers
from training.retrieval.search import BM25Searcher, DenseSearcher, HybridSearcher, ModelRef, dense_searcher, rrf


@pytest.fixture
def sample(data_dir: Path) -> RetrievalSet:
    return RetrievalSet.from_dataset(store.load(store.SAMPLE_NAME), "validation")


def test_dense_top_k_equals_brute_force() -> None:
    rng = np.random.default_rng(7)
    corpus = rng.standard_normal((500, 16)).astype(np.float32)
    corpus /= np.linalg.norm(corpus, axis=1, keepdims=True)
    queries = rng.standard_normal((300, 16)).astype(np.float32)  # > one chunk of 256 queries
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    ids = [f"p{i}" for i in range(500)]
    found = DenseSearcher("random", ids, corpus).nearest(torch.from_numpy(queries), 10)
    scores = queries @ corpus.T
    for row, hits in enumerate(found):
        best = np.argsort(-scores[row])[:10]
        assert [pid for pid, _ in hits] == [ids[i] for i in best]
        np.testing.assert_allclose([s for _, s in hits], scores[row, best], rtol=1e-5)
    assert len(DenseSearcher("random", ids[:3], corpus[:3]).nearest(torch.from_numpy(queries[:1]), 10)[0]) == 3


def test_rrf_fuses_hand_made_rankings() -> None:
    fused = rrf([["a", "b", "c"], ["c", "a", "d"]], k=60)
    assert [pid for pid, _ in fused] == ["a", "c", "b", "d"]
    assert dict(fused) == pytest.approx({"a": 1 / 61 + 1 / 62, "c": 1 / 63 + 1 / 61, "b": 1 / 62, "d": 1 / 63})
    assert [pid for pid, _ in rrf([["x", "y"], ["y", "x"]])] == ["x", "y"], "a tie goes to the smaller id"
    assert rrf([[], []]) == []


def test_per_query_metrics_by_hand() -> None:
    gold = {"g1", "g2", "g3"}
    m = query_metrics(["x", "g1", "y", "g2"], gold)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert m["rank"] == 2 and m["mrr@10"] == 0.5
    assert m["ndcg@10"] == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / ideal)
    assert (m["recall@1"], m["recall@5"], m["recall@10"]) == (0, pytest.approx(2 / 3), pytest.approx(2 / 3))
    far = [f"n{i}" for i in range(11)] + ["g1"]
    assert query_metrics(far, {"g1"}) == {
        "rank": 12, "mrr@10": 0.0, "ndcg@10": 0.0, "recall@1": 0.0, "recall@5": 0.0, "recall@10": 0.0
    }  # fmt: skip
    assert gold_rank(["a", "b"], {"c"}) is None
    with pytest.raises(ValueError, match="without gold"):
        query_metrics(["a"], set())


def test_bm25_finds_an_exact_title_first(data_dir: Path) -> None:
    corpus = store.load(store.SAMPLE_NAME).corpus
    titles = [p["title"] for p in corpus.values()]
    pid, passage = next((pid, p) for pid, p in corpus.items() if len(p["title"]) > 4 and titles.count(p["title"]) == 1)
    bm25 = BM25Searcher({q: f"{p['title']}\n{p['text']}" for q, p in corpus.items()})
    found = bm25.search(passage["title"], k=10)
    assert found.hits[0][0] == pid and found.ms > 0
    assert bm25.search_many(["@@@"], 10) == [[]], "a query sharing no term finds nothing"


def test_aggregates_equal_the_evaluator_and_eval(tiny_model: Path, sample: RetrievalSet, data_dir: Path) -> None:
    dense = dense_searcher(ModelRef(str(tiny_model), 32), sample.documents, corpus_name="sample")
    bm25 = BM25Searcher(sample.documents)
    hybrid = HybridSearcher(dense, bm25)
    board = score_searchers([dense, bm25, hybrid], sample)
    assert board.names == [str(tiny_model), "BM25", f"hybrid (BM25 + {tiny_model})"]
    assert len(board.queries) == len(sample.queries) == 69
    for name in board.names:  # our per-query numbers average to sentence-transformers' aggregate
        for key in REPORTED:
            mean = sum(q["metrics"][name][key] for q in board.queries) / len(board.queries)
            assert mean == pytest.approx(board.aggregate[name][key], abs=1e-9), (name, key)
    reference = score(load_embedding_model(str(tiny_model), max_seq_length=32), sample)
    for key in REPORTED:
        assert board.aggregate[dense.name][key] == pytest.approx(reference[key], abs=1e-6), key
    assert board.aggregate["BM25"]["ndcg@10"] > board.aggregate[dense.name]["ndcg@10"], "a random model loses"
    # The hybrid fused from the scored rankings equals the hybrid searched on its own.
    fused_alone = score_searchers([hybrid], sample)
    assert fused_alone.aggregate[hybrid.name] == pytest.approx(board.aggregate[hybrid.name])
    assert board.ms[hybrid.name] >= board.ms[dense.name] + board.ms["BM25"], "a fused row costs both searches"
    with pytest.raises(ValueError, match="distinct names"):
        score_searchers([bm25, bm25], sample)


def test_compare_ranks_gold_beyond_the_shown_top_k(sample: RetrievalSet) -> None:
    bm25 = BM25Searcher(sample.documents)
    qid = next(iter(sample.queries))
    rows = compare([bm25], sample.queries[qid], sample.relevant[qid], k=3)
    full = [p for p, _ in bm25.search(sample.queries[qid], 100).hits]
    assert len(rows[0].hits) == 3 and rows[0].gold_rank == gold_rank(full, sample.relevant[qid])
    with pytest.raises(ValueError, match="empty"):
        compare([bm25], "  ", set())


@pytest.mark.slow
def test_cli_search_and_eval_with_reference_rows(
    tiny_model: Path, sample: RetrievalSet, data_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    qid = next(iter(sample.queries))
    args = ["--model", str(tiny_model), "--dataset", store.SAMPLE_NAME, "--max-seq-length", "32"]
    assert main(["search", *args, sample.queries[qid]]) == 0
    out = capsys.readouterr().out
    gold = sorted(sample.relevant[qid])
    assert f"gold: {', '.join(gold)}" in out and "BM25: gold" in out and f"hybrid (BM25 + {tiny_model})" in out
    assert out.count(" ms") == 3 and len([line for line in out.splitlines() if line[:4].strip().isdigit()]) == 10

    assert main(["search", *args, "--json", "--k", "5", sample.queries[qid]]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["gold"] == gold and set(shown["results"]) == {
        str(tiny_model),
        "BM25",
        f"hybrid (BM25 + {tiny_model})",
    }
    assert all(len(r["hits"]) == 5 and r["ms"] > 0 for r in shown["results"].values())

    assert main(["eval", *args, "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert main(["eval", *args, "--bm25", "--hybrid", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert list(rows) == [str(tiny_model), "BM25", f"hybrid (BM25 + {tiny_model})"]
    assert rows[str(tiny_model)]["ndcg@10"] == pytest.approx(plain["ndcg@10"], abs=1e-6)
    assert main(["eval", *args, "--model", str(tiny_model), "--bm25"]) == 0
    table = capsys.readouterr().out
    assert f"{tiny_model} #1" in table and f"{tiny_model} #2" in table and "ms/query" in table
    # one model twice: the paired comparison finds no difference on any query
    n = len(sample.queries)
    assert f"+0.000 (95% CI +0.000 … +0.000, no clear difference); B better on 0, worse on 0, same on {n} " in table
    # with --hybrid, the two models' hybrids are compared too (does B help the hybrid?)
    assert main(["eval", *args, "--model", str(tiny_model), "--bm25", "--hybrid", "--json"]) == 0
    paired = json.loads(capsys.readouterr().out)["paired"]
    assert len(paired) == 2 and paired[1]["a"].startswith("hybrid") and paired[1]["b"].startswith("hybrid")
    assert main(["search", *args, "--split", "test", "x"]) == 2
    assert "--split 'test'" in capsys.readouterr().err
