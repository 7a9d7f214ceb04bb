"""Launch files for a cluster: `python -m training launch-script CONFIG --nodes N --gpus-per-node G`.

From one run config it writes what an admin needs to start that run on N machines of G GPUs: the config itself
(num_machines N, num_processes G per machine), an `accelerate config` YAML (multi-GPU, or DeepSpeed ZeRO-2/3, or
FSDP), a SLURM `sbatch` script (one task per node, machine 0 found from the job's node list) and the plain per-node
`accelerate launch` and `torchrun` commands. The per-node accelerate commands are built by launch.py, so they are the
ones `python -m training run` itself starts on each machine (tests/training/test_multi_node.py trains with them).
The written config names the written accelerate.yaml, in place of any `training.accelerate_config` it had.
"""

from __future__ import annotations

import copy
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from training.config.studio import StudioConfig, save_yaml
from training.lifecycle.launch import launch_arguments, training_arguments

SCHEDULERS = ("slurm", "torchrun", "accelerate")
DEFAULT_PORT = 29500  # torch.distributed's own default: free on a node that runs one job
# training.mixed_precision → accelerate's: auto means bf16 on a GPU that has it (Ampere or newer, what clusters run).
PRECISION = {"auto": "bf16", "no": "no", "fp16": "fp16", "bf16": "bf16"}
SAFE = re.compile(r"[A-Za-z0-9_./:=@%+,-]+")


@dataclass(frozen=True)
class Var:
    """A shell variable in a generated command, left for the shell (or for each srun task) to expand."""

    name: str


Word = str | Var


def node_config(
    config: StudioConfig, nodes: int, gpus: int, port: int, *, accelerate_config: str = ""
) -> StudioConfig:
    """The run's config for N machines of G GPUs: machine 0's; each machine's own rank comes from the launcher."""
    out = copy.deepcopy(config)
    t = out.training
    t.num_machines, t.num_processes, t.machine_rank, t.main_process_port = nodes, gpus, 0, port
    t.accelerate_config = accelerate_config or t.accelerate_config
    return out


def accelerate_yaml(config: StudioConfig, *, zero: int = 0, fsdp: bool = False) -> dict[str, Any]:
    """`accelerate config` for the job: the machine's rank and machine 0's address are given per node at launch."""
    t = config.training
    kind = "DEEPSPEED" if zero else "FSDP" if fsdp else "MULTI_GPU"
    found: dict[str, Any] = {
        "compute_environment": "LOCAL_MACHINE",
        "distributed_type": kind,
        "num_machines": t.num_machines,
        "num_processes": t.total_processes,  # accelerate's count is the whole job's
        "machine_rank": 0,
        "main_process_ip": None,
        "main_process_port": t.main_process_port,
        "rdzv_backend": "static",
        "same_network": True,
        "mixed_precision": PRECISION[t.mixed_precision],
        "gpu_ids": "all",
        "use_cpu": False,
        "main_training_function": "main",
        "downcast_bf16": "no",
    }
    if zero:
        found["deepspeed_config"] = {
            "zero_stage": zero,
            "gradient_accumulation_steps": t.gradient_accumulation_steps,
            "gradient_clipping": t.max_grad_norm,
            "offload_optimizer_device": "none",
            "offload_param_device": "none",
            "zero3_init_flag": zero == 3,
            "zero3_save_16bit_model": zero == 3,  # the saved model is whole, not ZeRO shards
            "deepspeed_multinode_launcher": "standard",
        }
    if fsdp:
        found["fsdp_config"] = {
            "fsdp_auto_wrap_policy": "TRANSFORMER_BASED_WRAP",
            "fsdp_sharding_strategy": "FULL_SHARD",
            "fsdp_backward_prefetch": "BACKWARD_PRE",
            "fsdp_state_dict_type": "FULL_STATE_DICT",  # the run's model folder is one whole model
            "fsdp_offload_params": False,
            "fsdp_sync_module_states": True,
            "fsdp_use_orig_params": True,  # LoRA trains some parameters of a wrapped module and freezes the rest
            "fsdp_cpu_ram_efficient_loading": True,
        }
    return found


def _replace(words: list[Word], flag: str, value: Word) -> list[Word]:
    out = list(words)
    out[out.index(flag) + 1] = value
    return out


def accelerate_command(
    config: StudioConfig, config_path: Word, run_dir: Word, machine_rank: Word, address: Word, port: Word | None = None
) -> list[Word]:
    """One machine's `accelerate launch`: launch.py's arguments for machine `machine_rank` of the config's job, and
    the same `training run` after them."""
    words: list[Word] = list(launch_arguments(config))
    if config.training.num_machines > 1:
        words = _replace(_replace(words, "--machine_rank", machine_rank), "--main_process_ip", address)
    words = _replace(words, "--main_process_port", port) if port is not None else words
    run: list[Word] = list(training_arguments("CONFIG", "RUN_DIR", resume=False))
    run = _replace(_replace(run, "run", config_path), "--run-dir", run_dir)
    return ["python", "-m", "accelerate.commands.launch", *words, "--module", *run]


def torchrun_command(
    config: StudioConfig, config_path: Word, run_dir: Word, machine_rank: Word, address: Word, port: Word
) -> list[Word]:
    """The same machine under torchrun, without accelerate: mixed precision comes from the run's config; the
    DeepSpeed or FSDP section of accelerate.yaml does not apply."""
    t = config.training
    return [
        "torchrun",
        f"--nnodes={t.num_machines}",
        f"--nproc_per_node={t.num_processes}",
        "--node_rank",
        machine_rank,
        "--master_addr",
        address,
        "--master_port",
        port,
        "--module",
        "training",
        "run",
        config_path,
        "--run-dir",
        run_dir,
    ]


