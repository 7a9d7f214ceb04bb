"""`python -m training run | resume | sweep | runs | launch-script | watch`: train headless, continue a run, queue a
sweep, list runs, write a cluster's launch files, watch a run trained elsewhere from the studio."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from training.config.studio import load_yaml
from training.lifecycle import cluster, runs, watched


def cmd_run(args: argparse.Namespace) -> int:
    from training.lifecycle import train  # deferred: start-up time (torch and transformers load for training only)

    return train.run(args.config, args.run_dir, resume=args.resume)


def cmd_resume(args: argparse.Namespace) -> int:
    run_dir = Path(args.run_dir).resolve()
    if not (run_dir / "config.yaml").exists():
        raise FileNotFoundError(f"{run_dir} is not a run directory (no config.yaml)")
    return cmd_run(argparse.Namespace(config=run_dir / "config.yaml", run_dir=run_dir, resume=True))


def cmd_sweep(args: argparse.Namespace) -> int:
    from training.lifecycle.sweep import configs, describe, load_sweep, ranking, submit  # deferred: start-up time

    sweep = load_sweep(args.sweep)
    root = Path(args.runs_root) if args.runs_root else runs.runs_dir()
    if args.rank:
        rows = ranking(root, sweep.name)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        for number, row in enumerate(rows if not args.json else [], start=1):
            best = "–" if row["best"] is None else f"{row['best']:.4f} at step {row['at_step']}"
            print(f"{number:>3}. {row['run']}  {row['state']:<9} {row['metric']} {best}")
        return 0
    if args.dry_run:
        for number, (values, _) in enumerate(configs(sweep), start=1):
            print(f"trial {number}: {describe(values, sweep.base)}")
        return 0
    queued = submit(sweep, root)
    print(f"queued {len(queued)} runs of sweep {sweep.name!r} in {root}, ranked by {sweep.ranked_by}")
    for run_dir in queued:
        print(f"  {run_dir.name}")
    print(f"ranking: python -m training sweep {args.sweep} --rank")
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    from training.lifecycle.history import delete, history  # deferred: start-up time (transformers)

    root = Path(args.runs_root) if args.runs_root else runs.runs_dir()
    if args.delete:
        delete(root / args.delete)
        print(f"deleted {root / args.delete}")
        return 0
    rows = history(root)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        best = "–" if row["best"] is None else f"{row['metric']} {row['best']:.4f} at step {row['best_step']}"
        print(f"{row['run']}  {row['state']:<9} {row['task']:<14} {row['steps'] or 0:>6} steps  {best}")
    return 0


def cmd_launch_script(args: argparse.Namespace) -> int:
    chosen = tuple(args.scheduler) if args.scheduler else cluster.SCHEDULERS
    written = cluster.write_files(
        load_yaml(args.config),
        args.out,
        nodes=args.nodes,
        gpus=args.gpus_per_node,
        schedulers=chosen,
        zero=args.zero,
        fsdp=args.fsdp,
        port=args.port,
        run_dir=args.run_dir,
    )
    for path in written:
        print(path)
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    root = Path(args.runs_root) if args.runs_root else runs.runs_dir()
    if args.forget:
        print(f"forgot {args.forget} (left {watched.forget(args.forget, root)} as it is)")
        return 0
    if args.path:
        run_id = watched.watch(args.path, root)
        print(f"{run_id}  {runs.read_status(root / run_id).get('state', 'unknown')}  {(root / run_id).resolve()}")
        return 0
    for run_id, target in watched.watched(root).items():
        state = runs.read_status(root / run_id).get("state", "unknown") if (root / run_id).exists() else "gone"
        print(f"{run_id}  {state}  {target}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="train headless from a config, writing everything into a run directory")
    run.add_argument("config", type=Path)
    run.add_argument("--run-dir", required=True, type=Path)
    run.add_argument("--resume", action="store_true", help="continue from the run's last checkpoint")
    run.set_defaults(func=cmd_run)
    res = sub.add_parser("resume", help="continue a stopped, failed or killed run from its last checkpoint")
    res.add_argument("run_dir", type=Path)
    res.set_defaults(func=cmd_resume)
    swp = sub.add_parser("sweep", help="queue one run per combination (grid) or draw (random) of a sweep file")
    swp.add_argument(
        "sweep", type=Path, help="sweep YAML: base config, method, parameters (see training/lifecycle/sweep.py)"
    )
    swp.add_argument("--runs-root", help="where the runs go (default: the studio's runs folder)")
    swp.add_argument("--dry-run", action="store_true", help="print the trials without queueing them")
    swp.add_argument("--rank", action="store_true", help="rank the sweep's runs by its metric instead")
    swp.add_argument("--json", action="store_true", help="with --rank: print one JSON list")
    swp.set_defaults(func=cmd_sweep)
    hist = sub.add_parser("runs", help="every run with its state and key metric (or delete one)")
    hist.add_argument("--runs-root", help="default: the studio's runs folder")
    hist.add_argument("--delete", metavar="RUN_ID", help="delete this run (refused while it is queued or running)")
    hist.add_argument("--json", action="store_true", help="print one JSON list")
    hist.set_defaults(func=cmd_runs)
    job = sub.add_parser(
        "launch-script", help="write a cluster's launch files: accelerate YAML, sbatch, per-node commands"
    )
    job.add_argument("config", type=Path)
    job.add_argument("--nodes", type=int, required=True, help="machines the job spans")
    job.add_argument("--gpus-per-node", type=int, required=True, help="processes (GPUs) on each machine")
    job.add_argument("--scheduler", action="append", choices=cluster.SCHEDULERS, help="repeatable; default: all")
    job.add_argument("--out", type=Path, default=Path("launch"), help="folder for the files (default: ./launch)")
    job.add_argument("--zero", type=int, choices=(2, 3), default=0, help="DeepSpeed ZeRO stage in accelerate.yaml")
    job.add_argument("--fsdp", action="store_true", help="an FSDP section in accelerate.yaml instead")
    job.add_argument(
        "--port", type=int, default=0, help=f"machine 0's port (default: the config's, else {cluster.DEFAULT_PORT})"
    )
    job.add_argument(
        "--run-dir", default="", help="the run folder on shared storage (default: OUT/run; editable in the script)"
    )
    job.set_defaults(func=cmd_launch_script)
    see = sub.add_parser(
        "watch", help="show a run trained elsewhere (its --run-dir on shared storage) in the studio; no PATH: list"
    )
    see.add_argument("path", nargs="?", help="the run folder: config.yaml and status.json or metrics.jsonl")
    see.add_argument("--forget", metavar="RUN_ID", help="stop watching this run (its folder is left as it is)")
    see.add_argument("--runs-root", help="default: the studio's runs folder")
    see.set_defaults(func=cmd_watch)
