"""Mining BM25 hard negatives for 10,000 queries against all 84.5k Korean statute articles, vs plain bm25s.

    python -m bench.mining_bench [--queries 10000] [--articles PATH] [--preview 2]

Queries are made without labels: an article's title plus one sentence of its text (drawn with a seed), and that
article is the one positive. Deleted articles ("삭제 <...>") are not used as queries, as nobody asks for one.
`datasets_spec.mining.negatives.mine` with its defaults (char bigrams, ranks 10-100, 8 negatives, relative margin 0.05)
mines them against the whole corpus. The reference, in this same process, is plain bm25s: its own tokenizer
(regex words, no stopwords), index, and retrieval of the same depth for the same queries, with nothing filtered
or drawn. The target is under 60 s for the mining on this machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.memory import peak_mib, release_memory, reset_peak, rss_mib  # noqa: E402
from bench.report import Figure, report  # noqa: E402
from datasets_spec.canonical import document  # noqa: E402
from datasets_spec.mining.negatives import mine  # noqa: E402
from datasets_spec.mining.options import MineOptions  # noqa: E402

TARGET_S = 60.0
SEED = 20240607
ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "statutes-ko" / "law_articles.jsonl.gz"
_SENTENCE = re.compile(r"(?<=[.?!])\s+|\n+")
_MARKS = re.compile(r"<[^>]*>|[①-⑳]|\d+\\?\.\s")  # amendment notes, paragraph and item numbers


def read_articles(path: Path) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return {row["id"]: row for row in map(json.loads, lines)}


def make_queries(corpus: dict[str, dict], count: int) -> list[dict]:
    """Title + one sentence of the article, the article its only positive; seeded."""
    rng = random.Random(SEED)
    usable = [pid for pid, p in corpus.items() if p["text"].strip() and not p["text"].lstrip().startswith("삭제")]
    examples = []
    for n, pid in enumerate(rng.sample(usable, min(count, len(usable)))):
        sentences = [s for s in (_MARKS.sub(" ", s).strip() for s in _SENTENCE.split(corpus[pid]["text"])) if s]
        sentence = " ".join(rng.choice([s for s in sentences if len(s) >= 15] or sentences).split())[:150]
        query = f"{corpus[pid]['title']} {sentence}".strip()
        examples.append({"query_id": f"q{n}", "query_text": query, "positive_passages": [pid], "hard_negatives": []})
    return examples


def reference(corpus: dict[str, dict], examples: list[dict], depth: int) -> dict[str, float]:
    """Plain bm25s: its tokenizer, its index, the same depth retrieved for the same queries, nothing filtered."""
    import bm25s

    start = time.perf_counter()
    tokens = bm25s.tokenize([document(p) for p in corpus.values()], stopwords=None, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    indexed = time.perf_counter()
    queries = bm25s.tokenize([e["query_text"] for e in examples], stopwords=None, show_progress=False)
    found, _scores = retriever.retrieve(queries, k=depth, show_progress=False)
    done = time.perf_counter()
    return {"index": indexed - start, "retrieve": done - indexed, "total": done - start, "found": len(found)}


def check(mined, corpus: dict[str, dict]) -> int:
    """Negatives that are a positive or a copy of one (must be 0)."""
    bad = 0
    for e in mined.examples:
        texts = {" ".join(corpus[p]["text"].split()) for p in e["positive_passages"]}
        bad += sum(
            n in e["positive_passages"] or " ".join(corpus[n]["text"].split()) in texts for n in e["hard_negatives"]
        )
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--preview", type=int, default=2, help="print this many queries with their negatives")
    args = parser.parse_args()
    if not args.articles.exists():
        sys.exit(f"{args.articles} not found: this bench needs the shared statute corpus (see its README)")

    start = time.perf_counter()
    corpus = read_articles(args.articles)
    examples = make_queries(corpus, args.queries)
    print(
        f"read {len(corpus):,} articles and made {len(examples):,} queries in {time.perf_counter() - start:.1f} s "
        f"(seed {SEED}); {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    options = MineOptions()
    release_memory()
    per_step, ours_before = reset_peak(), rss_mib()
    start, cpu = time.perf_counter(), time.process_time()
    mined = mine(examples, corpus, options)
    ours_s, ours_cpu, ours_peak = time.perf_counter() - start, time.process_time() - cpu, peak_mib()
    counts = mined.report.counts()
    depth = options.range_max + 1  # what mine asks of bm25s for a query with one positive and no copy of it
    release_memory()
    reset_peak()
    ref_before = rss_mib()
    cpu = time.process_time()
    ref = reference(corpus, examples, depth)
    ref_cpu, ref_peak = time.process_time() - cpu, peak_mib()

    t = mined.report.timings
    print(f"peak RSS: {'per step (high-water mark reset before each)' if per_step else 'process peak so far'}")
    head = ("index s", 9), ("retrieve s", 11), ("select s", 9), ("total s", 9), ("CPU s", 7), ("peak RSS MiB", 14)
    print(f"{'':34}" + "".join(f"{name:>{width}}" for name, width in head) + f"{'(before)':>10}")
    print(
        f"{'mine (char bigrams, filtered)':34}{t['index']:>9.2f}{t['retrieve']:>11.2f}"
        f"{t['select'] + t['prepare']:>9.2f}{ours_s:>9.2f}{ours_cpu:>7.1f}{ours_peak:>14,.0f}{ours_before:>10,.0f}"
    )
    print(
        f"{'reference: bm25s words, unfiltered':34}{ref['index']:>9.2f}{ref['retrieve']:>11.2f}"
        f"{'-':>9}{ref['total']:>9.2f}{ref_cpu:>7.1f}{ref_peak:>14,.0f}{ref_before:>10,.0f}"
    )
    print(
        f"ratio mine / reference: wall {ours_s / ref['total']:.2f} (index {t['index'] / ref['index']:.2f}, "
        f"retrieve {t['retrieve'] / ref['retrieve']:.2f}), CPU {ours_cpu / ref_cpu:.2f}; the machine is shared, so "
        "CPU seconds are the steadier figure"
    )
    c = counts
    print(f"{c['negatives_found']:,} negatives for {c['queries']:,} queries ({c['negatives_asked']} asked each)")
    print(f"{c['queries_short']:,} short {c['short_by_reason']}; left out in range {c['dropped_in_range']}")
    print(f"negatives that are a positive or its copy: {check(mined, corpus)}")
    for item in mined.report.preview(corpus, args.preview, width=60):
        print(f"\n{item['query']}")
        print(f"  + {item['positives'][0]['score']:7.2f} {item['positives'][0]['id']}")
        for n in item["negatives"]:
            print(f"  - {n['score']:7.2f} #{n['rank']:<3} {n['id']}: {n['text']}")
    bad = check(mined, corpus)
    report(
        [
            Figure(
                "mining at scale",
                f"BM25 hard negatives for {len(examples):,} queries over {len(corpus):,} articles",
                ours_s,
                "s",
                reference=ref["total"],
                target=f"< {TARGET_S:.0f} s at 10k queries, 0 positives among the negatives",
                met=ours_s < TARGET_S and bad == 0,
                note=f"index {t['index']:.1f} s; peak {ours_peak:,.0f} MiB (reference {ref_peak:,.0f}); "
                f"reference = bare bm25s words, unfiltered; {bad} positives among the negatives",
            ),
        ]
    )


if __name__ == "__main__":
    main()
