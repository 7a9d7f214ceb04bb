"""`python -m training doctor CONFIG.yaml [--data PATH] [--probe] [--device-gib G] [--json]`: the preflight findings of
a config, compared with the last run of its dataset and task in the studio's runs folder (or `--runs DIR`).

Each finding prints as its severity, rule id and values (the studio words them, studio/strings/findings.py); `--json`
gives the same as dicts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from training.config.studio import load_yaml


def cmd_doctor(args: argparse.Namespace) -> int:
    """Exit 1 when a finding is an error (the run would fail or mislead), else 0."""
    from training.doctor.examine import examine  # deferred: start-up time (transformers and peft)
    from training.lifecycle.runs import list_runs, runs_dir  # deferred: with examine

    config = load_yaml(args.config)
    previous = load_yaml(args.previous) if args.previous else None
    past = list_runs(args.runs or runs_dir())
    findings, ctx = examine(
        config, data=args.data, probe=args.probe, previous=previous, past=past, device_gib=args.device_gib
    )
    if args.json:
        probe = ctx.probe and ctx.probe.to_dict()
        out = {"findings": [f.to_dict() for f in findings], "quantities": ctx.quantities.to_dict(), "probe": probe}
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    else:
        q = ctx.quantities
        print(
            f"{q.total_steps:,} steps ({q.warmup_steps:,} warmup), effective batch {q.effective_batch}, "
            f"final LR {q.final_lr:.3g}"
        )
        if ctx.probe:
            p = ctx.probe
            print(
                f"probe: loss={p.loss:.4g} chance={p.chance:.4g} candidates={p.candidates} ratio={p.ratio:.2g} "
                f"verdict={p.verdict} task={p.task} batch={p.batch}"
            )
        print("\n".join(f.text() for f in findings) if findings else "no findings")
    return 1 if any(f.severity == "error" for f in findings) else 0


def add_parser(sub) -> None:
    doc = sub.add_parser("doctor", help="preflight findings of a config: warmup, LR, batch, lengths, classes, probe")
    doc.add_argument("config", type=Path)
    doc.add_argument("--data", help="a stored dataset name or a data file / folder (default: the config's dataset)")
    doc.add_argument(
        "--probe",
        action="store_true",
        help="one forward pass on a real batch: initial loss vs chance; with texts cut, a timed step at each length",
    )
    doc.add_argument("--previous", type=Path, help="the config this one replaces, to explain what changed")
    doc.add_argument(
        "--runs", type=Path, help="runs folder whose newest run of the same dataset and task is compared with"
    )
    doc.add_argument(
        "--device-gib",
        type=float,
        help="memory of each GPU the run trains on, when not this machine's (a cluster's): the per-device estimate "
        "is judged against it",
    )
    doc.add_argument("--json", action="store_true")
    doc.set_defaults(func=cmd_doctor)
