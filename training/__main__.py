"""CLI: `run` trains headless (`resume` continues a run, `sweep` queues many); `eval` scores models on BEIR or a
stored dataset and `search` answers one query with each model, BM25 and a hybrid side by side;
`schedule` shows the LR; `doctor` checks a config; `diff` compares two configs; `export` / `push` publish a model."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: don't spin against the UI on 2 cores
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def cmd_run(args: argparse.Namespace) -> int:
    from training.config import load_yaml, save_yaml
    from training.launch import launch_processes, rank, world_size
    from training.metrics import STOP_FILE
    from training.runs import process_start, read_status, start_next, write_status

    run_dir = Path(args.run_dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    outer = world_size() == 1
    if outer:
        # SIGTERM (Stop from another tool, a container shutting down) becomes a clean stop with a checkpoint.
        signal.signal(signal.SIGTERM, lambda *_: (run_dir / STOP_FILE).touch())
        write_status(
            run_dir,
            state="running",
            pid=os.getpid(),
            pid_start=process_start(os.getpid()),
            started=time.time(),
            error=None,
        )
    try:
        config = load_yaml(args.config)
        if rank() == 0 and not (run_dir / "config.yaml").exists():
            save_yaml(config, run_dir / "config.yaml")
        if outer and config.training.num_processes > 1:
            code = launch_processes(config, args.config, run_dir, resume=args.resume)
            if code != 0 and read_status(run_dir).get("state") == "running":
                write_status(
                    run_dir, state="failed", ended=time.time(), error=f"a training process exited with {code}"
                )
            return code
        return train(config, run_dir, resume=args.resume)
    except Exception as exc:  # the run's status is the place a person looks; put the reason there
        traceback.print_exc()
        if rank() == 0:
            write_status(run_dir, state="failed", ended=time.time(), error=f"{type(exc).__name__}: {exc}")
        return 1
    finally:
        if outer and (run_dir.parent / ".queue.lock").exists():
            start_next(run_dir.parent)  # this run is done with the device: the queue moves on


def train(config, run_dir: Path, *, resume: bool) -> int:
    """Build the task's trainer and train, resuming from the last checkpoint when asked; rank 0 reports."""
    from training.checkpoints import ManifestWriter, last_checkpoint
    from training.launch import end_processes, rank
    from training.metrics import STOP_FILE, MetricsWriter, StopFileCallback, keep_rows_until, normalise_key
    from training.runs import write_status
    from training.tasks import task_module

    main_process = rank() == 0
    if main_process:
        (run_dir / STOP_FILE).unlink(missing_ok=True)
        write_status(run_dir, task=config.task, model=config.model.name_or_path, dataset=config.data.dataset)
    check_task_fits_data(config)
    checkpoint = None
    if resume:
        found = last_checkpoint(run_dir)
        checkpoint = found.checkpoint
        if main_process:  # the log says it in English; the Train tab words status.json's rule ids in each language
            print(found.describe(), flush=True)
            write_status(
                run_dir,
                resumed_from=checkpoint.name if checkpoint else None,
                skipped_checkpoints=[s.to_dict() for s in found.skipped],
            )
        if checkpoint is None:
            raise FileNotFoundError(f"run {run_dir.name} has no complete checkpoint to resume from; start it again")
    if checkpoint and main_process:
        keep_rows_until(run_dir, int(checkpoint.name.split("-")[-1]))  # no step is logged twice after a resume
    stopper = StopFileCallback(run_dir)
    task = task_module(config.task)
    trainer = task.build_trainer(config, run_dir, [MetricsWriter(run_dir), stopper, ManifestWriter()])
    if checkpoint:
        trainer.args.eval_on_start = False  # the checkpoint's step was evaluated before the run stopped
    trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    if main_process:
        task.save_model(trainer, run_dir)
        evals = [
            {normalise_key(k): v for k, v in row.items()}
            for row in trainer.state.log_history
            if any(k.startswith("eval_") for k in row)
        ]
        write_status(
            run_dir,
            state="stopped" if stopper.stopped else "finished",
            ended=time.time(),
            step=trainer.state.global_step,
            final_eval=evals[-1] if evals else None,
            first_eval=evals[0] if evals else None,
            best_checkpoint=trainer.state.best_model_checkpoint,
            early_stopped=not stopper.stopped and trainer.state.global_step < trainer.state.max_steps,
            resume=None,
        )
    end_processes()
    return 0


