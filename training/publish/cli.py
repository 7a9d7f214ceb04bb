"""`python -m training export RUN_DIR --to KIND OUT [--force]` and
`python -m training push SOURCE REPO_ID [--private] [--to KIND] [--new] [--demo-space SPACE_ID]`.

The token comes from HF_TOKEN or a prompt that doesn't echo it, never from an argument: arguments land in the
shell's history and in `ps` output.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from core.models.load import is_run_dir

KINDS = (
    "adapter",
    "merged",
    "sentence-transformers",
)  # training.publish.export.KINDS, without importing torch for --help


def cmd_export(args: argparse.Namespace) -> int:
    from training.publish.export import export  # deferred: start-up time

    out = export(args.run_dir, args.to, args.out, force=args.force)
    print(f"exported run {Path(args.run_dir).resolve().name} as {args.to} to {out}")
    return 0


def ask_token() -> str | None:
    """HF_TOKEN, else the token typed at a terminal without echo; None when neither (push then says so)."""
    if os.environ.get("HF_TOKEN"):
        return None  # hub.push reads it itself
    if not sys.stdin.isatty():
        return None
    return getpass.getpass("Hugging Face token with write access (not shown, not saved): ") or None


def cmd_push(args: argparse.Namespace) -> int:
    from training.publish.hub import StudioHubError, demo_space, push  # deferred: start-up time

    if args.demo_space and not is_run_dir(args.source):
        raise ValueError(f"--demo-space needs a run directory (its task and data make the demo); {args.source} is not")
    token = ask_token()
    try:
        pushed = push(
            args.source, args.repo_id, private=args.private, token=token, kind=args.to, exist_ok=not args.new
        )
        print(f"pushed {len(pushed.files)} files to {pushed.url}")
        if args.demo_space:
            space = demo_space(
                args.source,
                args.demo_space,
                model_repo=pushed.repo_id,
                private=args.private,
                token=token,
                kind=args.to,
            )
            print(f"demo Space: {space.url}")
    except StudioHubError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def add_parsers(sub) -> None:
    exp = sub.add_parser("export", help="a run's model as a folder that loads without the studio, with a model card")
    exp.add_argument("run_dir", type=Path)
    exp.add_argument("out", type=Path, help="the folder to write (must be empty or new, unless --force)")
    exp.add_argument(
        "--to",
        required=True,
        choices=KINDS,
        help="adapter: the LoRA adapter; merged: a whole model; sentence-transformers: embedding runs, loads alone",
    )
    exp.add_argument("--force", action="store_true", help="replace OUT when it holds files")
    exp.set_defaults(func=cmd_export)
    psh = sub.add_parser("push", help="push a run (exported on the fly) or an export folder to the Hugging Face Hub")
    psh.add_argument("source", type=Path, help="a run directory or a folder made by export")
    psh.add_argument("repo_id", help="owner/name of the model repo")
    psh.add_argument("--private", action="store_true", help="create the repo private")
    psh.add_argument(
        "--to",
        choices=KINDS,
        help="for a run: what to push (default: sentence-transformers for embeddings, adapter for sft, merged for "
        "classification)",
    )
    psh.add_argument("--new", action="store_true", help="refuse a repo that exists (default: add a commit to it)")
    psh.add_argument("--demo-space", metavar="SPACE_ID", help="also create a Gradio Space that tries the model")
    psh.set_defaults(func=cmd_push)
