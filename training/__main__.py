"""CLI: `run` trains headless (`resume` continues a run, `sweep` queues many, `watch` shows one trained elsewhere
in the studio); `eval` scores models on BEIR or a stored dataset and `search` answers one query with each model,
BM25 and a hybrid side by side; `pseudo-label` turns a question log into training pairs; `recipe legal` chains
labels, mining, a sized run and its scores; `schedule` shows the LR; `pace` times a step on this machine;
`quantities` gives a config's global batch and memory per device; `doctor` checks a config; `diff` compares two
configs; `export` / `push` publish a model."""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: don't spin against the UI on 2 cores
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from training.doctor import cli as doctor_cli  # noqa: E402  (the environment above must be set first)
from training.insight import cli as insight_cli  # noqa: E402
from training.lifecycle import cli as lifecycle_cli  # noqa: E402
from training.playground import cli as playground_cli  # noqa: E402
from training.publish import cli as publish_cli  # noqa: E402
from training.recipes import cli as recipes_cli  # noqa: E402
from training.retrieval import cli as retrieval_cli  # noqa: E402
from training.retrieval import pseudo_cli  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    lifecycle_cli.add_parsers(sub)  # run, resume, sweep, runs, launch-script, watch
    retrieval_cli.add_parsers(sub)  # eval, search
    pseudo_cli.add_parser(sub)  # pseudo-label
    recipes_cli.add_parser(sub)  # recipe legal
    insight_cli.add_parsers(sub)  # schedule, diff, pace, quantities
    doctor_cli.add_parser(sub)
    publish_cli.add_parsers(sub)  # export, push
    playground_cli.add_parser(sub)  # ask, chat (alias playground)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    code = main()
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:  # a launched training process: exit at once, past teardown
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
