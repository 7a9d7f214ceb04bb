"""Test tab: one query, the base model's and the fine-tuned run's top 10 side by side, gold articles marked."""

from __future__ import annotations

import os

import gradio as gr
import pandas as pd
import torch

from datasets_spec import store
from datasets_spec.canonical import document
from studio.strings import words
from training import runs
from training.evaluate import REPORTED, IndexCache, RetrievalSet, score
from training.models import load_embedding_model

TOP_K = 10


def finished_runs() -> list[str]:
    return [r.id for r in runs.list_runs(store.runs_dir()) if (r.path / "model" / "modules.json").exists()]


def share_cpu() -> None:
    """One torch thread for the UI while a run trains: two processes spinning on 2 cores run 10× slower."""
    busy = any(r.state == "running" for r in runs.list_runs(store.runs_dir()))
    torch.set_num_threads(1 if busy else max(1, os.cpu_count() or 1))


def results_frame(hits: list[tuple[str, float]], corpus: dict[str, dict], gold: set[str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "rank": i,
                "gold": "✓" if pid in gold else "",
                "id": pid,
                "title": corpus[pid]["title"],
                "score": round(s, 4),
            }
            for i, (pid, s) in enumerate(hits, start=1)
        ]
    )


def gold_rank(hits: list[tuple[str, float]], gold: set[str]) -> int | None:
    return next((i for i, (pid, _) in enumerate(hits, start=1) if pid in gold), None)


def build(lang: str, dataset_input: gr.Component) -> dict[str, gr.Component]:
    w = words("test", lang)
    c: dict[str, gr.Component] = {}
    indexes = IndexCache()  # shared by every user of this app: embeddings are immutable for a (model, corpus)
    gr.Markdown(w("intro"))
    with gr.Row():
        c["run"] = gr.Dropdown(choices=finished_runs(), label=w("run"), elem_id="test-run", scale=2)
        c["pick"] = gr.Dropdown(choices=[], label=w("pick"), elem_id="test-pick", scale=3)
    with gr.Row():
        c["query"] = gr.Textbox(label=w("query"), elem_id="test-query", scale=4)
        c["search"] = gr.Button(w("search"), variant="primary", elem_id="test-search", scale=1)
    c["summary"] = gr.Markdown(elem_id="test-summary")
    with gr.Row():
        c["base"] = gr.Dataframe(label=w("base", model=""), interactive=False, wrap=True, elem_id="test-base")
        c["tuned"] = gr.Dataframe(label=w("tuned", run=""), interactive=False, wrap=True, elem_id="test-tuned")
    c["evaluate"] = gr.Button(w("evaluate"), elem_id="test-evaluate")
    c["metrics"] = gr.Dataframe(interactive=False, elem_id="test-metrics")

    def dataset_of(run_id: str | None, fallback: str) -> store.StoredDataset:
        name = runs.load_config(store.runs_dir() / run_id).data.dataset if run_id else fallback
        return store.load(name)

    def queries_for(run_id: str | None, dataset_name: str):
        dataset = dataset_of(run_id, dataset_name)
        return gr.update(choices=[(e["query_text"][:90], e["query_id"]) for e in dataset.validation], value=None)

    def pick_query(query_id: str | None, run_id: str | None, dataset_name: str) -> str:
        dataset = dataset_of(run_id, dataset_name)
        return next((e["query_text"] for e in dataset.validation if e["query_id"] == query_id), "")

    def models(run_id: str) -> tuple[str, str]:
        return runs.load_config(store.runs_dir() / run_id).model.name_or_path, str(store.runs_dir() / run_id)

    def search(run_id: str | None, query: str, dataset_name: str):
        if not run_id:
            return w("no_run"), None, None, gr.update(), gr.update()
        if not query.strip():
            return w("empty"), None, None, gr.update(), gr.update()
        share_cpu()
        dataset = dataset_of(run_id, dataset_name)
        documents = {pid: document(p) for pid, p in dataset.corpus.items()}
        gold = next(
            (
                set(e["positive_passages"])
                for e in dataset.validation + dataset.train
                if e["query_text"] == query.strip()
            ),
            set(),
        )
        base_name, tuned_path = models(run_id)
        max_len = runs.load_config(tuned_path).model.max_seq_length
        base_hits = indexes.get(
            f"base:{base_name}:{max_len}", lambda: load_embedding_model(base_name, max_seq_length=max_len), documents
        ).search(query, TOP_K)
        tuned_hits = indexes.get(f"run:{tuned_path}", lambda: load_embedding_model(tuned_path), documents).search(
            query, TOP_K
        )
        summary = ""
        if gold:
            ranks = [gold_rank(hits, gold) for hits in (base_hits, tuned_hits)]
            base, tuned = (w("rank", rank=r) if r else w("not_found") for r in ranks)
            summary = w("gold_rank", gold=", ".join(sorted(gold)), base=base, tuned=tuned)
        return (
            summary,
            results_frame(base_hits, dataset.corpus, gold),
            results_frame(tuned_hits, dataset.corpus, gold),
            gr.update(label=w("base", model=base_name)),
            gr.update(label=w("tuned", run=run_id)),
        )

    def evaluate(run_id: str | None, dataset_name: str):
        if not run_id:
            return None
        share_cpu()
        data = RetrievalSet.from_dataset(dataset_of(run_id, dataset_name), "validation")
        base_name, tuned_path = models(run_id)
        max_len = runs.load_config(tuned_path).model.max_seq_length
        base = score(load_embedding_model(base_name, max_seq_length=max_len), data)
        tuned = score(load_embedding_model(tuned_path), data)
        return pd.DataFrame(
            [
                {
                    w("metric"): k,
                    w("base_col"): round(base[k], 4),
                    w("tuned_col"): round(tuned[k], 4),
                    w("delta"): f"{tuned[k] - base[k]:+.4f}",
                }
                for k in REPORTED
            ]
        )

    c["run"].change(queries_for, [c["run"], dataset_input], c["pick"])
    c["pick"].change(pick_query, [c["pick"], c["run"], dataset_input], c["query"])
    search_outputs = [c["summary"], c["base"], c["tuned"], c["base"], c["tuned"]]
    c["search"].click(search, [c["run"], c["query"], dataset_input], search_outputs)
    c["query"].submit(search, [c["run"], c["query"], dataset_input], search_outputs)
    c["evaluate"].click(evaluate, [c["run"], dataset_input], c["metrics"])
    return c
