"""`augment statutes CORPUS`: (query, article) pairs from a statute corpus alone, previewed, written or stored.

Example: python -m datasets_spec augment statutes law_articles.jsonl.gz --multiply 2 --limit 5000 --name statutes-ko
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from datasets_spec.augment.legal.build import GENERATORS, from_files, store_statutes
from datasets_spec.canonical import Loaded
from datasets_spec.convert import TARGETS, convert
from datasets_spec.errors import DataError
from datasets_spec.store import DatasetRejected

PREVIEW_WIDTH = 120  # characters of a positive shown next to its query


def generator_list(text: str) -> list[str]:
    """ "cloze,title" → ["cloze", "title"], each checked, so a typo fails before 84k articles are read."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in GENERATORS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"{text!r}: choose from {', '.join(GENERATORS)}, separated by commas")
    return names


def add_statutes_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `statutes` on the parent's subcommands (the parent decides where it is mounted)."""
    parser = subparsers.add_parser(
        "statutes",
        help="legal queries without labels: inverse cloze, title and plain questions, cases without citations",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("corpus", type=Path, help="statute articles, JSONL or JSONL.gz: id, law, article, title, text")
    parser.add_argument("--cases", type=Path, help="cases (id, query, references) for the case generator")
    parser.add_argument(
        "--generators",
        type=generator_list,
        help=f"comma-separated, from {','.join(GENERATORS)} (default: cloze,title, and case when --cases is given)",
    )
    parser.add_argument(
        "--multiply", type=int, default=1, help="variants per article or case: another sentence, another template"
    )
    parser.add_argument(
        "--glossary", type=Path, help="legal term → plain words (TERM<TAB>word|word) for plain; default: ours"
    )
    parser.add_argument("--limit", type=int, help="read only the first N articles (whole laws stay together)")
    parser.add_argument("--seed", type=int, default=42, help="same seed, same pairs and the same split")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--name", help="store as this dataset, split by article, with how it was made in its manifest")
    where.add_argument("--out", type=Path, help="write the pairs instead of storing (see --to)")
    parser.add_argument(
        "--to", choices=TARGETS["retrieval"], default="ids", help="format for --out (ids: a folder with corpus.jsonl)"
    )
    parser.add_argument("--validation-ratio", type=float, default=0.2, help="share of articles held out (--name)")
    parser.add_argument("--overwrite", action="store_true", help="replace a stored dataset or --out of the same name")
    parser.add_argument("--preview", type=int, default=0, metavar="K", help="show K pairs, drawn under the seed")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=cmd_statutes)
    return parser


def preview(loaded: Loaded, k: int, seed: int) -> list[dict]:
    """K pairs spread over the generators (taken in turn, each drawn under the seed: a plain random draw of an
    84k-article run is mostly cloze), each with the start of its positive."""
    if k <= 0 or not loaded.examples:
        return []
    rng = random.Random(seed)
    by_generator: dict[str, list[int]] = {}
    for i, example in enumerate(loaded.examples):
        by_generator.setdefault(example.get("generator", ""), []).append(i)
    queues = [rng.sample(indices, len(indices)) for indices in by_generator.values()]
    picked: list[int] = []
    while len(picked) < min(k, len(loaded.examples)):
        for queue in queues:
            if queue and len(picked) < k:
                picked.append(queue.pop())
    rows = []
    for i in sorted(picked):
        example = loaded.examples[i]
        pid = example["positive_passages"][0]
        text = " ".join(loaded.corpus[pid]["text"].split())
        rows.append({**example, "positive_text": text[:PREVIEW_WIDTH] + ("…" if len(text) > PREVIEW_WIDTH else "")})
    return rows


def cmd_statutes(args: argparse.Namespace) -> int:
    """Exit 0 with the report; exit 2 with `error: …` naming the file, line or option to fix."""
    try:
        loaded, report, made_by = from_files(
            args.corpus,
            args.cases,
            generators=args.generators,
            multiply=args.multiply,
            limit=args.limit,
            seed=args.seed,
            glossary=args.glossary,
        )
        made_by["parameters"]["validation_ratio"] = args.validation_ratio
        stored = None
        if args.name:
            stored = store_statutes(
                loaded,
                args.name,
                validation_ratio=args.validation_ratio,
                seed=args.seed,
                overwrite=args.overwrite,
                made_by=made_by,
            )
        written = convert(loaded, args.out, args.to, overwrite=args.overwrite).out if args.out else None
    except DatasetRejected as exc:
        print("\n".join(exc.problems.lines("errors")), file=sys.stderr)
        return 2
    except (DataError, ValueError, FileExistsError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    shown = preview(loaded, args.preview, args.seed)
    if args.json:
        out = {**report.to_dict(), "made_by": made_by, "stored": str(stored) if stored else None}
        out["written"] = str(written) if written else None
        out["warnings"] = loaded.problems.lines("warnings")
        print(json.dumps({**out, "preview": shown}, ensure_ascii=False, indent=1))
        return 0
    lines = report.lines()
    lines += [f"warning: {line}" for line in loaded.problems.lines("warnings")]
    for row in shown:
        lines.append(f"--- {row['generator']} {row['query_id']}")
        lines.append(f"query: {row['query_text']}")
        lines.append(f"positive {row['positive_passages'][0]}: {row['positive_text']}")
    lines += [f"stored: {stored}"] if stored else []
    lines += [f"wrote: {written}"] if written else []
    print("\n".join(lines))
    return 0
