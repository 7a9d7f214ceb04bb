"""`python -m datasets_spec validate | stats | convert | import | refs | import-legal | export | sample`: the data
commands; each handler checks, prints located problems, and exits 2 when the data is bad."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.models.load import token_lengths
from datasets_spec import store
from datasets_spec.canonical import Loaded
from datasets_spec.convert import TARGETS, convert
from datasets_spec.formats.references import parse_references
from datasets_spec.load import FORMATS, load
from datasets_spec.sample import STRATIFY, Sampled, sample_dataset
from datasets_spec.split import SPLIT_BY
from datasets_spec.stats import RARE_BELOW, statistics, summary_lines

ALL_TARGETS = sorted({t for targets in TARGETS.values() for t in targets})


def cmd_refs(args: argparse.Namespace) -> int:
    """One JSON array per input string; what could not be read goes to stderr and sets the exit code."""
    texts = [line.rstrip("\n") for line in sys.stdin] if args.text == ["-"] else args.text
    incomplete = 0
    for number, text in enumerate(texts, start=1):
        parsed = parse_references(text)
        print(json.dumps([r.to_dict() for r in parsed.refs], ensure_ascii=False))
        if parsed.unparsed:
            incomplete += 1
            print(f"input {number}: could not read {parsed.unparsed} in {text!r}", file=sys.stderr)
    return 1 if incomplete else 0


def _stats(args: argparse.Namespace, task: str, examples: list[dict], corpus: dict) -> dict:
    if getattr(args, "model", None):
        return statistics(
            task,
            examples,
            corpus,
            lengths_of=token_lengths(args.model),
            unit=f"tokens of {args.model}",
            max_len=args.max_len,
            min_samples_per_class=args.min_samples_per_class,
        )
    return statistics(task, examples, corpus, max_len=args.max_len, min_samples_per_class=args.min_samples_per_class)


def cmd_validate(args: argparse.Namespace) -> int:
    """Exit 0 and the statistics for good data; exit 2 and `PATH:LINE: field: message` per error for bad data."""
    loaded = load(args.path, format=args.format, corpus=args.corpus)
    problems = loaded.problems
    if args.json:
        stats = _stats(args, loaded.task, loaded.examples, loaded.corpus) if problems.ok else None
        report = {"path": str(args.path), "format": loaded.format, "task": loaded.task, "ok": problems.ok}
        print(json.dumps({**report, **problems.to_dict(), "stats": stats}, ensure_ascii=False, indent=1))
        return 0 if problems.ok else 2
    if not problems.ok:
        print("\n".join(problems.lines("errors")))
        return 2
    print(f"{args.path}: {loaded.format} ({loaded.task}), {len(loaded.examples)} examples, encoding {loaded.encoding}")
    print("\n".join(summary_lines(_stats(args, loaded.task, loaded.examples, loaded.corpus))))
    for line in problems.lines("warnings"):
        print(f"warning: {line}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Statistics of a file, a folder or a stored dataset (by name), with the chosen model's tokenizer."""
    if args.path in store.list_datasets() or args.path == store.SAMPLE_NAME:
        dataset = store.load(args.path)
        task, examples, corpus = dataset.task, dataset.train + dataset.validation, dataset.corpus
    else:
        loaded = load(args.path, format=args.format, corpus=args.corpus)
        if not loaded.problems.ok:
            print("\n".join(loaded.problems.lines("errors")))
            return 2
        task, examples, corpus = loaded.task, loaded.examples, loaded.corpus
    stats = _stats(args, task, examples, corpus)
    print(json.dumps(stats, ensure_ascii=False, indent=1) if args.json else "\n".join(summary_lines(stats)))
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    loaded = load(args.input, format=args.format, corpus=args.corpus)
    if not loaded.problems.ok:
        print("\n".join(loaded.problems.lines("errors")))
        return 2
    result = convert(loaded, args.output, args.to, overwrite=args.overwrite)
    print(f"wrote {result.examples} examples ({loaded.format} → {args.to}) to {result.out}")
    for note in result.notes:
        print(f"note: {note}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        path = store.import_file(
            args.path,
            args.name,
            format=args.format,
            corpus=args.corpus,
            validation_file=args.validation,
            split_by=args.split_by,
            validation_ratio=args.validation_ratio,
            seed=args.seed,
            min_samples_per_class=args.min_samples_per_class,
            overwrite=args.overwrite,
        )
    except store.DatasetRejected as exc:
        print("\n".join(exc.problems.lines("errors")))
        return 2
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    print(f"stored {path}")
    print(json.dumps(manifest["counts"], ensure_ascii=False))
    for line in manifest["warnings"]:
        print(f"warning: {line}")
    return 0


def cmd_import_legal(args: argparse.Namespace) -> int:
    path = store.import_legal(
        args.passages,
        args.cases,
        args.name,
        validation_ratio=args.validation_ratio,
        seed=args.seed,
        overwrite=args.overwrite,
    )
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    print(f"stored {path}")
    print(json.dumps(manifest["counts"], ensure_ascii=False))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    dataset = store.load(args.dataset)
    examples = dataset.train if args.split == "train" else dataset.validation
    stored = Loaded(dataset.task, "ids", dataset.path, examples=examples, corpus=dataset.corpus)
    count = convert(stored, args.out, args.format, overwrite=True).examples
    print(f"wrote {count} {args.split} examples as {args.format} to {args.out}")
    return 0


