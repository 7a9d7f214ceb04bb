"""The Test tab's Search as the page calls it (the event's own function, built into a real Blocks): the first search
of a corpus counts the passages it encodes; a second search of the same corpus answers from the tab's searcher
pool in under a second plus the query time, encoding nothing, with the same hits and their passages' text."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from pathlib import Path

import gradio as gr

from datasets_spec import store
from studio import search_view, session
from studio.tabs import test as tab

MS = re.compile(r" · ([0-9.]+) ms")
ID = re.compile(r'<td style="[^"]*">([^<|]+\|[^<]+)</td>')  # a sample passage's id is "law|article"


def search_event(lang: str) -> Callable:
    """The function the page's Search button runs, from a tab built as the app builds it."""
    with gr.Blocks() as demo, gr.Tabs(), gr.Tab("Test") as page:
        tab.build(lang, gr.Textbox(), page, session.owner_state())
    return next(f for f in demo.fns.values() if f.api_name == "test_search").fn


def test_a_second_search_through_the_tab_is_answered_from_memory(tiny_model: Path, data_dir: Path) -> None:
    search = search_event("en")
    example = store.load(store.SAMPLE_NAME).validation[0]
    total = len(store.load(store.SAMPLE_NAME).corpus)
    shown: list[tuple] = []

    def progress(value, desc: str | None = None, unit: str | None = None) -> None:
        shown.append((value, desc, unit))

    def run() -> tuple[float, tuple]:
        shown.clear()
        start = time.perf_counter()
        out = search(store.SAMPLE_NAME, str(tiny_model), None, example["query_text"], None, None, progress)
        return time.perf_counter() - start, out

    _, first = run()
    encoded = [(value, desc) for value, desc, unit in shown if unit == "passages" and "Encoding" in (desc or "")]
    assert encoded[0][0] == (0, total)
    assert encoded[-1] == (
        (total, total),
        f"Encoding the corpus with {tiny_model} (once): {total} of {total} passages",
    )
    assert len(encoded) > 2, "the count moves while encoding, not only at its ends"
    summary, a, b, bm25, hybrid = first
    assert "Gold: " in summary and b == search_view.empty_html("B", "en")
    texts = tab.load_corpus(store.SAMPLE_NAME).texts
    hits = ID.findall(a)
    assert len(hits) == tab.TOP_K and all(html.escape(texts[pid][:100]) in a for pid in hits), "each hit's text"
    assert "<strong>BM25</strong> · " in bm25 and "BM25 · BM25" not in bm25
    assert f"<strong>hybrid</strong> · BM25 + {tiny_model} · " in hybrid

    seconds, second = run()
    assert not [desc for _, desc, _ in shown if "Encoding" in (desc or "")], "nothing is encoded again"
    query_ms = sum(float(ms) for ms in MS.findall(second[0]))
    assert seconds < 1.0 + query_ms / 1000, f"second search {seconds:.3f} s, of which the queries {query_ms:.1f} ms"
    assert [MS.sub("", part) for part in second] == [MS.sub("", part) for part in first], "the same hits and texts"
