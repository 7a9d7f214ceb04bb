"""Test tab: a query searched by two models, BM25 and a hybrid side by side, gold passages marked and ranked under
each with its latency and each passage's text; "Score all" ranks every one of them on the validation split, in
aggregate and per query. Encoding a corpus shows passages encoded of total and the time left."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr
import torch

from core.models.names import DEFAULT_EMBEDDING_MODEL
from core.recent import Recent
from datasets_spec import store
from datasets_spec.canonical import document
from studio import search_view, session
from studio.strings import words
from studio.test_models import default_models, known_models, model_choices, model_ref
from training.lifecycle import runs
from training.retrieval.evaluate import RetrievalSet
from training.retrieval.scoreboard import DEPTH, compare, score_searchers
from training.retrieval.search import BM25Searcher, DenseSearcher, HybridSearcher, SearcherPool, needs_network
from training.visitors import workspace
from training.visitors.access import Visitor

TOP_K = 10
TABLES = ("a", "b", "bm25", "hybrid")


def share_cpu() -> None:
    """One torch thread for the UI while a run trains: two processes spinning on 2 cores run 10× slower."""
    busy = any(r.trains_here for r in runs.list_runs(runs.runs_dir()))
    torch.set_num_threads(1 if busy else max(1, os.cpu_count() or 1))


def corpus_choices(owner: Visitor | str | None = None) -> list[str]:
    """The bundled sample and the stored retrieval datasets this visitor may see (their own and shared ones)."""
    names = []
    for name in workspace.dataset_names(session.who(owner)):
        manifest = json.loads((store.datasets_dir() / name / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("task", "retrieval") == "retrieval":
            names.append(name)
    return sorted({store.SAMPLE_NAME, *names})


@dataclass
class Corpus:
    """A stored dataset as the searchers read it; `key` changes whenever the dataset is stored again."""

    key: tuple
    dataset: store.StoredDataset
    documents: dict[str, str]  # what a model reads (title and text)
    titles: dict[str, str]
    texts: dict[str, str]  # what a person reads under a hit

    def gold(self, query: str) -> set[str]:
        """The positives of the example whose query is exactly this text (validation first, then train)."""
        text = query.strip()
        example = next((e for e in self.dataset.validation + self.dataset.train if e["query_text"] == text), None)
        return set(example["positive_passages"]) if example else set()


def corpus_key(name: str) -> tuple:
    path = store.resolve(name)
    return (str(path), *((path / f).stat().st_mtime_ns for f in ("manifest.json", "corpus.jsonl")))


def load_corpus(name: str) -> Corpus:
    dataset = store.load(name)
    if dataset.task != "retrieval":
        raise ValueError(f"dataset {name!r} holds {dataset.task} examples, not a corpus to search")
    documents = {pid: document(p) for pid, p in dataset.corpus.items()}
    titles = {pid: search_view.title_of(p, documents[pid]) for pid, p in dataset.corpus.items()}
    texts = {pid: p.get("text") or documents[pid] for pid, p in dataset.corpus.items()}
    return Corpus(corpus_key(name), dataset, documents, titles, texts)


def duration(seconds: float, lang: str) -> str:
    w = words("test", lang)
    whole = max(1, round(seconds))
    return w("minutes", m=whole // 60, s=whole % 60) if whole >= 60 else w("seconds", s=whole)


def encoding_bar(progress: Callable, model: str, lang: str) -> Callable[[int, int], None]:
    """The engine's (passages encoded, passages to encode), said with the time left at the pace so far."""
    w = words("test", lang)
    started = [time.monotonic()]

    def bar(done: int, total: int) -> None:
        if done == 0:
            started[0] = time.monotonic()  # the model is loaded: encoding starts now
        values = {"model": model, "done": done, "total": total}
        if 0 < done < total:
            left = (time.monotonic() - started[0]) / done * (total - done)
            desc = w("encoding_eta", eta=duration(left, lang), **values)
        else:
            desc = w("encoding", **values)
        progress((done, total), desc=desc, unit=w("passages_unit"))

    return bar


