"""The Test tab's tables and summary from the engine's search results (no Gradio): top-k side by side with gold
marked, a line per model with its gold rank and latency, and the validation scores per model and per query."""

from __future__ import annotations

import pandas as pd

from studio.strings import words
from training.retrieval.evaluate import REPORTED
from training.retrieval.paired import compare_searchers
from training.retrieval.scoreboard import DEPTH, Compared, Scoreboard

AGGREGATE_COLUMNS = {
    "ndcg@10": "NDCG@10",
    "recall@1": "R@1",
    "recall@5": "R@5",
    "recall@10": "R@10",
    "mrr@10": "MRR@10",
}


def title_of(passage: dict | None, text: str) -> str:
    """The passage's title, or the first line of what the model read when it has none (a BEIR corpus)."""
    title = (passage or {}).get("title") or text.split("\n", 1)[0]
    return title[:80]


def results_frame(result: Compared, gold: set[str], titles: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "rank": i,
                "gold": "✓" if pid in gold else "",
                "id": pid,
                "title": titles.get(pid, ""),
                "score": round(s, 4),
            }
            for i, (pid, s) in enumerate(result.hits, start=1)
        ],
        columns=["rank", "gold", "id", "title", "score"],
    )


def table_label(tag: str, result: Compared) -> str:
    return f"{tag} · {result.name} · {result.ms:.1f} ms"


def summary_markdown(results: list[tuple[str, Compared]], gold: set[str], lang: str) -> str:
    """The gold passages, then one line per searcher: where the first gold ranks and how long the query took."""
    w = words("test", lang)
    head = w("gold", gold=", ".join(f"`{g}`" for g in sorted(gold))) if gold else w("no_gold")
    lines = []
    for tag, r in results:
        rank = w("rank", rank=r.gold_rank) if r.gold_rank else w("not_found", depth=DEPTH)
        lines.append(w("row", tag=tag, name=r.name, rank=rank if gold else "–", ms=f"{r.ms:.1f}"))
    return head + "\n\n" + "\n".join(lines)


def aggregate_frame(board: Scoreboard, tags: dict[str, str], lang: str) -> pd.DataFrame:
    """One row per searcher (models, BM25, hybrids): the metrics training reports and the time per query."""
    w = words("test", lang)
    return pd.DataFrame(
        [
            {
                w("tag_col"): tags[name],
                **{AGGREGATE_COLUMNS[k]: round(board.aggregate[name][k], 4) for k in REPORTED},
                w("ms_col"): round(board.ms[name], 1),
                w("model_col"): name,  # last: run paths are long, the numbers are what is compared
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


def per_query_frame(board: Scoreboard, tags: dict[str, str], lang: str, *, a: str | None, b: str | None):
    """One row per query: the rank of its first gold passage under each searcher (empty: below DEPTH), and B's
    reciprocal rank minus A's (MRR@10 terms), so sorting by it lists where B wins or loses against A."""
    w = words("test", lang)
    rows = []
    for q in board.queries:
        row = {tags[name]: q["metrics"][name]["rank"] for name in board.names}
        if a and b:
            row[w("delta_col")] = round(q["metrics"][b]["mrr@10"] - q["metrics"][a]["mrr@10"], 3)
        rows.append(row | {w("gold_col"): ", ".join(q["gold"]), w("query_col"): q["query"]})  # long text last
    frame = pd.DataFrame(rows)
    for name in board.names:  # nullable integers: a missing rank stays empty instead of turning the column float
        frame[tags[name]] = frame[tags[name]].astype("Int64")
    return frame
