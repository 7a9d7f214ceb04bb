"""Test tab functions without a browser: which models and corpora it offers, what a picked model means, and the
tables and summary it shows from real searches and a real scoreboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasets_spec import store
from studio import search_view
from studio.tabs import test as tab
from tests.training.search_runs import adapter_run
from training.lifecycle import runs
from training.retrieval.evaluate import RetrievalSet
from training.retrieval.paired import compare_searchers
from training.retrieval.scoreboard import compare, score_searchers
from training.retrieval.search import BM25Searcher, HybridSearcher, ModelRef, dense_searcher


@pytest.fixture
def run_dir(tiny_model: Path, data_dir: Path) -> Path:
    return adapter_run(tiny_model, runs.runs_dir())


@pytest.mark.slow
def test_runs_and_their_base_models_are_offered(run_dir: Path, tiny_model: Path) -> None:
    choices = tab.model_choices("en")
    assert choices[0] == (f"{run_dir.name} — fine-tuned", f"run:{run_dir.name}")
    assert choices[1] == (f"{tiny_model} — base of {run_dir.name}", f"base:{run_dir.name}")
    assert tab.default_models() == (f"base:{run_dir.name}", f"run:{run_dir.name}")
    assert tab.model_ref(f"run:{run_dir.name}", "en") == ModelRef(str(run_dir), None, run_dir.name)
    # The base model is searched at the run's max_seq_length, as it was trained.
    assert tab.model_ref(f"base:{run_dir.name}", "ko") == ModelRef(
        str(tiny_model), 32, f"{tiny_model} ({run_dir.name}의 기본 모델)"
    )
    assert tab.model_ref(" intfloat/multilingual-e5-small ", "en").name_or_path == "intfloat/multilingual-e5-small"
    assert tab.model_ref("run:no-such-run", "en").name_or_path == "run:no-such-run"


def test_corpora_are_the_retrieval_datasets(data_dir: Path) -> None:
    store.install_bundled(store.JSON_TASK_SAMPLE)  # chat examples: nothing to search
    assert tab.corpus_choices() == [store.SAMPLE_NAME]
    corpus = tab.load_corpus(store.SAMPLE_NAME)
    example = corpus.dataset.validation[0]
    assert corpus.gold(f"  {example['query_text']} ") == set(example["positive_passages"])
    assert corpus.gold("아무 질의") == set()
    with pytest.raises(ValueError, match="holds sft examples"):
        tab.load_corpus(store.JSON_TASK_SAMPLE)


@pytest.mark.slow
def test_side_by_side_tables_and_summary(run_dir: Path, tiny_model: Path) -> None:
    corpus = tab.load_corpus(store.SAMPLE_NAME)
    a = dense_searcher(tab.model_ref(f"base:{run_dir.name}", "en"), corpus.documents)
    b = dense_searcher(tab.model_ref(f"run:{run_dir.name}", "en"), corpus.documents)
    bm25 = BM25Searcher(corpus.documents)
    example = corpus.dataset.validation[0]
    gold = corpus.gold(example["query_text"])
    results = compare([a, b, bm25, HybridSearcher(b, bm25)], example["query_text"], gold)
    frame = search_view.results_frame(results[2], gold, corpus.titles)
    assert list(frame.columns) == ["rank", "gold", "id", "title", "score"] and len(frame) == 10
    assert frame["title"].tolist() == [corpus.dataset.corpus[pid]["title"] for pid in frame["id"]]
    assert (frame["gold"] == "✓").sum() == sum(pid in gold for pid in frame["id"])
    tags = ["A", "B", "BM25", "hybrid"]
    summary = search_view.summary_markdown(list(zip(tags, results, strict=True)), gold, "en")
    assert summary.startswith("Gold: " + ", ".join(f"`{g}`" for g in sorted(gold)))
    for tag, r in zip(tags, results, strict=True):
        rank = f"rank {r.gold_rank}" if r.gold_rank else "not in the top 100"
        assert f"- **{tag}** ({r.name}): gold {rank} · {r.ms:.1f} ms" in summary
    assert "정답 순위를 보려면" in search_view.summary_markdown([("A", results[0])], set(), "ko")
    assert search_view.table_label("B", results[1]).startswith(f"B · {run_dir.name} · ")


@pytest.mark.slow
def test_scores_per_model_and_per_query(run_dir: Path, tiny_model: Path) -> None:
    corpus = tab.load_corpus(store.SAMPLE_NAME)
    a = dense_searcher(tab.model_ref(f"base:{run_dir.name}", "en"), corpus.documents)
    b = dense_searcher(tab.model_ref(f"run:{run_dir.name}", "en"), corpus.documents)
    bm25 = BM25Searcher(corpus.documents)
    tagged = {"A": a, "B": b, "BM25": bm25, "hybrid A": HybridSearcher(a, bm25), "hybrid B": HybridSearcher(b, bm25)}
    board = score_searchers(list(tagged.values()), RetrievalSet.from_dataset(corpus.dataset, "validation"))
    tags = {s.name: tag for tag, s in tagged.items()}
    aggregate = search_view.aggregate_frame(board, tags, "en")
    assert aggregate["row"].tolist() == list(tagged)
    assert list(aggregate.columns) == ["row", "NDCG@10", "R@1", "R@5", "R@10", "MRR@10", "ms/query", "model"]
    assert aggregate.loc[2, "NDCG@10"] == round(board.aggregate["BM25"]["ndcg@10"], 4)
    per_query = search_view.per_query_frame(board, tags, "en", a=a.name, b=b.name)
    assert len(per_query) == 69 and str(per_query["A"].dtype) == "Int64"
    assert list(per_query.columns) == [*tagged, "B vs A", "gold", "query"]
    first = board.queries[0]["metrics"]
    assert per_query.loc[0, "BM25"] == first["BM25"]["rank"] or first["BM25"]["rank"] is None
    assert per_query.loc[0, "B vs A"] == round(first[b.name]["mrr@10"] - first[a.name]["mrr@10"], 3)
    assert "B vs A" not in search_view.per_query_frame(board, tags, "ko", a=a.name, b=None).columns
    paired = search_view.paired_markdown(board, a.name, b.name, "en")
    found = compare_searchers(board, a.name, b.name)
    assert paired.startswith(f"**B − A, NDCG@10: {found.mean:+.3f}**")
    assert f"better on {found.better}, worse on {found.worse} and the same on {found.same} of 69 queries" in paired
    assert found.better + found.worse + found.same == 69
    assert "같은 것" in search_view.paired_markdown(board, a.name, b.name, "ko")
    same = search_view.paired_markdown(board, a.name, a.name, "en")
    assert "+0.000 … +0.000: no clear difference" in same and "the same on 69 of 69" in same