def check_task_fits_data(config) -> None:
    """Refuse, in words, a task whose dataset holds another kind of example (training.startable's task_data rule)."""
    from training.startable import task_data

    for blocker in task_data(config):
        v = blocker.values
        raise ValueError(
            f"task {v['task']} needs {v['needs']} examples, but dataset {v['dataset']!r} holds {v['holds']} examples"
        )


def cmd_resume(args: argparse.Namespace) -> int:
    run_dir = Path(args.run_dir).resolve()
    if not (run_dir / "config.yaml").exists():
        raise FileNotFoundError(f"{run_dir} is not a run directory (no config.yaml)")
    return cmd_run(argparse.Namespace(config=run_dir / "config.yaml", run_dir=run_dir, resume=True))


def cmd_sweep(args: argparse.Namespace) -> int:
    from datasets_spec import store
    from training.sweep import configs, describe, load_sweep, ranking, submit

    sweep = load_sweep(args.sweep)
    root = Path(args.runs_root) if args.runs_root else store.runs_dir()
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
    from datasets_spec import store
    from training.history import delete, history

    root = Path(args.runs_root) if args.runs_root else store.runs_dir()
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


def cmd_schedule(args: argparse.Namespace) -> int:
    from training.config import load_yaml
    from training.schedule import describe, horizon, learning_rates, run_horizon

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
    else:
        print(
            f"{span.total_steps} steps, {span.warmup_steps} of them warmup, {config.training.lr_scheduler_type}"
            f" schedule, peak {peak:g}"
        )
        for s in steps:
            print(describe(rates[s], peak, s))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from training.diff import diff
    from training.presets import load

    a, b = load(args.a), load(args.b)
    result = diff(a, b, a_rows=args.rows, b_rows=args.rows)
    print(json.dumps({"a": args.a, "b": args.b} | result.to_dict()) if args.json else result.text(args.a, args.b))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="train headless from a config, writing everything into a run directory")
    run.add_argument("config", type=Path)
    run.add_argument("--run-dir", required=True, type=Path)
    run.add_argument("--resume", action="store_true", help="continue from the run's last checkpoint")
    run.set_defaults(func=cmd_run)
    res = sub.add_parser("resume", help="continue a stopped, failed or killed run from its last checkpoint")
    res.add_argument("run_dir", type=Path)
    res.set_defaults(func=cmd_resume)
    swp = sub.add_parser("sweep", help="queue one run per combination (grid) or draw (random) of a sweep file")
    swp.add_argument("sweep", type=Path, help="sweep YAML: base config, method, parameters (see training/sweep.py)")
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
    from training import cli_search

    cli_search.add_parsers(sub)  # eval, search
    sch = sub.add_parser("schedule", help="the learning rate at given steps, from the trainer's own scheduler")
    sch.add_argument("config", type=Path)
    sch.add_argument("--at", help="comma-separated steps, e.g. 10,100,500 (default: end of warmup and last step)")
    sch.add_argument("--rows", type=int, help="training rows, when max_steps is -1 (default: count the dataset's)")
    sch.add_argument("--json", action="store_true", help="print one JSON object")
    sch.set_defaults(func=cmd_schedule)
    from training.doctor import cli as doctor_cli

    doctor_cli.add_parser(sub)
    from training import export_cli

    export_cli.add_parsers(sub)
    from training import playground_cli

    playground_cli.add_parser(sub)
    dif = sub.add_parser("diff", help="what changes from config A to config B, and what each change does")
    dif.add_argument("a", help="config YAML or preset name")
    dif.add_argument("b", help="config YAML or preset name")
    dif.add_argument("--rows", type=int, help="training rows of both, when max_steps is -1 (else steps are unknown)")
    dif.add_argument("--json", action="store_true", help="print one JSON object")
    dif.set_defaults(func=cmd_diff)
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
