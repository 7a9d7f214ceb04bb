"""A job over two "machines" on this one: two `python -m training run` launchers, machine_rank 0 and 1, meeting at
127.0.0.1 on a fixed port, one CPU process each over gloo. It must train like one machine with two processes (one
set of metrics, one model, the same weights), stop when one machine's process is killed, and resume on both."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import torch
from safetensors.torch import load_file

from datasets_spec import store
from tests.training.builders import ROOT, cli, tiny_config
from training.config.studio import StudioConfig, save_yaml
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics

pytestmark = pytest.mark.slow  # three real runs of two processes each


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def two_node_configs(model: Path, port: int, **training: object) -> list[StudioConfig]:
    configs = []
    for machine_rank in (0, 1):
        config = tiny_config(model, **{"max_steps": 4, "eval_steps": 4, "save_steps": 2, **training})
        t = config.training
        t.num_processes = 1
        t.num_machines, t.machine_rank, t.main_process_ip, t.main_process_port = 2, machine_rank, "127.0.0.1", port
        configs.append(config)
    return configs


def start(config_path: Path, run_dir: Path, data_dir: Path, log: Path, *, resume: bool = False) -> subprocess.Popen:
    """One machine's launcher, as `python -m training run` is started there."""
    env = {**runs.child_env(), "STUDIO_DATA_DIR": str(data_dir), "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "training", "run", str(config_path), "--run-dir", str(run_dir)]
    with log.open("a") as handle:
        return subprocess.Popen(
            [*command, *(["--resume"] if resume else [])], cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        )


def save_machines(configs: list[StudioConfig], folder: Path) -> list[Path]:
    paths = [folder / f"machine{c.training.machine_rank}.yaml" for c in configs]
    for config, path in zip(configs, paths, strict=True):
        save_yaml(config, path)
    return paths


def wait_all(machines: list[subprocess.Popen], timeout: float = 600) -> list[int]:
    try:
        return [machine.wait(timeout=timeout) for machine in machines]
    finally:
        for machine in machines:
            if machine.poll() is None:
                machine.kill()


def weights(run_dir: Path) -> dict[str, torch.Tensor]:
    found = {}
    for path in sorted((run_dir / "model").rglob("*.safetensors")):
        found.update({f"{path.relative_to(run_dir)}:{k}": v for k, v in load_file(path).items()})
    assert found, f"no weights under {run_dir / 'model'}"
    return found


def test_two_machines_train_one_run_like_one_machine_with_two_processes(
    tiny_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    store.load(store.SAMPLE_NAME)  # import the sample once, before the processes race to do it
    paths = save_machines(two_node_configs(tiny_model, free_port()), tmp_path)
    run_dir = tmp_path / "run"
    logs = [tmp_path / "machine0.log", tmp_path / "machine1.log"]
    started = time.time()
    machines = [start(path, run_dir, data_dir, log) for path, log in zip(paths, logs, strict=True)]
    codes = wait_all(machines)
    assert codes == [0, 0], [log.read_text()[-3000:] for log in logs]
    print(f"two machines: {time.time() - started:.0f} s")

    status = runs.read_status(run_dir)
    assert status["state"] == "finished" and status["step"] == 4
    assert status["pid"] == machines[0].pid, "machine 1's launcher must not write the run's status"
    steps = [r["step"] for r in read_metrics(run_dir)[0] if "loss" in r]
    assert steps == [1, 2, 3, 4], "global rank 0 alone writes metrics, each step once"
    assert [p.name for p in run_dir.iterdir() if p.name.startswith("model")] == ["model"]
    assert (run_dir / "checkpoints" / "checkpoint-4" / "trainer_state.json").is_file()

    single = tiny_config(tiny_model, max_steps=4, eval_steps=4, save_steps=2, num_processes=2)
    save_yaml(single, tmp_path / "single.yaml")
    started = time.time()
    result = cli(
        "run", str(tmp_path / "single.yaml"), "--run-dir", str(tmp_path / "single"), data_dir=data_dir, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    print(f"one machine, two processes: {time.time() - started:.0f} s")
    two, one = weights(run_dir), weights(tmp_path / "single")
    assert two.keys() == one.keys()
    for key in two:
        torch.testing.assert_close(two[key], one[key], rtol=1e-5, atol=1e-6, msg=key)  # equal here, in fact


def worker_of(launcher: subprocess.Popen) -> psutil.Process:
    """The training process under a machine's launcher → accelerate → torchrun (the same command line, deeper)."""
    found = [
        p
        for p in psutil.Process(launcher.pid).children(recursive=True)
        if "training" in p.cmdline() and "run" in p.cmdline() and "accelerate.commands.launch" not in p.cmdline()
    ]
    assert len(found) == 1, [p.cmdline() for p in found]
    return found[0]


def test_a_killed_machine_stops_the_job_and_both_resume_it_without_gaps_or_repeats(
    tiny_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    store.load(store.SAMPLE_NAME)
    # Slower steps (batch 32, full fine-tuning) so the kill lands mid-run; a checkpoint every 2 steps.
    configs = two_node_configs(
        tiny_model, free_port(), max_steps=16, save_steps=2, eval_steps=0, per_device_train_batch_size=32
    )
    for config in configs:
        config.lora.use_lora, config.early_stopping.load_best_model_at_end = False, False
    paths = save_machines(configs, tmp_path)
    run_dir, logs = tmp_path / "run", [tmp_path / "machine0.log", tmp_path / "machine1.log"]
    machines = [start(path, run_dir, data_dir, log) for path, log in zip(paths, logs, strict=True)]
    deadline = time.time() + 300
    while not (run_dir / "checkpoints" / "checkpoint-2").exists() and time.time() < deadline:
        time.sleep(0.05)
    worker_of(machines[1]).kill()  # kill -9 of machine 1's training process
    started = time.time()
    codes = wait_all(machines, timeout=300)
    print(f"the job ended {time.time() - started:.0f} s after the kill")
    assert all(code != 0 for code in codes), "machine 0 must not go on alone"
    status = runs.read_status(run_dir)
    assert status["state"] == "failed", status
    steps = [r["step"] for r in read_metrics(run_dir)[0] if "loss" in r]
    assert steps and steps[-1] < 16, "the kill landed after the last step: make the steps slower"

    # Machine 0 resumes the run folder's own config; machine 1 its own config, with --resume.
    env = {**runs.child_env(), "STUDIO_DATA_DIR": str(data_dir), "OMP_NUM_THREADS": "1"}
    with logs[0].open("a") as handle:
        zero = subprocess.Popen(
            [sys.executable, "-m", "training", "resume", str(run_dir)], cwd=ROOT, env=env, stdout=handle, stderr=handle
        )
    codes = wait_all([zero, start(paths[1], run_dir, data_dir, logs[1], resume=True)])
    assert codes == [0, 0], [log.read_text()[-3000:] for log in logs]
    status = runs.read_status(run_dir)
    assert status["state"] == "finished" and status["step"] == 16 and status["resumed_from"], status
    steps = [r["step"] for r in read_metrics(run_dir)[0] if "loss" in r]
    assert steps == list(range(1, 17)), "every step logged exactly once"