def shell(words: list[Word], *, per_task: bool = False) -> str:
    """A command line: variables stay variables, in double quotes; with `per_task` escaped for `bash -c "…"`."""
    out = []
    for word in words:
        if isinstance(word, Var):
            out.append(f'\\"\\${word.name}\\"' if per_task else f'"${word.name}"')
        elif SAFE.fullmatch(word):
            out.append(word)
        elif per_task:
            raise ValueError(f"{word!r} cannot go into a generated script unquoted; pass it as a variable")
        else:
            out.append(shlex.quote(word))
    return " ".join(out)


def _default(value: str | Path) -> str:
    """`value` inside `"${VAR:-…}"`: the characters double quotes still read, escaped."""
    return re.sub(r'([\\"$`])', r"\\\1", str(value))


def sbatch(config: StudioConfig, config_path: Path, run_dir: str, name: str) -> str:
    """A SLURM batch script: one srun task per node, each the `accelerate launch` of its machine."""
    t = config.training
    node = accelerate_command(
        config, Var("CONFIG"), Var("RUN_DIR"), Var("SLURM_NODEID"), Var("MASTER_ADDR"), Var("MASTER_PORT")
    )
    if t.accelerate_config:
        node = _replace(node, "--config_file", Var("ACCELERATE_CONFIG"))
    lines = [
        "#!/bin/bash",
        f"#SBATCH --job-name={name}",
        f"#SBATCH --nodes={t.num_machines}",
        "#SBATCH --ntasks-per-node=1",
        f"#SBATCH --gpus-per-node={t.num_processes}",
        "#SBATCH --output=%x-%j.out",
        "set -euo pipefail",
        "",
        "# Edit these: a run folder on storage every node reads and writes, the config and the studio's checkout.",
        f'RUN_DIR="${{RUN_DIR:-{_default(run_dir)}}}"',
        f'CONFIG="${{CONFIG:-{_default(config_path)}}}"',
        *(
            [f'ACCELERATE_CONFIG="${{ACCELERATE_CONFIG:-{_default(t.accelerate_config)}}}"']
            if t.accelerate_config
            else []
        ),
        "# The studio's checkout, with its Python environment first on PATH on every node.",
        'STUDIO_DIR="${STUDIO_DIR:-$PWD}"',
        "",
        "# Machine 0 is the job's first node; every node's processes meet there.",
        'MASTER_ADDR="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"',
        f'MASTER_PORT="${{MASTER_PORT:-{t.main_process_port}}}"',
        "export RUN_DIR CONFIG MASTER_ADDR MASTER_PORT" + (" ACCELERATE_CONFIG" if t.accelerate_config else ""),
        'mkdir -p "$RUN_DIR"',
        'cd "$STUDIO_DIR"',
        "",
        "# One task per node; SLURM_NODEID (0 on the first node) is each task's machine rank, read inside its shell.",
        f'srun --nodes={t.num_machines} --ntasks-per-node=1 bash -c "{shell(node, per_task=True)}"',
        "",
    ]
    return "\n".join(lines)


def per_node_commands(
    config: StudioConfig, config_path: str, run_dir: str, address: str, kinds: tuple[str, ...] = SCHEDULERS
) -> list[str]:
    """Each machine's `accelerate launch` and/or `torchrun` line, to start by hand (or by another scheduler)."""
    port = str(config.training.main_process_port)
    lines = []
    for machine in range(config.training.num_machines):
        lines.append(f"# machine {machine}")
        if "accelerate" in kinds:
            lines.append(shell(accelerate_command(config, config_path, run_dir, str(machine), address)))
        if "torchrun" in kinds:
            lines.append(shell(torchrun_command(config, config_path, run_dir, str(machine), address, port)))
        lines.append("")
    return lines


def write_files(
    config: StudioConfig,
    out: Path,
    *,
    nodes: int,
    gpus: int,
    schedulers: tuple[str, ...] = SCHEDULERS,
    zero: int = 0,
    fsdp: bool = False,
    port: int = 0,
    run_dir: str = "",
    address: str = "MACHINE0_ADDRESS",
) -> list[Path]:
    """The job's files under `out`: config.yaml, accelerate.yaml, train.sbatch, commands.sh; returns their paths."""
    if zero not in (0, 2, 3) or (zero and fsdp):
        raise ValueError("--zero takes 2 or 3, and not together with --fsdp")
    if nodes < 1 or gpus < 1:
        raise ValueError(f"--nodes {nodes} and --gpus-per-node {gpus} must each be at least 1")
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    port = port or config.training.main_process_port or DEFAULT_PORT
    job = node_config(config, nodes, gpus, port, accelerate_config=str(out / "accelerate.yaml"))
    written = [out / "config.yaml", out / "accelerate.yaml"]
    save_yaml(job, written[0])
    written[1].write_text(yaml.safe_dump(accelerate_yaml(job, zero=zero, fsdp=fsdp), sort_keys=False), "utf-8")
    run_dir = run_dir or str(out / "run")
    if "slurm" in schedulers:
        written.append(out / "train.sbatch")
        written[-1].write_text(sbatch(job, written[0], run_dir, "tuning-studio"), "utf-8")
    if {"torchrun", "accelerate"} & set(schedulers):
        written.append(out / "commands.sh")
        head = ["#!/bin/bash", "# Run one block on each machine; the run folder must be on storage they share.", ""]
        text = "\n".join(head + per_node_commands(job, str(written[0]), run_dir, address, schedulers))
        written[-1].write_text(text, "utf-8")
    return written
