"""`python -m training eval`: NDCG@10, Recall@1/5/10, MRR@10 of models on a query set, with BM25 and hybrid
reference rows on request; `python -m training search`: one query, every model's top k side by side with the gold
rank and the latency. The Test tab calls the same engine functions."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from core.models.load import is_run_dir, load_embedding_model
from datasets_spec import store
from datasets_spec.formats.beir import Skipped
from training.config.studio import load_yaml
from training.retrieval.evaluate import REPORTED, RetrievalSet, score
from training.retrieval.paired import compare_searchers

CELL = 40  # terminal columns per searcher in `search`
LINES_NAMED = 10  # corpus.jsonl lines a warning names; the count says how many there are in all


def add_parsers(sub) -> None:
    ev = sub.add_parser("eval", help="score models (a run dir, Hub id or path) on a BEIR folder or stored dataset")
    _common(ev)
    ev.add_argument("--bm25", action="store_true", help="add a BM25 reference row (bm25s, Korean char bigrams)")
    ev.add_argument("--hybrid", action="store_true", help="add a BM25 + model row (reciprocal-rank fusion) per model")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.set_defaults(func=cmd_eval)
    se = sub.add_parser("search", help="one query: each model's top k beside BM25 and hybrid, gold ranks, latency")
    _common(se)
    se.add_argument("query")
    se.add_argument("--k", type=int, default=10, help="hits shown per searcher")
    se.add_argument("--json", action="store_true", help="print one JSON object")
    se.set_defaults(func=cmd_search)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", required=True, action="append", help="Hub id, local folder or run directory; repeat")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--beir", type=Path, help="folder with corpus.jsonl, queries.jsonl, qrels/")
    where.add_argument("--dataset", help="a stored retrieval dataset (name or folder)")
    p.add_argument("--split", help="qrels/<split>.tsv for --beir (default test); train or validation for --dataset")
    p.add_argument(
        "--max-seq-length",
        type=int,
        default=None,
        help="tokens every model reads; default: a run's max_seq_length for every model when one is a run (so a "
        "base and its run differ by training alone), else each model's own",
    )
    p.add_argument("--batch-size", type=int, default=64)


def shared_length(models: list[str], explicit: int | None) -> tuple[int | None, str]:
    """The max_seq_length every model is encoded at, and where it comes from: `--max-seq-length`, else the runs'
    own (a base scored at 512 tokens beside its run trained at 128 would mix length into the difference), else
    None (each model at its own length). Runs trained at different lengths need the user to choose one."""
    if explicit:
        return explicit, "--max-seq-length"
    runs = {m: load_yaml(Path(m) / "config.yaml").model.max_seq_length for m in models if is_run_dir(m)}
    if len(set(runs.values())) > 1:
        said = ", ".join(f"{m} at {n}" for m, n in runs.items())
        raise ValueError(
            f"the runs were trained at different lengths ({said} tokens); pass --max-seq-length to score every "
            "model at one"
        )
    if runs:
        first = next(iter(runs))
        return runs[first], f"the max_seq_length of run {first}"
    return None, "each model's own"


def length_line(length: int | None, source: str, own: dict[str, int]) -> str:
    """Which length the texts were cut at, said with the scores; `own` is each model's when there is no shared one."""
    if length is not None:
        return f"texts cut at {length} tokens for every model ({source})"
    line = "texts cut at each model's own length: " + ", ".join(f"{m} {n}" for m, n in own.items())
    if len(set(own.values())) > 1:
        line += "; the paired difference mixes length and model: pass --max-seq-length to compare at one length"
    return line


def _data(args: argparse.Namespace):
    """The query set and a name for its corpus (the cache replaces older embeddings of the same name)."""
    if args.beir:
        return RetrievalSet.from_beir(args.beir, args.split or "test"), str(args.beir.resolve())
    dataset = store.load(args.dataset)
    if dataset.task != "retrieval":
        raise ValueError(f"dataset {args.dataset!r} holds {dataset.task} examples; search needs a retrieval corpus")
    split = args.split or "validation"
    if split not in ("train", "validation"):
        raise ValueError(f"--split {split!r}: a stored dataset has train and validation")
    return RetrievalSet.from_dataset(dataset, split), str(dataset.path)