def sample_lines(result: Sampled, shown: int = 20) -> list[str]:
    """The draw in a few lines: the total, then the largest strata with kept / available."""
    by = f", stratified by {result.stratify}" if result.stratify else ""
    of = f"{result.available:,} training examples of {result.source!r}"
    lines = [f"sampled {result.n:,} of {of} (seed {result.seed}{by})"]
    if result.stratify:
        strata = sorted(result.strata.items(), key=lambda item: (-item[1][1], item[0]))
        kept_some = sum(1 for kept, _ in result.strata.values() if kept)
        lines.append(f"{kept_some} of {len(strata)} {result.stratify}s kept; kept of available per {result.stratify}:")
        width = len(f"{strata[0][1][1]:,}")  # counts first: Korean names are two columns a character wide
        lines += [f"  {kept:>{width},} of {total:<{width},}  {k or '(no law)'}" for k, (kept, total) in strata[:shown]]
        if len(strata) > shown:
            lines.append(f"  … and {len(strata) - shown} more")
    passages = f" and {result.passages:,} passages" if result.passages else ""
    lines.append(f"kept whole: {result.validation:,} validation examples{passages}")
    return lines + ([f"stored {result.stored}"] if result.stored else [])


def cmd_sample(args: argparse.Namespace) -> int:
    result = sample_dataset(
        args.dataset, args.name, args.n, seed=args.seed, stratify=args.stratify, overwrite=args.overwrite
    )
    print("\n".join(sample_lines(result)))
    return 0


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=list(FORMATS), help="override the detected format")
    parser.add_argument("--corpus", type=Path, help="passages/corpus file for the ID and legal formats")


def _add_length(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="count tokens with this model's tokenizer (default: characters)")
    parser.add_argument("--max-len", type=int, help="report the share of texts longer than this")
    parser.add_argument("--min-samples-per-class", type=int, default=RARE_BELOW, help="classes below are rare")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    val = sub.add_parser("validate", help="check a file or folder; exit 2 with located errors if it is bad")
    val.add_argument("path", type=Path)
    _add_source(val)
    _add_length(val)
    val.set_defaults(func=cmd_validate)
    sta = sub.add_parser("stats", help="statistics of a file, folder or stored dataset")
    sta.add_argument("path")
    _add_source(sta)
    _add_length(sta)
    sta.set_defaults(func=cmd_stats)
    con = sub.add_parser("convert", help="convert between retrieval formats or between SFT formats")
    con.add_argument("input", type=Path)
    con.add_argument("output", type=Path)
    con.add_argument("--to", required=True, choices=ALL_TARGETS)
    con.add_argument("--overwrite", action="store_true")
    _add_source(con)
    con.set_defaults(func=cmd_convert)
    imp = sub.add_parser("import", help="validate, split and store a dataset under a name")
    imp.add_argument("path", type=Path)
    imp.add_argument("--name", required=True)
    _add_source(imp)
    imp.add_argument("--validation", type=Path, help="a validation file, instead of splitting")
    imp.add_argument("--split-by", choices=sorted({b for bys in SPLIT_BY.values() for b in bys}))
    imp.add_argument("--validation-ratio", type=float, default=0.2)
    imp.add_argument("--seed", type=int, default=42)
    imp.add_argument("--min-samples-per-class", type=int, default=0, help="classification: drop rarer classes")
    imp.add_argument("--overwrite", action="store_true")
    imp.set_defaults(func=cmd_import)
    refs = sub.add_parser("refs", help="parse court-style 참조조문 strings into article references")
    refs.add_argument("text", nargs="+", help="reference strings, or - to read one per line from stdin")
    refs.set_defaults(func=cmd_refs)
    leg = sub.add_parser("import-legal", help="validate passages + cases, build pairs, split by case, and store")
    leg.add_argument("--passages", required=True, type=Path)
    leg.add_argument("--cases", required=True, type=Path)
    leg.add_argument("--name", required=True)
    leg.add_argument("--validation-ratio", type=float, default=0.2)
    leg.add_argument("--seed", type=int, default=42)
    leg.add_argument("--overwrite", action="store_true")
    leg.set_defaults(func=cmd_import_legal)
    exp = sub.add_parser("export", help="write a stored dataset in another format")
    exp.add_argument("dataset", help=f"stored dataset name or folder (the bundled one is {store.SAMPLE_NAME})")
    exp.add_argument("--format", choices=ALL_TARGETS, required=True)
    exp.add_argument("--split", choices=["train", "validation"], default="validation")
    exp.add_argument("--out", required=True, type=Path)
    exp.set_defaults(func=cmd_export)
    sam = sub.add_parser("sample", help="store a seeded sample of a stored dataset's training examples under a name")
    sam.add_argument("dataset", help="stored dataset name or folder")
    sam.add_argument(
        "--n", type=int, required=True, help="training examples to keep (validation and corpus stay whole)"
    )
    sam.add_argument(
        "--stratify",
        choices=list(STRATIFY),
        help="keep each law's (retrieval: of the first positive) or label's (classification) share of n",
    )
    sam.add_argument("--seed", type=int, default=42)
    sam.add_argument("--name", required=True)
    sam.add_argument("--overwrite", action="store_true")
    sam.set_defaults(func=cmd_sample)
