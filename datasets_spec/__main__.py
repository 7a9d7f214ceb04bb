"""CLI: validate, stats, convert and import datasets in any supported format; parse 참조조문; export stored data;
augment (slot templates, statute pseudo-queries, model-written variants) and mine hard negatives."""

from __future__ import annotations

import argparse
import sys

from datasets_spec import cli
from datasets_spec.augment.legal.cli import add_statutes_command
from datasets_spec.augment.llm.cli import add_llm_command
from datasets_spec.augment.slots.cli import add_slots_command
from datasets_spec.errors import DataError
from datasets_spec.mining.cli import add_mine_command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m datasets_spec", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    cli.add_parsers(sub)  # validate, stats, convert, import, refs, import-legal, export, sample
    aug = sub.add_parser(
        "augment",
        help="generate training data: JSON-task slot templates, statute pseudo-queries, model-written variants",
    )
    generators = aug.add_subparsers(dest="generator", required=True)
    add_slots_command(generators)
    add_statutes_command(generators)
    add_llm_command(generators)
    add_mine_command(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (DataError, ValueError, FileNotFoundError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
