"""Test tab functions without a browser: which models and corpora it offers (a stopped or running run with its
step, a model that needs a network marked), the pair picked on arrival, what a picked model means, the encoding
progress with the time left, and the tables and summary it shows from real searches and a real scoreboard, each
model or method named once and each hit with its passage's text."""

from __future__ import annotations

import html
import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

from core.models.names import DEFAULT_EMBEDDING_MODEL
from datasets_spec import store
from studio import search_view
from studio import test_models as models
from studio.tabs import test as tab
from tests.training.search_runs import adapter_run
from training.config.studio import StudioConfig
from training.lifecycle import runs
from training.retrieval.evaluate import RetrievalSet
from training.retrieval.paired import compare_searchers
from training.retrieval.scoreboard import Compared, compare, score_searchers
from training.retrieval.search import BM25Searcher, DenseSearcher, HybridSearcher, ModelRef, dense_searcher


@pytest.fixture
def run_dir(tiny_model: Path, data_dir: Path) -> Path:
    return adapter_run(tiny_model, runs.runs_dir())


@pytest.mark.slow
def test_runs_and_their_base_models_are_offered(run_dir: Path, tiny_model: Path) -> None:
    choices = models.model_choices("en")
    assert choices[0] == (f"{run_dir.name} — fine-tuned", f"run:{run_dir.name}")
    assert choices[1] == (f"{tiny_model} — base of {run_dir.name}", f"base:{run_dir.name}")
    assert models.default_models() == (f"base:{run_dir.name}", f"run:{run_dir.name}")
    assert models.model_ref(f"run:{run_dir.name}", "en") == ModelRef(str(run_dir), None, run_dir.name)
    # The base model is searched at the run's max_seq_length, as it was trained.
    assert models.model_ref(f"base:{run_dir.name}", "ko") == ModelRef(
        str(tiny_model), 32, f"{tiny_model} ({run_dir.name}의 기본 모델)"
    )
    assert models.model_ref(" intfloat/multilingual-e5-small ", "en").name_or_path == "intfloat/multilingual-e5-small"
    assert models.model_ref("run:no-such-run", "en").name_or_path == "run:no-such-run"


def saved_run(state: str, reached: int, total: int, **status) -> Path:
    """A run folder as training leaves it at step `reached` of `total`: its status, metrics rows, a saved model."""
    config = StudioConfig()
    run_dir = runs.create_run(config, runs.runs_dir())
    rows = [{"event": "train_begin", "time": 1.0, "max_steps": total}]
    rows += [{"step": s, "loss": 1.0, "max_steps": total, "time": 1.0 + s} for s in range(1, reached + 1)]
    (run_dir / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (run_dir / "model").mkdir()
    (run_dir / "model" / "modules.json").write_text("[]", encoding="utf-8")
    runs.write_status(run_dir, state=state, **status)
    time.sleep(0.01)  # newest first goes by the creation time
    return run_dir


def test_a_run_is_offered_with_its_state_and_a_download_is_marked(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "hub"))  # nothing downloaded
    assert models.default_models() == (DEFAULT_EMBEDDING_MODEL, None), "Search works on arrival with no run"
    finished = saved_run("finished", 75, 75, step=75)
    stopped = saved_run("stopped", 10, 75, step=10)
    running = saved_run("running", 30, 75, pid=os.getpid(), pid_start=runs.process_start(os.getpid()))
    en, ko = dict((v, k) for k, v in models.model_choices("en")), dict((v, k) for k, v in models.model_choices("ko"))
    assert en[f"run:{finished.name}"] == f"{finished.name} — fine-tuned"
    assert en[f"run:{stopped.name}"] == f"{stopped.name} — stopped at step 10/75"
    assert ko[f"run:{stopped.name}"] == f"{stopped.name} — 10/75 단계에서 중지됨"
    assert en[f"run:{running.name}"].startswith(f"{running.name} — running, step 30/75")
    assert ko[f"run:{running.name}"].startswith(f"{running.name} — 실행 중, 30/75 단계")
    # B is the newest run that ended (a stopped one too: its model is saved), never one still training.
    assert models.default_models() == (f"base:{stopped.name}", f"run:{stopped.name}")
    assert en["intfloat/multilingual-e5-small"] == "intfloat/multilingual-e5-small — needs a network"
    assert ko["BAAI/bge-m3"] == "BAAI/bge-m3 — 네트워크 필요"
    assert en[DEFAULT_EMBEDDING_MODEL] == DEFAULT_EMBEDDING_MODEL, "the offline default carries no mark"


def test_encoding_progress_says_passages_and_time_left() -> None:
    shown: list[tuple] = []
    bar = tab.encoding_bar(lambda value, desc, unit: shown.append((value, desc, unit)), "e5", "en")
    bar(0, 137)
    time.sleep(0.2)
    bar(32, 137)
    bar(137, 137)
    assert shown[0] == ((0, 137), "Encoding the corpus with e5 (once): 0 of 137 passages", "passages")
    assert shown[1][0] == (32, 137) and ", about 1 s left" in shown[1][1]
    assert shown[2][1].endswith("137 of 137 passages")
    assert tab.duration(0.2 * 105 / 32 * 100, "en") == "1 min 6 s" and tab.duration(66, "ko") == "1분 6초"
    korean: list[tuple] = []
    tab.encoding_bar(lambda value, desc, unit: korean.append((desc, unit)), "e5", "ko")(0, 10)
    assert korean == [("e5로 코퍼스 인코딩 (한 번만): 조문 10개 중 0개", "조문")]