def skipped_line(skipped: Skipped) -> str | None:
    """The passages left out for having no text, and the qrels and queries dropped with them, in one line."""
    if not skipped.passages:
        return None
    count, lines = len(skipped.passages), sorted(n for n in skipped.passages.values() if n is not None)
    named = ", ".join(map(str, lines[:LINES_NAMED])) + (
        f", … {len(lines) - LINES_NAMED} more" if len(lines) > LINES_NAMED else ""
    )
    said = (
        f"warning: skipped {count} empty passage{'s' * (count != 1)} (corpus.jsonl line{'s' * (count != 1)} {named})"
    )
    dropped = [f"{skipped.qrels} qrel line{'s' * (skipped.qrels != 1)} that pointed at them"] if skipped.qrels else []
    if skipped.queries:
        n = len(skipped.queries)
        dropped.append(f"{n} quer{'ies' if n != 1 else 'y'} left with no relevant passage")
    return said + ("; dropped " + " and ".join(dropped) if dropped else "")


def skipped_counts(skipped: Skipped) -> dict[str, int]:
    return {
        "skipped_empty": len(skipped.passages),
        "qrels_dropped": skipped.qrels,
        "queries_dropped": len(skipped.queries),
    }


def _bar(desc: str, show: bool):
    """A tqdm bar on stderr driven by (done, total) callbacks."""
    if not show:
        return None
    from tqdm import tqdm

    state: dict = {}

    def update(done: int, total: int) -> None:
        bar = state.setdefault("bar", tqdm(total=total, desc=desc, unit="passage", file=sys.stderr))
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def _searchers(
    args: argparse.Namespace, data, corpus_name: str, length: int | None, *, bm25: bool, hybrid: str | None
):
    """Dense searchers for --model (labelled apart when repeated) at `length`, then BM25, then hybrids ("each" or
    "last")."""
    from training.retrieval.search import (
        BM25Searcher,
        HybridSearcher,
        ModelRef,
        dense_searcher,
    )  # deferred: start-up time

    dense = []
    for n, model in enumerate(args.model, start=1):
        label = model if args.model.count(model) == 1 else f"{model} #{n}"
        ref = ModelRef(model, length, label)
        progress = _bar(f"encoding with {label}", not args.json)
        try:
            dense.append(
                dense_searcher(
                    ref, data.documents, corpus_name=corpus_name, batch_size=args.batch_size, progress=progress
                )
            )
        except OSError as exc:  # not on disk, not in the Hub cache, no network: say which model, in one line
            raise FileNotFoundError(f"--model {model!r} could not be loaded: {exc}") from exc
    reference = BM25Searcher(data.documents) if bm25 or hybrid else None
    rows = [*dense, *([reference] if bm25 else [])]
    fused = dense if hybrid == "each" else dense[-1:] if hybrid == "last" else []
    return rows + [HybridSearcher(d, reference) for d in fused]


