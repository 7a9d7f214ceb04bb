"""One training run, start to end: the process `python -m training run` is. It marks the run running, trains the
task (resuming from the last complete checkpoint when asked), saves the model, and leaves status.json true whether
the run finished, stopped or failed; then the queue moves on."""

from __future__ import annotations

import os
import signal
import threading
import time
import traceback
from pathlib import Path

from transformers import set_seed

from training.config.startable import task_data
from training.config.studio import StudioConfig, load_yaml, save_yaml
from training.lifecycle.callbacks import MetricsWriter, StopFileCallback
from training.lifecycle.checkpoints import ManifestWriter, last_checkpoint
from training.lifecycle.launch import end_processes, launch_processes, owner, rank, world_size
from training.lifecycle.metrics import STOP_FILE, keep_rows_until, normalise_key
from training.lifecycle.runs import host, keep_beating, process_start, read_status, start_next, write_status
from training.tasks import task_module


def run(config_path: Path, run_dir: Path, *, resume: bool = False) -> int:
    """Train the config at `config_path` into `run_dir`, keeping its status true whatever happens: the process
    `python -m training run` is. Several processes are launched through accelerate when the config asks; over
    several machines only machine 0 writes the run's status (another machine's outer process writes nothing)."""

    queue_root = Path(run_dir).absolute().parent  # resolved, a watched run's link would lead out of the runs folder
    run_dir = Path(run_dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    outer = world_size() == 1
    config, writes = None, rank() == 0  # a config that does not load is reported by whoever tried
    heartbeat = threading.Event()
    try:
        config = load_yaml(config_path)
        writes = owner(config)  # on machine_rank > 0 nothing is written: machine 0's processes own the run folder
        if outer:
            # SIGTERM (Stop from another tool, a container shutting down) becomes a clean stop with a checkpoint;
            # on any machine, since the STOP file stops every process of the job.
            signal.signal(signal.SIGTERM, lambda *_: (run_dir / STOP_FILE).touch())
        if outer and writes:
            write_status(
                run_dir,
                state="running",
                pid=os.getpid(),
                pid_start=process_start(os.getpid()),
                host=host(),  # on another machine the pid means nothing: the heartbeat says whether it lives
                started=time.time(),
                error=None,
            )
            keep_beating(run_dir, heartbeat)
        if writes and not (run_dir / "config.yaml").exists():
            save_yaml(config, run_dir / "config.yaml")
        if outer and config.training.total_processes > 1:
            code = launch_processes(config, config_path, run_dir, resume=resume)
            if code != 0 and writes and read_status(run_dir).get("state") == "running":
                write_status(
                    run_dir, state="failed", ended=time.time(), error=f"a training process exited with {code}"
                )
            return code
        return train(config, run_dir, resume=resume)
    except Exception as exc:  # the run's status is the place a person looks; put the reason there
        traceback.print_exc()
        if writes:
            write_status(run_dir, state="failed", ended=time.time(), error=f"{type(exc).__name__}: {exc}")
        return 1
    finally:
        heartbeat.set()
        if outer and writes and (queue_root / ".queue.lock").exists():
            start_next(queue_root)  # this run is done with the device: the queue moves on


def train(config: StudioConfig, run_dir: Path, *, resume: bool) -> int:
    """Build the task's trainer and train, resuming from the last checkpoint when asked; global rank 0 reports."""
    main_process = owner(config)
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
    # The adapter is initialised before the trainer seeds anything: without this its draw follows whatever used the
    # random generator first in this process, and a process that loaded the data differently started elsewhere.
    set_seed(config.training.seed)
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


def check_task_fits_data(config: StudioConfig) -> None:
    """Refuse, in words, a task whose dataset holds another kind of example
    (training.config.startable's task_data rule)."""
    for blocker in task_data(config):
        v = blocker.values
        raise ValueError(
            f"task {v['task']} needs {v['needs']} examples, but dataset {v['dataset']!r} holds {v['holds']} examples"
        )
