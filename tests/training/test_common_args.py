"""What every task's trainer shares, read off the config: precision, the best-model metric, checkpoints that
follow evaluations, trackers, and the multi-process launch command."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from tests.training.export_runs import bert_config, train_run
from training.config.hardware import cpu_bf16
from training.config.rules import auto_precision
from training.config.startable import blockers
from training.config.studio import StudioConfig, save_yaml
from training.lifecycle import runs, train
from training.lifecycle.launch import launch_command, launch_processes
from training.tasks.common import (
    PrecisionError,
    best_metric,
    lora_config,
    precision,
    trainer_metric_name,
    training_arguments,
)


def test_a_cpu_refuses_fp16_and_takes_bf16_only_with_bf16_instructions_where_auto_picks_it() -> None:
    config = StudioConfig()
    assert precision(config, cuda=False, cpu_bf16=False) == {"bf16": False, "fp16": False}, "auto: fp32"
    for task in ("embedding", "sft", "classification"):  # rules.CPU_BF16_AUTO says why none yet
        assert auto_precision(task, cuda=False, cuda_bf16=False, cpu_bf16=True) == "no"
    assert auto_precision("sft", cuda=True, cuda_bf16=False, cpu_bf16=True) == "fp16"
    config.training.mixed_precision = "fp16"
    for has_bf16 in (False, True):
        with pytest.raises(PrecisionError, match="training.mixed_precision is fp16, but there is no GPU: set it"):
            precision(config, cuda=False, cpu_bf16=has_bf16)
    config.training.mixed_precision = "bf16"
    with pytest.raises(PrecisionError, match="bf16, but there is no GPU and this CPU has no bf16 instructions"):
        precision(config, cuda=False, cpu_bf16=False)
    assert precision(config, cuda=False, cpu_bf16=True) == {"bf16": True, "fp16": False}
    assert [b.rule for b in blockers(config, cuda=False, cpu_bf16=False)] == ["precision_cpu"]
    assert blockers(config, cuda=False, cpu_bf16=True) == []


@pytest.mark.skipif(torch.cuda.is_available() or not cpu_bf16(), reason="a CPU with bf16 instructions")
def test_bf16_on_this_cpu_trains_a_real_step_in_bf16(data_dir: Path, tiny_model: Path, tmp_path: Path) -> None:
    """The arguments ask the Trainer for bf16 (it autocasts on the CPU; bench/cpu_precision.py times it), and a
    real step runs to its end with them."""
    config = bert_config(tiny_model)
    config.training.mixed_precision = "bf16"
    config.training.max_steps, config.training.eval_steps, config.training.save_steps = 1, 0, 99
    arguments = training_arguments(config, tmp_path, rows=8, has_eval=False)
    assert arguments["bf16"] is True
    run_dir = train_run(config, tmp_path / "run", data_dir)
    assert runs.read_status(run_dir)["state"] == "finished"


def test_precision_on_a_gpu_takes_the_choice_as_given() -> None:
    config = StudioConfig()
    config.training.mixed_precision = "fp16"
    assert precision(config, cuda=True) == {"bf16": False, "fp16": True}
    config.training.mixed_precision = "no"
    assert precision(config, cuda=True) == {"bf16": False, "fp16": False}


@pytest.mark.parametrize(
    ("task", "metric", "trainer_name", "greater"),
    [
        ("embedding", "eval_ndcg@10", "eval_validation_cosine_ndcg@10", True),
        ("classification", "eval_macro_f1", "eval_macro_f1", True),
        ("sft", "eval_loss", "eval_loss", False),
    ],
)
def test_each_task_is_judged_by_its_own_metric(task: str, metric: str, trainer_name: str, greater: bool) -> None:
    config = StudioConfig(task=task)
    config.training.max_steps = 100
    assert best_metric(config) == metric and trainer_metric_name(config) == trainer_name
    args = training_arguments(config, Path("/tmp/run"), rows=100, has_eval=True)
    assert args["metric_for_best_model"] == trainer_name and args["greater_is_better"] is greater


def test_keeping_the_best_checkpoint_saves_at_each_evaluation_and_trackers_pass_through() -> None:
    config = StudioConfig()
    config.training.max_steps, config.training.eval_steps, config.training.save_steps = 100, 20, 50
    config.training.report_to = ["tensorboard"]
    args = training_arguments(config, Path("/tmp/run"), rows=100, has_eval=True)
    assert (args["load_best_model_at_end"], args["save_steps"], args["report_to"]) == (True, 20, ["tensorboard"])
    config.early_stopping.load_best_model_at_end = False
    config.training.report_to = []
    args = training_arguments(config, Path("/tmp/run"), rows=100, has_eval=True)
    assert (args["load_best_model_at_end"], args["save_steps"], args["report_to"]) == (False, 50, "none")
    assert training_arguments(config, Path("/tmp/run"), rows=100, has_eval=False)["eval_strategy"] == "no"


def test_several_processes_launch_through_accelerate_with_a_deepspeed_file_passed_as_is(tmp_path: Path) -> None:
    config = StudioConfig()
    config.training.num_processes = 4
    plain = launch_command(config, tmp_path / "c.yaml", tmp_path / "run", resume=True)
    assert plain[1:3] == ["-m", "accelerate.commands.launch"] and "--multi_gpu" in plain
    assert plain[plain.index("--num_processes") + 1] == "4"
    assert plain[plain.index("--module") :] == [
        "--module",
        "training",
        "run",
        str(tmp_path / "c.yaml"),
        "--run-dir",
        str(tmp_path / "run"),
        "--resume",
    ]
    config.training.accelerate_config = str(tmp_path / "zero2.yaml")
    deepspeed = launch_command(config, tmp_path / "c.yaml", tmp_path / "run", resume=False)
    assert deepspeed[deepspeed.index("--config_file") + 1] == str(tmp_path / "zero2.yaml")
    assert "--multi_gpu" not in deepspeed and "--resume" not in deepspeed


@pytest.mark.parametrize("machine_rank", [0, 1])
def test_each_machine_launches_the_jobs_total_at_a_fixed_meeting_point(machine_rank: int, tmp_path: Path) -> None:
    config = StudioConfig()
    t = config.training
    t.num_processes, t.num_machines, t.machine_rank = 4, 2, machine_rank
    t.main_process_ip, t.main_process_port = "10.0.0.1", 29512
    command = launch_command(config, tmp_path / "c.yaml", tmp_path / "run", resume=False)
    flag = {name: command[command.index(name) + 1] for name in command if name.startswith("--")}
    assert flag["--num_processes"] == "8", "accelerate's --num_processes is the job's total: 2 machines × 4"
    assert (flag["--num_machines"], flag["--machine_rank"]) == ("2", str(machine_rank))
    assert (flag["--main_process_ip"], flag["--main_process_port"]) == ("10.0.0.1", "29512")
    t.num_machines, t.machine_rank, t.main_process_ip = 3, 3, ""
    with pytest.raises(ValueError, match="training.machine_rank 3 >= num_machines 3"):
        launch_processes(config, tmp_path / "c.yaml", tmp_path / "run", resume=False)


@pytest.mark.parametrize("on", [False, True])
def test_checkpointing_reaches_both_trainers_as_set_without_the_deprecated_name(on: bool, tmp_path: Path) -> None:
    """TRL's SFTConfig defaults checkpointing on; the studio's field (off by default) must win there too."""
    import warnings

    from transformers import TrainingArguments
    from trl import SFTConfig

    config = StudioConfig(task="sft")
    config.training.max_steps, config.training.gradient_checkpointing = 10, on
    args = training_arguments(config, tmp_path, rows=100, has_eval=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)  # "`gradient_checkpointing` is deprecated"
        for made in (TrainingArguments(**args), SFTConfig(**args)):
            assert made.activation_checkpointing is on and made.gradient_checkpointing is on


@pytest.mark.parametrize(
    ("task", "task_type"),
    [("embedding", "FEATURE_EXTRACTION"), ("sft", "CAUSAL_LM"), ("classification", "SEQ_CLS"), (None, None)],
)
def test_one_lora_config_for_every_task(task: str | None, task_type: str | None) -> None:
    config = StudioConfig()
    config.lora.r, config.lora.lora_alpha, config.lora.lora_dropout = 4, 8, 0.2
    config.lora.target_modules, config.lora.layers_to_transform = ["query", "value"], [0, 1]
    built = lora_config(config.lora, task, modules_to_save=["classifier"] if task == "classification" else None)
    assert (built.task_type, built.r, built.lora_alpha, built.lora_dropout) == (task_type, 4, 8, 0.2)
    assert set(built.target_modules) == {"query", "value"} and built.layers_to_transform == [0, 1]
    config.lora.layers_to_transform = []
    assert lora_config(config.lora, task).layers_to_transform is None  # empty: every layer


@pytest.mark.parametrize("machine_rank", [0, 1])
def test_only_machine_0_writes_the_run_folder_when_a_launch_fails(
    machine_rank: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another machine's launcher writes nothing there: not the status, not the config (machine 0 owns both)."""
    config = StudioConfig()
    t = config.training
    t.num_machines, t.machine_rank, t.main_process_ip, t.main_process_port = 2, machine_rank, "10.0.0.1", 29512
    save_yaml(config, tmp_path / "c.yaml")
    monkeypatch.setattr(train, "launch_processes", lambda *a, **k: 3)
    assert train.run(tmp_path / "c.yaml", tmp_path / "run") == 3
    written = sorted(p.name for p in (tmp_path / "run").iterdir())
    assert written == (["config.yaml", "heartbeat", "status.json"] if machine_rank == 0 else [])
