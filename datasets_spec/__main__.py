"""CLI: `refs` parses 참조조문, `import-legal` stores passages + cases, `export` writes BEIR or FlagEmbedding."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from datasets_spec import store
from datasets_spec.errors import DataError
from datasets_spec.formats.beir import export_beir
from datasets_spec.formats.references import parse_references


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
    print(manifest["report"]["summary"])
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    dataset = store.load(args.dataset)
    if args.format == "beir":
        examples = dataset.validation if args.split == "validation" else dataset.train
        print(f"wrote {export_beir(dataset.corpus, examples, args.out, split='test')}")
    else:
        print(f"wrote {store.export_flag(dataset, args.split, args.out)} lines to {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m datasets_spec", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    refs = sub.add_parser("refs", help="parse court-style 참조조문 strings into article references")
    refs.add_argument("text", nargs="+", help="reference strings, or - to read one per line from stdin")
    refs.set_defaults(func=cmd_refs)
    imp = sub.add_parser("import-legal", help="validate passages + cases, build pairs, split by case, and store")
    imp.add_argument("--passages", required=True, type=Path)
    imp.add_argument("--cases", required=True, type=Path)
    imp.add_argument("--name", required=True)
    imp.add_argument("--validation-ratio", type=float, default=0.2)
    imp.add_argument("--seed", type=int, default=42)
    imp.add_argument("--overwrite", action="store_true")
    imp.set_defaults(func=cmd_import_legal)
    exp = sub.add_parser("export", help="write a stored dataset as a BEIR folder or FlagEmbedding JSONL")
    exp.add_argument("dataset", help=f"stored dataset name or folder (the bundled one is {store.SAMPLE_NAME})")
    exp.add_argument("--format", choices=["beir", "flag"], required=True)
    exp.add_argument("--split", choices=["train", "validation"], default="validation")
    exp.add_argument("--out", required=True, type=Path)
    exp.set_defaults(func=cmd_export)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (DataError, ValueError, FileNotFoundError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
