"""More than one training process: `python -m training run` relaunches itself under `accelerate launch`.

The outer process keeps the run's pid and status; rank 0 of the launched processes writes metrics and the model.
On a machine without GPUs the processes talk over gloo (data parallel on CPU); an `accelerate_config` file
(DeepSpeed ZeRO-2/3, FSDP) is handed to accelerate as it is.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

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


def launch_command(config: StudioConfig, config_path: Path, run_dir: Path, *, resume: bool) -> list[str]:
    """`accelerate launch` of this same CLI: `--multi_gpu` also means data parallel over gloo on CPUs (its
    `--cpu` flag silently runs one process)."""
    t = config.training
    setup = (
        ["--config_file", t.accelerate_config] if t.accelerate_config else ["--multi_gpu", "--mixed_precision", "no"]
    )
    return [
        sys.executable,
        "-m",
        "accelerate.commands.launch",
        *setup,
        "--num_processes",
        str(t.num_processes),
        "--num_machines",
        "1",
        "--dynamo_backend",
        "no",
        "--main_process_port",
        str(_free_port()),
        "--module",
        "training",
        "run",
        str(config_path),
        "--run-dir",
        str(run_dir),
        *(["--resume"] if resume else []),
    ]


def launch_processes(config: StudioConfig, config_path: Path, run_dir: Path, *, resume: bool) -> int:
    """Run the training processes and wait for them; returns the launcher's exit code."""
    if config.training.accelerate_config and not Path(config.training.accelerate_config).is_file():
        raise FileNotFoundError(f"training.accelerate_config: no file at {config.training.accelerate_config}")
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