def cmd_eval(args: argparse.Namespace) -> int:
    from training.retrieval.scoreboard import score_searchers  # deferred: start-up time

    length, source = shared_length(args.model, args.max_seq_length)
    data, corpus_name = _data(args)
    if not args.json and (warning := skipped_line(data.skipped)):
        print(warning)
    if len(args.model) == 1 and not (args.bm25 or args.hybrid):  # the evaluator alone, as training reports
        model = load_embedding_model(args.model[0], max_seq_length=length)
        results = score(model, data, batch_size=args.batch_size, show_progress_bar=not args.json)
        size = {"queries": len(data.queries), "corpus": len(data.documents)}
        if args.json:
            shown = {k: results[k] for k in REPORTED} | size | {"max_seq_length": model.max_seq_length}
            print(json.dumps(shown | skipped_counts(data.skipped)))
        else:
            print(f"{size['queries']} queries, {size['corpus']} passages, model {args.model[0]}")
            print(f"texts cut at {model.max_seq_length} tokens")
            for key in REPORTED:
                print(f"{key:>10}  {results[key]:.4f}")
        return 0
    searchers = _searchers(args, data, corpus_name, length, bm25=args.bm25, hybrid="each" if args.hybrid else None)
    board = score_searchers(searchers, data)
    models = board.names[: len(args.model)]  # the dense rows come first, in --model order
    own = {s.name: s.model.max_seq_length for s in searchers[: len(args.model)]}
    paired = [compare_searchers(board, models[0], other) for other in models[1:]]
    fused = board.names[len(models) + bool(args.bm25) :] if args.hybrid else []  # one hybrid per model, in order
    paired += [compare_searchers(board, fused[0], other) for other in fused[1:]]  # does B help the hybrid too?
    if args.json:
        rows = {n: {k: board.aggregate[n][k] for k in REPORTED} | {"ms_per_query": board.ms[n]} for n in board.names}
        for name, tokens in own.items():
            rows[name]["max_seq_length"] = tokens
        out = {"rows": rows, "queries": len(board.queries), "corpus": len(data.documents)}
        out |= {"max_seq_length": length, "max_seq_length_from": source} | skipped_counts(data.skipped)
        print(json.dumps(out | {"paired": [p.to_dict() for p in paired]}))
        return 0
    print(f"{len(board.queries)} queries with gold, {len(data.documents)} passages")
    print(length_line(length, source, own))
    width = max(len(n) for n in board.names)
    print(f"{'':<{width}}  " + "  ".join(f"{k:>9}" for k in REPORTED) + "  ms/query")
    for name in board.names:
        values = "  ".join(f"{board.aggregate[name][k]:>9.4f}" for k in REPORTED)
        print(f"{name:<{width}}  {values}  {board.ms[name]:>8.1f}")
    for p in paired:
        print(p.sentence())
    return 0


def _fit(text: str, width: int) -> str:
    """Cut and pad to `width` terminal columns, Korean and other wide characters counting two."""
    out, used = [], 0
    for ch in text.replace("\n", " "):
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (width - used)


def cmd_search(args: argparse.Namespace) -> int:
    from training.retrieval.scoreboard import compare  # deferred: start-up time

    length, source = shared_length(args.model, args.max_seq_length)
    data, corpus_name = _data(args)
    gold = next((data.relevant.get(q, set()) for q, text in data.queries.items() if text == args.query.strip()), set())
    searchers = _searchers(args, data, corpus_name, length, bm25=True, hybrid="last")
    own = {s.name: s.model.max_seq_length for s in searchers[: len(args.model)]}
    rows = compare(searchers, args.query, gold, k=args.k)
    if args.json:
        results = {
            r.name: {"hits": [[p, s, p in gold] for p, s in r.hits], "gold_rank": r.gold_rank, "ms": r.ms}
            for r in rows
        }
        for name, tokens in own.items():
            results[name]["max_seq_length"] = tokens
        out = {"query": args.query, "gold": sorted(gold), "results": results, "max_seq_length": length}
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(length_line(length, source, own))
    if warning := skipped_line(data.skipped):
        print(warning)
    print(f"gold: {', '.join(sorted(gold))}" if gold else "no gold: the query is not one of the split's queries")
    for r in rows:
        rank = "–" if not gold else f"rank {r.gold_rank}" if r.gold_rank else "not in the top 100"
        print(f"  {r.name}: gold {rank}, {r.ms:.1f} ms")
    print("rank " + " ".join(_fit(r.name, CELL) for r in rows))
    for i in range(max(len(r.hits) for r in rows)):
        cells = []
        for r in rows:
            if i >= len(r.hits):
                cells.append(_fit("", CELL))
                continue
            pid, s = r.hits[i]
            title = data.documents[pid].split("\n", 1)[0]
            cells.append(_fit(f"{'✓' if pid in gold else ' '} {s:.3f} {pid} {title}", CELL))
        print(f"{i + 1:>4} " + " ".join(cells))
    return 0
