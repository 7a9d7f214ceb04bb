"""`python -m training launch-script`: the accelerate YAML, the SLURM script and the per-node commands, which must
be the ones `python -m training run` starts on each machine (tests/training/test_multi_node.py trains with those)."""

from __future__ import annotations

import argparse
import copy
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from accelerate.commands.config.config_args import load_config_from_file

from tests.training.builders import tiny_config
from training.config.studio import load_yaml, save_yaml
from training.lifecycle.cli import cmd_launch_script
from training.lifecycle.cluster import accelerate_command, write_files
from training.lifecycle.launch import launch_command


def job(tmp_path: Path, **options: object) -> dict[str, Path]:
    config = tiny_config(Path("model"))
    written = write_files(config, tmp_path / "launch", nodes=2, gpus=4, **options)
    return {p.name: p for p in written}


def test_the_sbatch_script_parses_and_names_the_nodes_and_their_meeting_point(tmp_path: Path) -> None:
    script = job(tmp_path)["train.sbatch"]
    text = script.read_text()
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    for name in ("SLURM_JOB_NODELIST", "SLURM_NODEID", "MASTER_ADDR", "MASTER_PORT", "scontrol show hostnames"):
        assert name in text, name
    for line in ("#SBATCH --nodes=2", "#SBATCH --ntasks-per-node=1", "#SBATCH --gpus-per-node=4"):
        assert line in text.splitlines(), line
    assert "--num_processes 8" in text, "accelerate counts the job's processes: 2 nodes × 4"
    assert '--machine_rank \\"\\$SLURM_NODEID\\"' in text, "each srun task reads its own node id"
    if shutil.which("shellcheck"):
        found = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
        assert found.returncode == 0, found.stdout


@pytest.mark.parametrize(
    ("options", "kind", "section"),
    [
        ({}, "MULTI_GPU", None),
        ({"zero": 2}, "DEEPSPEED", "deepspeed_config"),
        ({"zero": 3}, "DEEPSPEED", "deepspeed_config"),
        ({"fsdp": True}, "FSDP", "fsdp_config"),
    ],
)
def test_the_accelerate_yaml_describes_the_job(tmp_path: Path, options: dict, kind: str, section: str | None) -> None:
    files = job(tmp_path, **options)
    found = yaml.safe_load(files["accelerate.yaml"].read_text())
    assert load_config_from_file(str(files["accelerate.yaml"])).num_processes == 8, "accelerate reads it too"
    assert (found["distributed_type"], found["num_machines"], found["num_processes"]) == (kind, 2, 8)
    assert found["mixed_precision"] == "bf16" and found["main_process_port"] == 29500
    assert section is None or section in found
    if "zero" in options:
        assert found["deepspeed_config"]["zero_stage"] == options["zero"]
    config = load_yaml(files["config.yaml"])
    assert (config.training.num_machines, config.training.num_processes) == (2, 4)
    assert config.training.accelerate_config == str(files["accelerate.yaml"])


def test_zero_and_fsdp_together_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--zero"):
        job(tmp_path, zero=2, fsdp=True)


def test_per_node_commands_are_the_ones_the_run_launches(tmp_path: Path) -> None:
    """The accelerate line for each machine is launch_command's for that machine's config, after the interpreter."""
    base = tiny_config(Path("model"), num_processes=1)
    t = base.training
    t.num_machines, t.main_process_ip, t.main_process_port = 2, "127.0.0.1", 29512
    for machine_rank in (0, 1):
        own = copy.deepcopy(base)
        own.training.machine_rank = machine_rank
        ran = launch_command(own, tmp_path / "c.yaml", tmp_path / "run", resume=False)
        written = accelerate_command(
            base, str(tmp_path / "c.yaml"), str(tmp_path / "run"), str(machine_rank), "127.0.0.1"
        )
        assert written[3:] == ran[3:] and written[:3] == ["python", "-m", "accelerate.commands.launch"]
    commands = job(tmp_path)["commands.sh"].read_text()
    assert "--machine_rank 1" in commands and "torchrun --nnodes=2 --nproc_per_node=4 --node_rank 1" in commands


def test_the_cli_writes_only_the_asked_schedulers(tmp_path: Path) -> None:
    save_yaml(tiny_config(Path("model")), tmp_path / "c.yaml")
    args = {
        "config": tmp_path / "c.yaml",
        "out": tmp_path / "out",
        "nodes": 3,
        "gpus_per_node": 2,
        "scheduler": ["slurm"],
        "zero": 0,
        "fsdp": False,
        "port": 29600,
        "run_dir": "/shared/runs/x",
    }
    assert cmd_launch_script(argparse.Namespace(**args)) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["accelerate.yaml", "config.yaml", "train.sbatch"]
    text = (tmp_path / "out" / "train.sbatch").read_text()
    assert 'RUN_DIR="${RUN_DIR:-/shared/runs/x}"' in text and 'MASTER_PORT="${MASTER_PORT:-29600}"' in text


def test_the_run_folder_reaches_the_script_as_written(tmp_path: Path) -> None:
    odd = '/shared/my "runs"/$HOME/`x`'
    script = job(tmp_path, run_dir=odd)["train.sbatch"]
    line = next(x for x in script.read_text().splitlines() if x.startswith("RUN_DIR="))
    said = subprocess.run(["bash", "-c", f'{line}; printf %s "$RUN_DIR"'], capture_output=True, text=True)
    assert said.stdout == odd


@pytest.mark.parametrize(("kinds", "accelerate", "torchrun"), [(("torchrun",), 0, 2), (("accelerate",), 2, 0)])
def test_commands_sh_holds_the_asked_launchers_only(tmp_path: Path, kinds: tuple, accelerate: int, torchrun: int):
    text = job(tmp_path, schedulers=kinds)["commands.sh"].read_text()
    assert (text.count("accelerate.commands.launch"), text.count("torchrun ")) == (accelerate, torchrun)
    assert subprocess.run(["bash", "-n", "-c", text]).returncode == 0


def test_an_empty_cluster_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--nodes 0"):
        write_files(tiny_config(Path("model")), tmp_path, nodes=0, gpus=1)
