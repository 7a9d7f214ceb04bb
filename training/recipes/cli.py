"""CLI: `python -m training recipe legal --corpus SOURCE [--questions LOG] [--cases CASES] --name NEW`: the
legal recipe (legal.py) from the corpus to a scored model, each stage's numbers printed as it ends."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.models.names import DEFAULT_EMBEDDING_MODEL
from training.retrieval.pseudo_label import PseudoLabelOptions


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("recipe", help="a whole chain from raw inputs to a trained, scored model")
    p.add_argument("kind", choices=["legal"], help="legal: statutes + a question log and/or cases → a retriever")
    p.add_argument("--corpus", required=True, help="a stored retrieval dataset or a passages file")
    p.add_argument("--questions", help="a question log: one unlabelled question a line (or JSON lines)")
    p.add_argument("--cases", help="cases whose 참조조문 name the positives (with a passages file as --corpus)")
    p.add_argument("--name", required=True, help="the dataset to store (its mined copy is NAME-hn)")
    p.add_argument("--model", default=DEFAULT_EMBEDDING_MODEL, help="embedding model: run dir, Hub id or path")
    p.add_argument("--minutes", type=float, default=20.0, help="training time to size the run for (probe-timed)")
    p.add_argument("--steps", type=int, help="a fixed number of training steps instead of --minutes")
    p.add_argument("--max-seq-length", type=int, default=128, help="tokens per text, training and scoring")
    p.add_argument("--score-corpus", type=int, default=5000, help="passages the final scores search")
    p.add_argument("--rule", choices=["agree", "hybrid"], default="agree", help="pseudo-label rule for the log")
    p.add_argument("--pool", type=int, default=30, help="the model re-ranks BM25's top POOL per question")
    p.add_argument("--json", action="store_true", help="one JSON report at the end instead of stage lines")
    p.add_argument("--owner", help="whose dataset and run these are (a visitor's id; the studio passes it)")
    p.add_argument(
        "--job", help="also keep the progress in folder JOB: each stage a JSON line, the outcome in status.json"
    )
    p.set_defaults(func=cmd_recipe)


def cmd_recipe(args: argparse.Namespace) -> int:
    from training.recipes import jobs  # deferred: start-up time (torch, bm25s)
    from training.recipes.legal import LegalRecipe, run_recipe  # deferred: start-up time (torch, bm25s)

    recipe = LegalRecipe(
        corpus=args.corpus,
        name=args.name,
        questions=args.questions,
        cases=args.cases,
        model=args.model,
        minutes=args.minutes,
        steps=args.steps,
        max_seq_length=args.max_seq_length,
        score_corpus=args.score_corpus,
        labels=PseudoLabelOptions(rule=args.rule, pool=args.pool),
        owner=args.owner or None,
    )
    job = Path(args.job) if args.job else None
    kept = jobs.begin(job, recipe) if job else None

    def said(stage: str, numbers: dict) -> None:
        if kept:
            kept(stage, numbers)
        if not args.json:
            print(f"[{stage}] " + json.dumps(numbers, ensure_ascii=False, default=str), file=sys.stderr, flush=True)

    try:
        report = run_recipe(recipe, said)
    except BaseException as exc:  # the job says how it ended, also when stopped by Ctrl-C
        if job:
            jobs.fail(job, exc)
        raise
    if job:
        jobs.finish(job, report)
    scores = report["scores"]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, default=str))
        return 0
    print(f"{scores['queries']} validation questions over {scores['passages']:,} passages")
    for name, row in scores["rows"].items():
        print(f"  {name:<40} NDCG@10 {row['ndcg@10']:.3f}  R@10 {row['recall@10']:.3f}  MRR@10 {row['mrr@10']:.3f}")
    for what, paired in scores["paired"].items():
        interval = f"{paired['mean']:+.3f} (95% CI {paired['low']:+.3f} … {paired['high']:+.3f})"
        print(f"  {what}: trained − base NDCG@10 {interval}")
    print(f"stored {report['dataset']}; run {report['run']}; report in its recipe.json")
    return 0
