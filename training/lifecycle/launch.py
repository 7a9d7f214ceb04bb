"""More than one training process: `python -m training run` relaunches itself under `accelerate launch`.

The outer process keeps the run's pid and status; rank 0 of the launched processes writes metrics and the model.
On a machine without GPUs the processes talk over gloo (data parallel on CPU); an `accelerate_config` file
(DeepSpeed ZeRO-2/3, FSDP) is handed to accelerate as it is.

Several machines: each starts `python -m training run` on the same config with its own `training.machine_rank`.
`training.num_processes` counts processes per machine; accelerate's `--num_processes` is the job's total
(num_machines × num_processes). RANK, which accelerate's torchrun sets in each process, is the rank in the whole job,
so only machine 0's first process writes the run folder; on another machine the outer process writes nothing there.
The one exception is transformers' own: each process saves its random state (rng_state_<rank>.pth) into every
checkpoint, which a resume reads back; so the run folder must be on storage every machine shares. To resume, machine
0 runs `python -m training resume RUN_DIR` and every other machine `python -m training run ITS_CONFIG --run-dir
RUN_DIR --resume`; a STOP file (or SIGTERM to any machine's launcher) stops all of them with a checkpoint.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from training.config.rules import machines_rule
from training.config.studio import StudioConfig


def world_size() -> int:
    """How many processes train together: set by accelerate / torchrun in each of them, else 1."""
    return int(os.environ.get("WORLD_SIZE", "1"))


def rank() -> int:
    return int(os.environ.get("RANK", "0"))


def _free_port() -> int:
    """torch.distributed's default port would make two multi-process runs on one machine collide."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def owner(config: StudioConfig) -> bool:
    """Whether this process writes the run folder: global rank 0, which lives on machine 0."""
    return rank() == 0 and config.training.machine_rank == 0


def check_machines(config: StudioConfig) -> None:
    """Refuse, in words, what rules.machines_rule refuses (the studio words it from the rule id before a start)."""
    for blocker in machines_rule(config):
        v = blocker.values
        if blocker.rule == "machine_rank":
            raise ValueError(f"training.machine_rank {v['machine_rank']} >= num_machines {v['num_machines']}")
        raise ValueError(
            f"training.num_machines {v['num_machines']} needs main_process_ip and a main_process_port above 0 "
            f"(got {v['ip']!r} and {v['port']})"
        )


def launch_arguments(config: StudioConfig) -> list[str]:
    """accelerate's arguments for this machine: `--multi_gpu` also means data parallel over gloo on CPUs (its `--cpu`
    flag silently runs one process); `--num_processes` is the job's total over every machine."""
    t = config.training
    setup = (
        ["--config_file", t.accelerate_config] if t.accelerate_config else ["--multi_gpu", "--mixed_precision", "no"]
    )
    machines = ["--num_machines", str(t.num_machines)]
    if t.num_machines > 1:  # every machine must name the same rendezvous: a fixed port, never one picked here
        machines += ["--machine_rank", str(t.machine_rank), "--main_process_ip", t.main_process_ip.strip()]
    port = t.main_process_port or _free_port()
    return [
        *setup,
        "--num_processes",
        str(t.total_processes),
        *machines,
        "--dynamo_backend",
        "no",
        "--main_process_port",
        str(port),
    ]


def training_arguments(config_path: Path | str, run_dir: Path | str, *, resume: bool) -> list[str]:
    """What follows `accelerate launch --module`: this same CLI."""
    return ["training", "run", str(config_path), "--run-dir", str(run_dir), *(["--resume"] if resume else [])]


def launch_command(config: StudioConfig, config_path: Path, run_dir: Path, *, resume: bool) -> list[str]:
    """`accelerate launch` of this same CLI on this machine."""
    launch = [sys.executable, "-m", "accelerate.commands.launch", *launch_arguments(config), "--module"]
    return [*launch, *training_arguments(config_path, run_dir, resume=resume)]


def launch_processes(config: StudioConfig, config_path: Path, run_dir: Path, *, resume: bool) -> int:
    """Run the training processes and wait for them; returns the launcher's exit code."""
    if config.training.accelerate_config and not Path(config.training.accelerate_config).is_file():
        raise FileNotFoundError(f"training.accelerate_config: no file at {config.training.accelerate_config}")
    check_machines(config)
    env = dict(os.environ)
    # One thread per process unless told otherwise: processes that spin OpenMP threads on shared cores crawl.
    env.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // config.training.num_processes)))
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return subprocess.call(launch_command(config, config_path, run_dir, resume=resume), env=env)


def end_processes() -> None:
    """Leave the process group explicitly: processes that exit with it still open sometimes abort at exit."""
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
