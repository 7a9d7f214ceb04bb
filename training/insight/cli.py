"""`python -m training schedule | diff | pace | quantities`: the LR at given steps, what changes from one config to
another, the seconds a step of a config takes on this machine, and the numbers a config implies (the global batch
over processes and machines, the LR scaling rules' numbers, memory per device with ZeRO / FSDP)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from training.config.presets import load
from training.config.studio import load_yaml


def cmd_schedule(args: argparse.Namespace) -> int:
    from training.insight.schedule import horizon, learning_rates, marker, run_horizon  # deferred: start-up time

    config = load_yaml(args.config)
    span = run_horizon(config) if args.rows is None else horizon(config, args.rows)
    rates = learning_rates(config, span)
    steps = [int(s) for s in args.at.split(",")] if args.at else [span.warmup_steps, span.total_steps]
    outside = [s for s in steps if not 0 <= s <= span.total_steps]
    if outside:
        raise ValueError(f"--at {outside}: steps must be between 0 and the run's {span.total_steps} steps")
    peak = config.training.learning_rate
    if args.json:
        print(
            json.dumps(
                {
                    "total_steps": span.total_steps,
                    "warmup_steps": span.warmup_steps,
                    "peak": peak,
                    "at": {str(s): rates[s] for s in steps},
                }
            )
        )
    else:  # key=value, no sentences: the studio words the same numbers in each language
        print(
            f"total_steps={span.total_steps} warmup_steps={span.warmup_steps} "
            f"lr_scheduler_type={config.training.lr_scheduler_type} peak={peak:g}"
        )
        for s in steps:
            m = marker(rates, peak, s)
            print(f"step={m.step} lr={m.rate:.3g} share_of_peak={m.share:.0%}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from training.insight.diff import diff  # deferred: start-up time (transformers)

    a, b = load(args.a), load(args.b)
    result = diff(a, b, a_rows=args.rows, b_rows=args.rows)
    print(json.dumps({"a": args.a, "b": args.b} | result.to_dict()) if args.json else result.text(args.a, args.b))
    return 0


def cmd_pace(args: argparse.Namespace) -> int:
    from training.insight.pace import PaceFailed, measure  # deferred: start-up time (schedule imports torch)
    from training.insight.schedule import run_horizon  # deferred: start-up time

    config = load_yaml(args.config)
    try:
        pace = measure(config)
    except PaceFailed as exc:
        print(exc.log, file=sys.stderr)
        print("error: pace_failed (the probe run timed fewer than two steps; its log is above)", file=sys.stderr)
        return 1
    total = run_horizon(config).total_steps
    result = pace.to_dict() | {"total_steps": total, "estimated_seconds": round(pace.seconds_for(total), 1)}
    if args.json:
        print(json.dumps(result))
    else:
        print(" ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()))
    return 0


def _line(values: dict) -> str:
    return " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in values.items())


def cmd_quantities(args: argparse.Namespace) -> int:
    from training.insight.quantities import quantities  # deferred: start-up time (transformers)
    from training.insight.scaling import global_batch  # deferred: with quantities
    from training.insight.schedule import horizon, run_horizon  # deferred: start-up time

    config = load_yaml(args.config)
    span = run_horizon(config) if args.rows is None else horizon(config, args.rows)
    q, scaled = quantities(config, span), global_batch(config)
    memory = q.device_memory.to_dict() if q.device_memory else None
    if args.json:
        print(json.dumps(q.to_dict() | {"global_batch": scaled.to_dict(), "device_memory": memory}))
        return 0
    # key=value, no sentences: the studio words the same numbers in each language
    print(_line({k: v for k, v in q.to_dict().items() if k != "device_memory"}))
    print(_line(scaled.to_dict()))
    print(_line({f"{k}_gib" if isinstance(v, float) else k: v for k, v in memory.items()}) if memory else "memory=?")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    sch = sub.add_parser("schedule", help="the learning rate at given steps, from the trainer's own scheduler")
    sch.add_argument("config", type=Path)
    sch.add_argument("--at", help="comma-separated steps, e.g. 10,100,500 (default: end of warmup and last step)")
    sch.add_argument("--rows", type=int, help="training rows, when max_steps is -1 (default: count the dataset's)")
    sch.add_argument("--json", action="store_true", help="print one JSON object")
    sch.set_defaults(func=cmd_schedule)
    dif = sub.add_parser("diff", help="what changes from config A to config B, and what each change does")
    dif.add_argument("a", help="config YAML or preset name")
    dif.add_argument("b", help="config YAML or preset name")
    dif.add_argument("--rows", type=int, help="training rows of both, when max_steps is -1 (else steps are unknown)")
    dif.add_argument("--json", action="store_true", help="print one JSON object")
    dif.set_defaults(func=cmd_diff)
    pac = sub.add_parser("pace", help="seconds per step of a config on this machine, measured by a short real run")
    pac.add_argument("config", type=Path)
    pac.add_argument("--json", action="store_true", help="print one JSON object")
    pac.set_defaults(func=cmd_pace)
    qua = sub.add_parser(
        "quantities", help="global batch, steps, LR scaling numbers and memory per device (ZeRO / FSDP) of a config"
    )
    qua.add_argument("config", type=Path)
    qua.add_argument("--rows", type=int, help="training rows, when max_steps is -1 (default: count the dataset's)")
    qua.add_argument("--json", action="store_true", help="print one JSON object")
    qua.set_defaults(func=cmd_quantities)
