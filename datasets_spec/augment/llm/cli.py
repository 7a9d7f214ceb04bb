"""`augment llm SOURCE`: queries rewritten, or questions written, by a local causal LM, filtered, previewed, stored.

Example: python -m datasets_spec augment llm legal-ko-sample --model Qwen/Qwen2.5-0.5B-Instruct --kind paraphrase
         --per-example 2 --limit 50 --name legal-ko-paraphrased --preview 5
"""

from __future__ import annotations

import argparse
import json
import sys

from datasets_spec.augment.llm.options import KINDS, LlmOptions
from datasets_spec.augment.llm.variants import (
    Variants,
    check_target,
    generate_variants,
    made_by,
    store_variants,
)
from datasets_spec.errors import DataError
from datasets_spec.store import DatasetRejected


def add_llm_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `llm` on the parent's subcommands (the parent decides where it is mounted)."""
    d = LlmOptions(model="")
    parser = subparsers.add_parser(
        "llm",
        help="model-written variants of a stored retrieval dataset: paraphrased queries or questions from passages",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", help="a stored retrieval dataset (name or folder); its training queries are used")
    parser.add_argument("--model", required=True, help="causal LM: a Hub id (needs a network) or a local folder")
    parser.add_argument("--kind", choices=KINDS, default=d.kind, help="rewrite the query, or ask what a passage says")
    parser.add_argument("--per-example", type=int, default=d.per_example, help="variants asked of each query")
    parser.add_argument("--limit", type=int, help="use N training queries drawn under the seed (default: all)")
    parser.add_argument("--seed", type=int, default=d.seed, help="same seed, same queries and the same variants")
    parser.add_argument("--temperature", type=float, default=d.temperature, help="0: greedy, one variant a query")
    parser.add_argument("--top-p", type=float, default=d.top_p)
    parser.add_argument("--max-new-tokens", type=int, default=d.max_new_tokens, help="a variant cut here is dropped")
    parser.add_argument("--batch-size", type=int, default=d.batch_size)
    parser.add_argument("--min-chars", type=int, default=d.min_chars)
    parser.add_argument("--max-chars", type=int, default=d.max_chars)
    parser.add_argument(
        "--max-language-gap", type=float, default=d.max_language_gap, help="in the share of Korean words, 0-1"
    )
    parser.add_argument("--embedding-model", help="scores answerability (default: the studio's embedding default)")
    parser.add_argument("--min-score", type=float, help="also require this cosine between variant and passage")
    parser.add_argument(
        "--top-k", type=int, default=d.top_k, help="its passage must rank in this top among 1 + distractors (0: off)"
    )
    parser.add_argument("--distractors", type=int, default=d.distractors, help="other passages, drawn per query")
    parser.add_argument("--name", help="store the source's training queries plus the kept variants under this name")
    parser.add_argument("--overwrite", action="store_true", help="replace a stored dataset of the same name")
    parser.add_argument("--preview", type=int, default=0, metavar="K", help="show the first K candidates")
    parser.add_argument("--json", action="store_true", help="print the report (and preview) as JSON")
    parser.set_defaults(func=cmd_llm)
    return parser


def options_from(args: argparse.Namespace) -> LlmOptions:
    return LlmOptions(
        model=args.model,
        kind=args.kind,
        per_example=args.per_example,
        limit=args.limit,
        seed=args.seed,
        temperature=args.temperature,
        top_p=args.top_p,
        max_new_tokens=args.max_new_tokens,
        batch_size=args.batch_size,
        min_chars=args.min_chars,
        max_chars=args.max_chars,
        max_language_gap=args.max_language_gap,
        embedding_model=args.embedding_model,
        min_score=args.min_score,
        top_k=args.top_k or None,
        distractors=args.distractors,
    )


def preview(variants: Variants, k: int) -> list[dict]:
    """The first k candidates with their source, score and what became of them."""
    return [
        {
            "source_query_id": c.source_query_id,
            "source_query": c.source_query,
            "variant": c.text,
            "score": c.score,
            "rank": c.rank,
            "kept": c.dropped is None,
            "dropped": c.dropped,
            "why": c.why,
        }
        for c in variants.candidates[: max(k, 0)]
    ]


def cmd_llm(args: argparse.Namespace) -> int:
    """Exit 0 with the report; exit 2 with `error: …` naming the option, dataset or model to fix."""
    try:
        if args.name:
            check_target(args.name, args.overwrite)
        variants = generate_variants(args.source, options_from(args))
        stored = store_variants(variants, args.name, overwrite=args.overwrite) if args.name else None
    except DatasetRejected as exc:
        print("\n".join(exc.problems.lines("errors")), file=sys.stderr)
        return 2
    except (DataError, ValueError, FileExistsError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    shown = preview(variants, args.preview)
    warnings = variants.loaded.problems.lines("warnings")
    if args.json:
        out = {**variants.report.to_dict(), "made_by": made_by(variants.report), "warnings": warnings}
        print(json.dumps({**out, "stored": str(stored) if stored else None, "preview": shown}, ensure_ascii=False))
        return 0
    lines = [*variants.report.lines(), *(f"warning: {line}" for line in warnings)]
    for row in shown:
        verdict = "kept" if row["kept"] else f"dropped ({row['dropped']}: {row['why']})"
        score = "" if row["score"] is None else f" cosine {row['score']:.3f}, rank {row['rank']}"
        lines += [
            f"--- {row['source_query_id']}: {row['source_query']}",
            f"variant: {row['variant']}{score}; {verdict}",
        ]
    lines += [f"stored: {stored}"] if stored else []
    print("\n".join(lines))
    return 0