def build(lang: str, dataset_input: gr.Component, page: gr.Tab, owner: gr.BrowserState) -> dict[str, gr.Component]:
    """The tab's components; `dataset_input` is the Data tab's dataset, `page` this tab (opening it refreshes the
    lists), `owner` the browser session whose uploaded datasets and runs it may search."""
    w = words("test", lang)
    c: dict[str, gr.Component] = {}
    # Shared by every user of this app: a (model, corpus) searcher never changes once made.
    corpora, pool = Recent(2), SearcherPool(dense=4, bm25=2)
    a_default = DEFAULT_EMBEDDING_MODEL  # the page's first A: no visitor is known yet (arrive() picks their run)
    gr.Markdown(w("intro"))
    with gr.Row():
        c["corpus"] = gr.Dropdown(
            [store.SAMPLE_NAME], value=store.SAMPLE_NAME, label=w("corpus"), elem_id="test-corpus"
        )
        for key, value in (("model_a", a_default), ("model_b", None)):
            c[key] = gr.Dropdown(
                known_models(lang),
                value=value,
                label=w(key),
                info=w("model_info"),
                allow_custom_value=True,  # any Hub id or local path typed in
                elem_id=f"test-{key.replace('_', '-')}",
                scale=2,
            )
    with gr.Row():
        c["pick"] = gr.Dropdown(choices=[], label=w("pick"), elem_id="test-pick", scale=2)
        c["query"] = gr.Textbox(label=w("query"), elem_id="test-query", scale=3)
        c["search"] = gr.Button(w("search"), variant="primary", elem_id="test-search", scale=1)
    c["summary"] = gr.Markdown(elem_id="test-summary")
    for row in (TABLES[:2], TABLES[2:]):
        with gr.Row():
            for key in row:
                c[key] = gr.HTML(elem_id=f"test-{key}")
    c["evaluate"] = gr.Button(w("evaluate"), elem_id="test-evaluate")
    c["scored"] = gr.Markdown(elem_id="test-scored")
    c["metrics"] = gr.Dataframe(interactive=False, elem_id="test-metrics", datatype="auto", visible=False)
    c["per_query"] = gr.Dataframe(
        interactive=False, wrap=True, elem_id="test-per-query", datatype="auto", show_search="search", visible=False
    )

    def searchers(
        corpus_name: str, specs: dict[str, str | None], progress, who: Visitor
    ) -> tuple[Corpus, dict, BM25Searcher]:
        """The corpus, a dense searcher per picked model (by tag), and BM25, each made once and kept; the visitor
        may search only corpora and runs they may open."""
        workspace.check_dataset_name(who, corpus_name)
        corpus = corpora.get(corpus_key(corpus_name), lambda: load_corpus(corpus_name))
        found: dict[str, DenseSearcher] = {}
        for tag, spec in specs.items():
            if not (spec or "").strip():
                continue
            ref = model_ref(spec, lang, who)
            progress(0, desc=w("loading", model=ref.name))
            bar = encoding_bar(progress, ref.name, lang)
            try:
                made = pool.dense(ref, corpus.key, corpus.documents, corpus_name=corpus.key[0], progress=bar)
            except OSError as exc:  # a Hub id that could not be downloaded: say so in the page's language
                if needs_network(ref.name_or_path):
                    raise LookupError(w("error_network", model=ref.name_or_path)) from exc
                raise
            names = {s.name for s in found.values()}
            found[tag] = made.named(ref.name if ref.name not in names else f"{ref.name} ({tag})")
        if not found:
            raise LookupError(w("no_model"))

        def indexing(done: int, total: int) -> None:
            progress((done, total), desc=w("indexing"), unit=w("passages_unit"))

        return corpus, found, pool.bm25(corpus.key, corpus.documents, progress=indexing)

    def search(corpus_name: str, a: str | None, b: str | None, query: str, owner: str | None, request: gr.Request,
               progress=gr.Progress()):  # noqa: B008  # fmt: skip
        who = session.visitor(owner, request)
        same = [search_view.empty_html(tag, lang) for tag in ("A", "B", "BM25", w("hybrid"))]
        if not corpus_name:
            return w("no_corpus"), *same
        if not (query or "").strip():
            return w("empty"), *same
        share_cpu()
        try:
            corpus, found, index = searchers(corpus_name, {"A": a, "B": b}, progress, who)
        except LookupError as exc:
            return str(exc.args[0]), *same
        except (OSError, ValueError, RuntimeError) as exc:  # a model that does not load, a corpus that is not one
            return w("error", message=exc), *same
        gold = corpus.gold(query)
        tagged = {**found, "BM25": index, "hybrid": HybridSearcher(list(found.values())[-1], index)}
        results = compare(list(tagged.values()), query, gold, k=TOP_K, depth=DEPTH)
        shown = dict(zip(tagged, results, strict=True))
        names = search_view.labels(tagged, lang)
        tables = [
            search_view.results_html(names[tag], shown[tag], gold, corpus.texts, corpus.titles, lang)
            if tag in shown
            else same[i]
            for i, tag in enumerate(("A", "B", "BM25", "hybrid"))
        ]
        return search_view.summary_markdown([(names[t], r) for t, r in shown.items()], gold, lang), *tables

    def evaluate(corpus_name: str, a: str | None, b: str | None, owner: str | None, request: gr.Request,
                 progress=gr.Progress()):  # noqa: B008  # fmt: skip
        hidden = gr.update(value=None, visible=False)
        if not corpus_name:
            return w("no_corpus"), hidden, hidden
        share_cpu()
        try:
            corpus, found, index = searchers(corpus_name, {"A": a, "B": b}, progress, session.visitor(owner, request))
            hybrids = {f"hybrid {tag}": HybridSearcher(s, index) for tag, s in found.items()}
            tagged = {**found, "BM25": index, **hybrids}
            board = score_searchers(
                list(tagged.values()),
                RetrievalSet.from_dataset(corpus.dataset, "validation"),
                progress=lambda n, total, name: progress((n, total), desc=w("scoring", name=name)),
            )
        except LookupError as exc:
            return str(exc.args[0]), hidden, hidden
        except (OSError, ValueError, RuntimeError) as exc:
            return w("error", message=exc), hidden, hidden
        named = search_view.labels(tagged, lang)
        tags = {s.name: named[tag] for tag, s in tagged.items()}
        names = {tag: s.name for tag, s in found.items()}
        scored = w("scored", queries=len(board.queries), passages=len(corpus.documents), depth=DEPTH)
        if "A" in names and "B" in names:
            scored += "\n\n" + search_view.paired_markdown(board, names["A"], names["B"], lang)
        return (
            scored,
            gr.update(value=search_view.aggregate_frame(board, tags, lang), visible=True),
            gr.update(
                value=search_view.per_query_frame(board, tags, lang, a=names.get("A"), b=names.get("B")),
                visible=True,
            ),
        )

    def follow_data_tab(name: str | None, owner: str | None, request: gr.Request):
        """The corpus follows the dataset the Data tab shows, when that dataset is a corpus to search."""
        choices = corpus_choices(session.visitor(owner, request))
        return gr.update(choices=choices, value=name) if name in choices else gr.update(choices=choices)

    def queries_for(corpus_name: str | None, who: Visitor, keep: str | None = None):
        """The corpus's validation queries to pick from; `keep` stays picked when it is one of them."""
        if not corpus_name:
            return gr.update(choices=[], value=None)
        try:
            workspace.check_dataset_name(who, corpus_name)
            corpus = corpora.get(corpus_key(corpus_name), lambda: load_corpus(corpus_name))
        except (OSError, ValueError):
            return gr.update(choices=[], value=None)
        choices = [(e["query_text"][:90], e["query_id"]) for e in corpus.dataset.validation]
        return gr.update(choices=choices, value=keep if keep in {qid for _, qid in choices} else None)

    def queries_event(corpus_name: str | None, owner: str | None, request: gr.Request):
        return queries_for(corpus_name, session.visitor(owner, request))

    def pick_query(query_id: str | None, corpus_name: str, owner: str | None, request: gr.Request):
        if not (query_id and corpus_name):
            return gr.update()
        try:
            workspace.check_dataset_name(session.visitor(owner, request), corpus_name)
        except (OSError, ValueError):
            return gr.update()
        corpus = corpora.get(corpus_key(corpus_name), lambda: load_corpus(corpus_name))
        return next((e["query_text"] for e in corpus.dataset.validation if e["query_id"] == query_id), "")

    def refresh(owner: str | None, corpus_name: str | None, a: str | None, b: str | None, picked: str | None,
                request: gr.Request):  # fmt: skip
        """Runs finish and datasets arrive while the page is open: offer them; with B empty and A what arrival
        picked, both become the newest run and its base."""
        who = session.visitor(owner, request)
        choices = model_choices(lang, who)
        if not b and (not a or a == a_default):
            a, b = default_models(who)
        return (
            gr.update(choices=corpus_choices(who)),
            gr.update(choices=choices, value=a),
            gr.update(choices=choices, value=b),
            queries_for(corpus_name, who, picked),
        )

    def arrive(owner: str | None, request: gr.Request):
        """On load (and once the browser's id is known): this visitor's corpora and runs, A and B picked."""
        who = session.visitor(owner, request)
        choices = model_choices(lang, who)
        a, b = default_models(who)
        return (
            gr.update(choices=corpus_choices(who)),
            gr.update(choices=choices, value=a),
            gr.update(choices=choices, value=b),
        )

    pickers = [c["corpus"], c["model_a"], c["model_b"], c["pick"]]
    page.select(refresh, [owner, *pickers], pickers)
    gr.on(None, arrive, [owner], pickers[:3]).then(queries_event, [c["corpus"], owner], c["pick"])
    # One "always_last" listener per event (tests/studio/test_event_wiring.py): this cheap one runs every time.
    dataset_input.change(follow_data_tab, [dataset_input, owner], c["corpus"], trigger_mode="multiple")
    c["corpus"].change(queries_event, [c["corpus"], owner], c["pick"])
    c["pick"].change(pick_query, [c["pick"], c["corpus"], owner], c["query"])
    inputs = [c["corpus"], c["model_a"], c["model_b"]]
    outputs = [c["summary"], *(c[t] for t in TABLES)]
    c["search"].click(search, [*inputs, c["query"], owner], outputs, api_name="test_search")
    c["query"].submit(search, [*inputs, c["query"], owner], outputs)
    c["evaluate"].click(evaluate, [*inputs, owner], [c["scored"], c["metrics"], c["per_query"]], api_name="test_score")
    return c
