"""The Test tab's tables and summary from the engine's search results (no Gradio): top-k side by side with gold
marked and each passage's text, a line per model with its gold rank and latency, and the validation scores per
model and per query; each model or method named once."""

from __future__ import annotations

import html

import pandas as pd

from studio.strings import words
from training.retrieval.evaluate import REPORTED
from training.retrieval.paired import compare_searchers
from training.retrieval.scoreboard import DEPTH, Compared, Scoreboard
from training.retrieval.search import HybridSearcher, Searcher

AGGREGATE_COLUMNS = {
    "ndcg@10": "NDCG@10",
    "recall@1": "R@1",
    "recall@5": "R@5",
    "recall@10": "R@10",
    "mrr@10": "MRR@10",
}


SNIPPET = 200  # characters of a passage shown before it is opened

Label = tuple[str, str | None]  # a row's tag as shown, and the model's name when it says more than the tag


def title_of(passage: dict | None, text: str) -> str:
    """The passage's title, or the first line of what the model read when it has none (a BEIR corpus)."""
    title = (passage or {}).get("title") or text.split("\n", 1)[0]
    return title[:80]


def labels(tagged: dict[str, Searcher], lang: str) -> dict[str, Label]:
    """Each searcher named once: "BM25" is its own name, a hybrid is "BM25 + <model>" under the tag "hybrid"."""
    w = words("test", lang)
    out: dict[str, Label] = {}
    for tag, searcher in tagged.items():
        if isinstance(searcher, HybridSearcher):
            word = w("hybrid_of", tag=tag.split(" ", 1)[1]) if " " in tag else w("hybrid")
            out[tag] = (word, w("hybrid_name", model=searcher.dense.name))
        else:
            out[tag] = (tag, None if searcher.name == tag else searcher.name)
    return out


def snippet_html(text: str) -> str:
    """The passage's first SNIPPET characters, opening to the whole text when there is more (escaped: a corpus is
    the user's data)."""
    if len(text) <= SNIPPET:
        return html.escape(text)
    head = html.escape(text[:SNIPPET].rstrip()) + "…"
    return f"<details><summary>{head}</summary><div>{html.escape(text)}</div></details>"


CELL = "padding:4px 6px;border-bottom:1px solid var(--border-color-primary);vertical-align:top;text-align:left"


def results_html(
    label: Label, result: Compared, gold: set[str], texts: dict[str, str], titles: dict[str, str], lang: str
) -> str:
    """One searcher's top k as a table: rank, gold mark, id, title, the passage's text and the score."""
    w = words("test", lang)
    head = f"<strong>{html.escape(label[0])}</strong>"
    if label[1]:
        head += f" · {html.escape(label[1])}"
    head += f" · {result.ms:.1f} ms"
    columns = ("col_rank", "col_gold", "col_id", "col_title", "col_passage", "col_score")
    widths = ("2em", "3em", "7em", "9em", "auto", "5em")
    header = "".join(
        f'<th style="{CELL};width:{width}">{html.escape(w(c))}</th>' for c, width in zip(columns, widths, strict=True)
    )
    rows = []
    for i, (pid, score) in enumerate(result.hits, start=1):
        cells = (
            str(i),
            "✓" if pid in gold else "",
            html.escape(pid),
            html.escape(titles.get(pid, "")),
            snippet_html(texts.get(pid, "")),
            f"{score:.4f}",
        )
        rows.append("<tr>" + "".join(f'<td style="{CELL}">{c}</td>' for c in cells) + "</tr>")
    body = "".join(rows) or f'<tr><td colspan="6" style="{CELL}">{html.escape(w("no_hits"))}</td></tr>'
    table = f'<table style="width:100%;border-collapse:collapse;table-layout:fixed"><tr>{header}</tr>{body}</table>'
    return f'<div class="test-hits"><p>{head}</p>{table}</div>'


def empty_html(tag: str, lang: str) -> str:
    return f'<div class="test-hits"><p>{html.escape(words("test", lang)("table_empty", tag=tag))}</p></div>'


def summary_markdown(results: list[tuple[Label, Compared]], gold: set[str], lang: str) -> str:
    """The gold passages, then one line per searcher: where the first gold ranks and how long the query took."""
    w = words("test", lang)
    head = w("gold", gold=", ".join(f"`{g}`" for g in sorted(gold))) if gold else w("no_gold")
    lines = []
    for (tag, name), r in results:
        rank = w("rank", rank=r.gold_rank) if r.gold_rank else w("not_found", depth=DEPTH)
        key, values = ("row", {"name": name}) if name else ("row_alone", {})
        lines.append(w(key, tag=tag, rank=rank if gold else "–", ms=f"{r.ms:.1f}", **values))
    return head + "\n\n" + "\n".join(lines)


def aggregate_frame(board: Scoreboard, tags: dict[str, Label], lang: str) -> pd.DataFrame:
    """One row per searcher (models, BM25, hybrids): the metrics training reports and the time per query; the
    model column stays empty where the row's tag already names it (BM25)."""
    w = words("test", lang)
    return pd.DataFrame(
        [
            {
                w("tag_col"): tags[name][0],
                **{AGGREGATE_COLUMNS[k]: round(board.aggregate[name][k], 4) for k in REPORTED},
                w("ms_col"): round(board.ms[name], 1),
                w("model_col"): tags[name][1] or "",  # last: run paths are long, the numbers are what is compared
            }
            for name in board.names
        ]
    )


def paired_markdown(board: Scoreboard, a: str, b: str, lang: str) -> str:
    """Whether B beats A on these queries or the difference is within what chance moves
    (training/retrieval/paired.py)."""
    w = words("test", lang)
    found = compare_searchers(board, a, b)
    verdict = w("paired_better") if found.low > 0 else w("paired_worse") if found.high < 0 else w("paired_unclear")
    values = {k: getattr(found, k) for k in ("mean", "low", "high", "better", "worse", "same", "queries")}
    return w("paired", verdict=verdict, **values)


def per_query_frame(board: Scoreboard, tags: dict[str, Label], lang: str, *, a: str | None, b: str | None):
    """One row per query: the rank of its first gold passage under each searcher (empty: below DEPTH), and B's
    reciprocal rank minus A's (MRR@10 terms), so sorting by it lists where B wins or loses against A."""
    w = words("test", lang)
    rows = []
    for q in board.queries:
        row = {tags[name][0]: q["metrics"][name]["rank"] for name in board.names}
        if a and b:
            row[w("delta_col")] = round(q["metrics"][b]["mrr@10"] - q["metrics"][a]["mrr@10"], 3)
        rows.append(row | {w("gold_col"): ", ".join(q["gold"]), w("query_col"): q["query"]})  # long text last
    frame = pd.DataFrame(rows)
    for name in board.names:  # nullable integers: a missing rank stays empty instead of turning the column float
        frame[tags[name][0]] = frame[tags[name][0]].astype("Int64")
    return frame