def test_hits_show_their_passage_text_and_each_method_is_named_once(data_dir: Path) -> None:
    corpus = tab.load_corpus(store.SAMPLE_NAME)
    ids = list(corpus.documents)
    dense = DenseSearcher("run-1", ids, np.eye(len(ids), 8, dtype=np.float32))
    bm25 = BM25Searcher(corpus.documents)
    tagged = {"A": dense, "BM25": bm25, "hybrid": HybridSearcher(dense, bm25)}
    for lang, hybrid in (("en", "hybrid"), ("ko", "하이브리드")):
        names = search_view.labels(tagged, lang)
        assert names == {"A": ("A", "run-1"), "BM25": ("BM25", None), "hybrid": (hybrid, "BM25 + run-1")}
    names = search_view.labels(tagged, "en")
    long_id = max(ids, key=lambda pid: len(corpus.texts[pid]))
    texts = {**corpus.texts, "x|1": "<script>alert(1)</script> 짧은 조문"}
    hits = Compared("BM25", [(long_id, 3.5), (ids[0], 2.0), ("x|1", 1.0)], 2, 1.25)
    shown = search_view.results_html(names["BM25"], hits, {ids[0]}, texts, corpus.titles, "en")
    assert "<strong>BM25</strong> · 1.2 ms" in shown and "BM25 · BM25" not in shown
    assert len(corpus.texts[long_id]) > search_view.SNIPPET
    assert f"<details><summary>{html.escape(corpus.texts[long_id][:200].rstrip())}…</summary>" in shown
    assert f"<div>{html.escape(corpus.texts[long_id])}</div></details>" in shown, "opens to the whole text"
    assert f'<td style="{search_view.CELL}">{html.escape(corpus.texts[ids[0]])}</td>' in shown, (
        "a short passage shows whole"
    )
    assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt; 짧은 조문" in shown
    assert shown.count("✓") == 1 and "passage (open to read all)" in shown
    assert "본문 (펼쳐서 전문 보기)" in search_view.results_html(names["A"], hits, set(), texts, corpus.titles, "ko")
    summary = search_view.summary_markdown([(names[t], hits) for t in tagged], {ids[0]}, "en")
    assert "- **BM25** — gold rank 2 · 1.2 ms" in summary and "(BM25)" not in summary
    assert "- **hybrid** (BM25 + run-1): gold rank 2" in summary and "- **A** (run-1): gold rank 2" in summary


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
    a = dense_searcher(models.model_ref(f"base:{run_dir.name}", "en"), corpus.documents)
    b = dense_searcher(models.model_ref(f"run:{run_dir.name}", "en"), corpus.documents)
    bm25 = BM25Searcher(corpus.documents)
    example = corpus.dataset.validation[0]
    gold = corpus.gold(example["query_text"])
    tagged = {"A": a, "B": b, "BM25": bm25, "hybrid": HybridSearcher(b, bm25)}
    results = compare(list(tagged.values()), example["query_text"], gold)
    names = search_view.labels(tagged, "en")
    shown = search_view.results_html(names["BM25"], results[2], gold, corpus.texts, corpus.titles, "en")
    assert shown.count("<tr>") == 11, "a header and ten hits"
    for pid, _ in results[2].hits:
        assert (
            f'>{pid}</td><td style="{search_view.CELL}">{html.escape(corpus.dataset.corpus[pid]["title"])}</td>'
            in shown
        )
        assert html.escape(corpus.texts[pid][:100]) in shown
    assert shown.count("✓") == sum(pid in gold for pid, _ in results[2].hits)
    summary = search_view.summary_markdown([(names[t], r) for t, r in zip(tagged, results, strict=True)], gold, "en")
    assert summary.startswith("Gold: " + ", ".join(f"`{g}`" for g in sorted(gold)))
    for tag, r in zip(["A", "B"], results[:2], strict=True):
        rank = f"rank {r.gold_rank}" if r.gold_rank else "not in the top 100"
        assert f"- **{tag}** ({r.name}): gold {rank} · {r.ms:.1f} ms" in summary
    assert "정답 순위를 보려면" in search_view.summary_markdown([(names["A"], results[0])], set(), "ko")
    assert f"<strong>B</strong> · {run_dir.name} · " in search_view.results_html(
        names["B"], results[1], gold, corpus.texts, corpus.titles, "en"
    )


@pytest.mark.slow
def test_scores_per_model_and_per_query(run_dir: Path, tiny_model: Path) -> None:
    corpus = tab.load_corpus(store.SAMPLE_NAME)
    a = dense_searcher(models.model_ref(f"base:{run_dir.name}", "en"), corpus.documents)
    b = dense_searcher(models.model_ref(f"run:{run_dir.name}", "en"), corpus.documents)
    bm25 = BM25Searcher(corpus.documents)
    tagged = {"A": a, "B": b, "BM25": bm25, "hybrid A": HybridSearcher(a, bm25), "hybrid B": HybridSearcher(b, bm25)}
    board = score_searchers(list(tagged.values()), RetrievalSet.from_dataset(corpus.dataset, "validation"))
    named = search_view.labels(tagged, "en")
    tags = {s.name: named[tag] for tag, s in tagged.items()}
    aggregate = search_view.aggregate_frame(board, tags, "en")
    assert aggregate["row"].tolist() == list(tagged)
    assert aggregate["model"].tolist() == [a.name, b.name, "", f"BM25 + {a.name}", f"BM25 + {b.name}"]
    assert (
        "하이브리드 B"
        in search_view.aggregate_frame(
            board, tags | {s.name: search_view.labels(tagged, "ko")[t] for t, s in tagged.items()}, "ko"
        )["행"].tolist()
    )
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
