"""CLI: `python -m training pseudo-label --questions LOG --corpus SOURCE --name NEW`: the questions of a log that
BM25 and the model agree on, stored as a retrieval dataset to train on (question_labels.py)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from core.models.names import DEFAULT_EMBEDDING_MODEL
from datasets_spec.question_log import read_question_log
from training.retrieval.pseudo_label import PseudoLabelOptions

_FIELDS = {f.name: f for f in dataclasses.fields(PseudoLabelOptions)}


def _help(name: str) -> str:
    return f"{_FIELDS[name].metadata['help']['en']} (default: {_FIELDS[name].default})".replace("%", "%%")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pseudo-label", help="label a question log where BM25 and the model agree; store the pairs")
    p.add_argument("--questions", required=True, help="the log: one question a line, or JSON lines with 'question'")
    p.add_argument("--corpus", required=True, help="a stored retrieval dataset, or a passages file (id, text)")
    p.add_argument("--name", required=True, help="store the kept pairs as a new dataset under this name")
    p.add_argument("--model", default=DEFAULT_EMBEDDING_MODEL, help="embedding model: run dir, Hub id or path")
    p.add_argument("--max-seq-length", type=int, help="tokens the model reads per text (default: its own)")
    for name in _FIELDS:
        p.add_argument(f"--{name.replace('_', '-')}", type=type(_FIELDS[name].default), default=None, help=_help(name))
    p.add_argument("--overwrite", action="store_true", help="replace a stored dataset of that name")
    p.add_argument("--preview", type=int, default=5, metavar="K", help="show K kept questions with both ranks")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(func=cmd_pseudo_label)


def preview_lines(examples: list[dict], corpus: dict[str, dict], k: int) -> list[str]:
    """A kept question, its label (with BM25's and the model's rank) and its negatives, for a person to judge."""
    lines = []
    for example in examples[:k]:
        ranks, positive = example["pseudo_label"], example["positive_passages"][0]
        title = corpus[positive].get("title", "")
        lines.append(f"  {example['query_text']}")
        lines.append(
            f"    + {positive} {title} (BM25 #{ranks['bm25_rank']}, model #{ranks['model_rank']}, "
            f"margin {ranks['margin']:.3f})"
        )
        lines.extend(f"    - {pid} {corpus[pid].get('title', '')}" for pid in example["hard_negatives"])
    return lines


def cmd_pseudo_label(args: argparse.Namespace) -> int:
    from training.retrieval.question_labels import (  # deferred: start-up time (torch, bm25s)
        pseudo_labels,
        read_passages,
        store_pseudo_labels,
    )

    log = read_question_log(args.questions)
    if not log.problems.ok:
        print(f"error: {log.problems.errors[0]}", file=sys.stderr)
        return 2
    given = {name: getattr(args, name) for name in _FIELDS if getattr(args, name) is not None}
    options = PseudoLabelOptions(**given)
    corpus, empty = read_passages(args.corpus)
    examples, report = pseudo_labels(log.questions, corpus, args.model, options, max_seq_length=args.max_seq_length)
    report = {**report, "repeats": log.repeats, "empty_passages": empty}
    folder = store_pseudo_labels(log, corpus, examples, report, options, args.name, overwrite=args.overwrite)
    if args.json:
        print(json.dumps({**report, "stored": str(folder)}, ensure_ascii=False))
        return 0
    left = ", ".join(f"{n} {reason.replace('_', ' ')}" for reason, n in report["left_out"].items() if n)
    print(
        f"kept {report['kept']} of {report['questions']} questions ({left or 'none left out'}); the model encoded "
        f"{report['encoded']:,} of {report['passages']:,} passages; stored as {args.name!r} in {folder}"
    )
    print("\n".join(preview_lines(examples, corpus, args.preview)))
    return 0
