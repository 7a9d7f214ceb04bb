"""CLI: `python -m datasets_spec mine SOURCE ...`: hard negatives for a stored dataset or a retrieval file.

The flags' help is read from MineOptions' field metadata, the text the UI shows, so the two never drift.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from datasets_spec.mining.negatives import MinedDataset, mine_source
from datasets_spec.mining.options import METHODS, SAMPLING, MineOptions

_FIELDS = {f.name: f for f in dataclasses.fields(MineOptions)}


def _help(name: str) -> str:
    meta = _FIELDS[name].metadata
    return f"{meta['help']['en']} (default: {_FIELDS[name].default})".replace("%", "%%")


def rank_range(text: str) -> tuple[int, int]:
    """'10-100' -> (10, 100), the FlagEmbedding --range_for_sampling spelling."""
    low, sep, high = text.partition("-")
    try:
        if not sep:
            raise ValueError
        return int(low), int(high)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected FIRST-LAST ranks, e.g. 10-100") from None


def add_mine_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `mine` on a parser's subcommands."""
    defaults = MineOptions()
    mine = subparsers.add_parser("mine", help="mine hard negatives (BM25, the embedding model, or same-law articles)")
    mine.add_argument("source", help="a stored dataset (name or folder) or a retrieval file")
    mine.add_argument("--corpus", type=Path, help="the passages file, when SOURCE is a file in the ID format")
    mine.add_argument("--method", choices=METHODS, default=defaults.method, help=_help("method"))
    mine.add_argument("--model", help=_help("model"))
    mine.add_argument(
        "--range",
        type=rank_range,
        default=(defaults.range_min, defaults.range_max),
        metavar="FIRST-LAST",
        help=f"ranks to draw from: {_help('range_min')} {_help('range_max')}",
    )
    mine.add_argument("--negatives", type=int, default=defaults.num_negatives, help=_help("num_negatives"))
    mine.add_argument(
        "--margin",
        type=float,
        default=defaults.relative_margin,
        help=_help("relative_margin") + "; --margin -1 turns it off",
    )
    mine.add_argument("--max-score", type=float, help=_help("max_score"))
    mine.add_argument(
        "--sampling", choices=SAMPLING, default=defaults.sampling_strategy, help=_help("sampling_strategy")
    )
    mine.add_argument("--seed", type=int, default=defaults.seed, help=_help("seed"))
    mine.add_argument("--append", action="store_true", help=_help("append"))
    mine.add_argument(
        "--tokenizer", choices=["char-ngram", "kiwi"], default=defaults.tokenizer, help=_help("tokenizer")
    )
    mine.add_argument("--batch-size", type=int, default=defaults.batch_size, help=_help("batch_size"))
    mine.add_argument("--name", help="store the result as a new dataset under this name (with how it was made)")
    mine.add_argument("--overwrite", action="store_true", help="replace a stored dataset of that name")
    mine.add_argument("--preview", type=int, default=3, metavar="K", help="show K queries side by side (0: none)")
    mine.add_argument("--json", action="store_true", help="machine-readable report")
    mine.set_defaults(func=cmd_mine)
    return mine


def options_from_args(args: argparse.Namespace) -> MineOptions:
    low, high = args.range
    return MineOptions(
        method=args.method,
        range_min=low,
        range_max=high,
        num_negatives=args.negatives,
        relative_margin=None if args.margin is None or args.margin < 0 else args.margin,
        max_score=args.max_score,
        sampling_strategy=args.sampling,
        seed=args.seed,
        append=args.append,
        tokenizer=args.tokenizer,
        model=args.model,
        batch_size=args.batch_size,
    )


def _score(score: float | None) -> str:
    return "      -" if score is None else f"{score:7.3f}"


def summary_lines(result: MinedDataset, preview: int) -> list[str]:
    """The counts, the timings and K queries with their positives (+) and negatives (-, with rank) under them."""
    report = result.report
    counts = report.counts()
    lines = [
        f"{report.method}: {counts['negatives_found']:,} negatives for {counts['queries']:,} queries "
        f"({counts['negatives_asked']} asked each); {counts['queries_short']:,} got fewer"
    ]
    lines += [f"  {n:,} short: {reason}" for reason, n in counts["short_by_reason"].items()]
    if counts["dropped_in_range"]:
        lines.append("  left out: " + ", ".join(f"{n:,} {why}" for why, n in counts["dropped_in_range"].items()))
    lines.append("  seconds: " + ", ".join(f"{stage} {s:.2f}" for stage, s in report.timings.items()))
    for item in report.preview(result.corpus, preview, width=100):
        lines.append(f"\nquery {item['query_id']}: {item['query']}")
        lines += [f"  + {_score(p['score'])}        {p['id']}: {p['text']}" for p in item["positives"]]
        lines += [f"  - {_score(n['score'])} #{n['rank']:<4} {n['id']}: {n['text']}" for n in item["negatives"]]
        if item["short"]:
            lines.append(f"  ({item['short']})")
    if result.stored:
        lines.append(f"\nstored {result.stored}")
    return lines


def cmd_mine(args: argparse.Namespace) -> int:
    try:
        result = mine_source(
            args.source, options_from_args(args), corpus=args.corpus, name=args.name, overwrite=args.overwrite
        )
    except ImportError as exc:  # kiwipiepy for --tokenizer kiwi: say what to install
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        out = result.report.to_dict(result.corpus, preview=args.preview)
        out["stored"] = str(result.stored) if result.stored else None
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print("\n".join(summary_lines(result, args.preview)))
    return 0
