"""`python -m training ask RUN_DIR "prompt" [--base | --tuned] [--json]`: what the Playground tab shows, in a
terminal: an SFT run's answers with their JSON and schema checks, or a classification run's top labels."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from training.playground.ask import Answer


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def answer_lines(reply: Answer) -> list[str]:
    check, schema = reply.check, reply.check.schema_text()
    return [
        f"{reply.which} ({reply.seconds:.2f} s):",
        *(f"  {line}" for line in (reply.text or "(empty)").splitlines()),
        f"  {_mark(check.json_valid)} JSON" + (f": {check.json_error}" if check.json_error else ""),
        f"  {_mark(check.schema_valid)} schema" + (f": {schema}" if schema else ""),
    ]


def cmd_ask(args: argparse.Namespace) -> int:
    from training.playground.ask import WHICH, ModelCache, answer, run_facts, top_labels  # deferred: start-up time

    facts = run_facts(args.run_dir)
    which = ["base"] if args.base else ["tuned"] if args.tuned else list(WHICH)
    cache = ModelCache(1)  # one load answers both
    out: dict = {"run": facts.run_id, "task": facts.task, "base_model": facts.base_model}
    lines = [f"run {facts.run_id}: {facts.task}, base model {facts.base_model}"]
    gold = facts.reference(args.prompt)
    if facts.task == "sft":
        system = facts.system if args.system is None else args.system
        out["system"] = system or None
        lines.append(f"system: {system!r}" if system else "system: none")
        replies = [
            answer(args.run_dir, args.prompt, which=w, max_new_tokens=args.max_new_tokens, system=system, cache=cache)
            for w in which
        ]
        out["answers"] = {r.which: r.to_dict() for r in replies}
        out["reference"] = gold.reference if gold else None
        for reply in replies:
            lines += answer_lines(reply)
    else:
        out["gold"] = gold.reference if gold else None
        if gold:
            lines.append(f"gold label: {gold.reference}")
        out["labels"] = {}
        for w in which:
            start = time.perf_counter()
            top = top_labels(args.run_dir, args.prompt, k=args.top, which=w, cache=cache)
            out["labels"][w] = [{"label": label, "probability": p} for label, p in top]
            lines.append(f"{w} ({time.perf_counter() - start:.2f} s):")
            lines += [f"  {rank}. {label}  {p:.4f}" for rank, (label, p) in enumerate(top, start=1)]
    print(json.dumps(out, ensure_ascii=False) if args.json else "\n".join(lines))
    return 0


def add_parser(sub) -> None:
    ask = sub.add_parser(
        "ask", help="ask a finished sft or classification run and its base model: answers checked, or top labels"
    )
    ask.add_argument("run_dir", type=Path)
    ask.add_argument("prompt", help="the user's words (sft) or the text to classify")
    only = ask.add_mutually_exclusive_group()
    only.add_argument("--base", action="store_true", help="only the base model (the run's adapter switched off)")
    only.add_argument("--tuned", action="store_true", help="only the fine-tuned model")
    ask.add_argument("--max-new-tokens", type=int, help="sft: longest answer (default: the run's sft.max_new_tokens)")
    ask.add_argument("--system", help="sft: system message instead of the training chats' ('' for none)")
    ask.add_argument("--top", type=int, default=5, help="classification: labels shown per model")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.set_defaults(func=cmd_ask)
