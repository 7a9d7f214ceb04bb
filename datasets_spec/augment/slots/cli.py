"""`augment slots SPEC`: JSON-task chat examples from a slot spec, previewed, written to a file or stored.

Example: python -m datasets_spec augment slots datasets_spec/samples/json_task_ko/slots.yaml --n 10000 --name ko
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from datasets_spec.augment.slots.generate import Generated, generate, store_generated, write_generated
from datasets_spec.augment.slots.options import DEFAULT_N, MODES
from datasets_spec.errors import DataError


def add_slots_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `slots` on the parent's subcommands (the parent decides where it is mounted)."""
    parser = subparsers.add_parser(
        "slots",
        help="JSON-task chat examples from slot templates (a YAML or JSON spec)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("spec", type=Path, help="the spec: slots, templates, output template and/or JSON Schema")
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="examples to make, train + validation; 0: all")
    parser.add_argument(
        "--mode", choices=MODES, default="sampled", help="sampled: a seeded spread; combinatorial: in order"
    )
    parser.add_argument("--seed", type=int, default=42, help="same seed, same examples (byte for byte)")
    parser.add_argument(
        "--holdout-ratio", type=float, help="share of holdout-slot combinations kept for validation (spec's, else 0)"
    )
    parser.add_argument(
        "--holdout-slot",
        action="append",
        metavar="SLOT",
        help="a slot whose value combinations are held out (repeat; default: the spec's, else every slot)",
    )
    parser.add_argument(
        "--holdout-value",
        action="append",
        metavar="SLOT=VALUE",
        help="every example with this value goes to validation (repeat)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--name", help="store as this dataset, with how it was made in its manifest")
    where.add_argument("--out", type=Path, help="write FILE.jsonl (and FILE.validation.jsonl) instead of storing")
    parser.add_argument("--overwrite", action="store_true", help="replace a stored dataset of the same name")
    parser.add_argument("--preview", type=int, default=0, metavar="K", help="show the first K training examples")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=cmd_slots)
    return parser


def holdout_values(pairs: list[str] | None) -> dict[str, list[str]] | None:
    """`SLOT=VALUE` pairs as {slot: [values]}; None when none are given, so the spec's apply."""
    if not pairs:
        return None
    values: dict[str, list[str]] = {}
    for pair in pairs:
        slot, sep, value = pair.partition("=")
        if not sep or not slot.strip() or not value.strip():
            raise ValueError(f"--holdout-value {pair!r}: write SLOT=VALUE, e.g. 지역=제주시")
        values.setdefault(slot.strip(), []).append(value.strip())
    return values


def preview_lines(generated: Generated, k: int) -> list[str]:
    lines = []
    for number, example in enumerate(generated.train[:k], start=1):
        slots = ", ".join(f"{s}={v}" for s, v in example["slots"].items())
        lines.append(f"--- {number}: {slots}")
        lines += [f"{m['role']}: {m['content']}" for m in example["messages"]]
    return lines


def cmd_slots(args: argparse.Namespace) -> int:
    """Exit 0 with the report; exit 2 with `error: FILE, field 'F': message` for a spec or option to fix."""
    try:
        generated = generate(
            args.spec,
            args.n or None,
            mode=args.mode,
            seed=args.seed,
            holdout_ratio=args.holdout_ratio,
            holdout_slots=args.holdout_slot,
            holdout_values=holdout_values(args.holdout_value),
        )
        stored = store_generated(generated, args.name, overwrite=args.overwrite) if args.name else None
        written = write_generated(generated, args.out) if args.out else []
    except (DataError, ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = generated.report
    if args.json:
        out = {**report.to_dict(), "stored": str(stored) if stored else None, "written": [str(p) for p in written]}
        out["preview"] = generated.train[: args.preview]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    lines = report.lines()
    if report.requested and report.made < report.requested:
        lines.append(f"warning: asked for {report.requested:,}; the spec has only {report.made:,} distinct questions")
    if report.conflicting_duplicates:
        lines.append("warning: some questions read the same under two combinations with different answers")
    if not generated.validation:
        lines.append("note: nothing held out; a stored dataset is split at random by the store instead")
    lines += preview_lines(generated, args.preview)
    lines += [f"stored: {stored}"] if stored else []
    lines += [f"wrote: {path}" for path in written]
    print("\n".join(lines))
    return 0
