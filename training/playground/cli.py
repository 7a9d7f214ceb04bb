"""`python -m training ask RUN_DIR "prompt"` and `python -m training chat (or playground) RUN_DIR "turn" ...`: what the
Playground tab shows, in a terminal: an SFT run's and its base model's replies with their JSON and schema checks
(each model answering the user turns in order, keeping its own answers), or a classification run's top labels.
Both take the sampling flags the tab's widgets are built from (training/playground/sampling.py)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from core.knobs import field_type
from training.playground.sampling import Sampling

if TYPE_CHECKING:
    from training.playground.ask import Answer


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def answer_lines(reply: Answer) -> list[str]:
    check, schema = reply.check, reply.check.schema_text()
    ended = "" if reply.ended == "eos" else f", ended: {reply.ended}"
    return [
        f"{reply.which} ({reply.seconds:.2f} s{ended}):",
        *(f"  {line}" for line in (reply.text or "(empty)").splitlines()),
        f"  {_mark(check.json_valid)} JSON" + (f": {check.json_error}" if check.json_error else ""),
        f"  {_mark(check.schema_valid)} schema" + (f": {schema}" if schema else ""),
    ]


def sampling_of(args: argparse.Namespace) -> Sampling:
    """The sampling flags as the declared options (ConfigError when one is out of bounds); --max-new-tokens
    unset keeps the run's."""
    given = {f.name: getattr(args, f.name) for f in dataclasses.fields(Sampling) if getattr(args, f.name) is not None}
    return Sampling(**given)


def _chosen(args: argparse.Namespace) -> list[str]:
    from training.playground.ask import WHICH  # deferred: start-up time (torch)

    return ["base"] if args.base else ["tuned"] if args.tuned else list(WHICH)


def cmd_ask(args: argparse.Namespace) -> int:
    from training.playground.ask import ModelCache, run_facts, top_labels  # deferred: start-up time (torch)
    from training.playground.chat import answer  # deferred: start-up time (torch)

    facts = run_facts(args.run_dir)
    which, sampling = _chosen(args), sampling_of(args)
    cache = ModelCache(1)  # one load answers both
    out: dict = {"run": facts.run_id, "task": facts.task, "base_model": facts.base_model}
    lines = [f"run {facts.run_id}: {facts.task}, base model {facts.base_model}"]
    gold = facts.reference(args.prompt)
    if facts.task == "sft":
        system = facts.system if args.system is None else args.system
        out["system"], out["sampling"] = system or None, sampling.to_dict()
        lines.append(f"system: {system!r}" if system else "system: none")
        replies = [
            answer(args.run_dir, args.prompt, which=w, system=system, sampling=sampling, cache=cache) for w in which
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


def cmd_chat(args: argparse.Namespace) -> int:
    from training.playground.ask import ModelCache, run_facts  # deferred: start-up time (torch)
    from training.playground.chat import reply  # deferred: start-up time (torch)

    facts = run_facts(args.run_dir)
    if facts.task != "sft":
        raise ValueError(f"run {facts.run_id} is a {facts.task} run: chat asks sft runs (ask classifies a text)")
    sampling, cache = sampling_of(args), ModelCache(1)
    system = facts.system if args.system is None else args.system
    lines = [f"run {facts.run_id}: sft, base model {facts.base_model}"]
    lines.append(f"system: {system!r}" if system else "system: none")
    if not facts.chat_template:
        lines.append("no chat template: turns sent as a 'role: text' transcript")
    chats: dict[str, list[dict]] = {}
    for w in _chosen(args):
        history: list[dict] = []
        for turn in args.turns:
            history.append({"role": "user", "content": turn})
            got = reply(args.run_dir, history, which=w, system=system, sampling=sampling, cache=cache)
            history.append({"role": "assistant", "content": got.text, "reply": got.to_dict()})
            lines += [f"user: {turn}", *answer_lines(got)]
        chats[w] = history
    out = {"run": facts.run_id, "system": system or None, "sampling": sampling.to_dict(), "chats": chats}
    print(json.dumps(out, ensure_ascii=False) if args.json else "\n".join(lines))
    return 0


def add_sampling_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per Sampling field, typed and explained by its declaration; unset flags keep its defaults."""
    for f in dataclasses.fields(Sampling):
        help_text = f.metadata["help"]["en"].replace("%", "%%") + f" (default {f.default})"
        parser.add_argument("--" + f.name.replace("_", "-"), type=field_type(Sampling, f), help=help_text)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_dir", type=Path)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--base", action="store_true", help="only the base model (the run's adapter switched off)")
    only.add_argument("--tuned", action="store_true", help="only the fine-tuned model")
    parser.add_argument("--system", help="sft: system message instead of the training chats' ('' for none)")
    add_sampling_flags(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def add_parser(sub) -> None:
    ask = sub.add_parser(
        "ask", help="ask a finished sft or classification run and its base model: answers checked, or top labels"
    )
    _common(ask)
    ask.add_argument("prompt", help="the user's words (sft) or the text to classify")
    ask.add_argument("--top", type=int, default=5, help="classification: labels shown per model")
    ask.set_defaults(func=cmd_ask)
    chat = sub.add_parser(
        "chat",
        aliases=["playground"],  # the tab's name, for those who look for it by that
        help="a multi-turn chat with a finished sft run and its base model, each keeping its own answers",
    )
    _common(chat)
    chat.add_argument("turns", nargs="+", help="the user's turns, in order")
    chat.set_defaults(func=cmd_chat)
