"""The doctor on a job's devices: memory per device over what it has (split by the launch file), and a global batch
that changed against the last run of the same data only because the number of processes did."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from studio.findings_view import worded
from tests.training.decoders import ALL_LINEAR
from tests.training.model_shapes import QWEN3_4B
from training.config.studio import StudioConfig, set_value
from training.doctor.examine import device_memory, examine, last_run
from training.doctor.preflight import Context, LastRun, preflight
from training.insight.quantities import quantities
from training.insight.schedule import horizon
from training.lifecycle import runs
from training.lifecycle.cluster import accelerate_yaml


@pytest.fixture(scope="module")
def qwen3_4b(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qwen3-4b")
    QWEN3_4B.save_pretrained(folder)
    return folder


def job(model: Path, folder: Path, *, zero: int = 2, lora: bool = False, **training: object) -> StudioConfig:
    """SFT of the 4B shape in bf16 on one machine of 4 GPUs, launched with launch-script's ZeRO file."""
    config = StudioConfig(task="sft")
    config.model.name_or_path, config.model.max_seq_length = str(model), 1024
    config.lora.use_lora, config.lora.target_modules, config.lora.r = lora, list(ALL_LINEAR), 16
    t = config.training
    t.num_processes, t.mixed_precision, t.max_steps, t.per_device_train_batch_size = 4, "bf16", 100, 4
    path = folder / f"zero{zero}.yaml"
    path.write_text(yaml.safe_dump(accelerate_yaml(config, zero=zero)), encoding="utf-8")
    t.accelerate_config = str(path)
    for key, value in training.items():
        setattr(t, key, value)
    return config


def judged(config: StudioConfig, have: float | None, kind: str = "gpu", **context) -> dict:
    span = horizon(config, context.get("train_rows"))
    ctx = Context(config, span, quantities(config, span), memory_gib=have, memory_kind=kind, **context)
    return {f.rule: f for f in preflight(ctx)}


def test_a_full_fine_tune_whose_state_alone_is_over_says_what_zero3_needs(qwen3_4b: Path, tmp_path: Path) -> None:
    """memory.py's worked example: 24.35 GiB of state a GPU under ZeRO-2; ZeRO-3 over the 4 would hold 20.18 + the
    activations. An error: no batch size changes the state."""
    found = judged(job(qwen3_4b, tmp_path), 24.0)["device_memory"]
    v = found.values
    assert (found.severity, v["case"], v["engine"], v["stage"], v["shards"], found.fix) == (
        "error", "state_zero3", "deepspeed", 2, 4, None,
    )  # fmt: skip
    assert round(v["parameters_gib"] + v["gradients_gib"] + v["optimizer_gib"], 2) == 24.35
    assert round(v["zero3_gib"], 2) == 20.18  # the state alone, split 4 ways
    said = worded(found, "en")
    assert "24 GiB of each GPU" in said.title and "ZeRO-3" in said.why and "launch-script --zero 3" in said.why
    assert "GPU 하나" in worded(found, "ko").title
    zero3 = judged(job(qwen3_4b, tmp_path, zero=3), 16.0)["device_memory"]
    assert zero3.values["case"] == "state" and zero3.values["stage"] == 3  # already split: nothing further to split


def test_activations_over_the_device_offer_checkpointing_then_a_smaller_batch(qwen3_4b: Path, tmp_path: Path) -> None:
    """LoRA: 7.69 GiB of state a GPU, and a batch of 4 × 1,024 tokens on top."""
    config = job(qwen3_4b, tmp_path, lora=True)
    have = 9.5
    found = judged(config, have)
    first = found["device_memory"]
    assert (first.severity, first.values["case"]) == ("warning", "checkpointing")
    assert first.fix.path == "training.gradient_checkpointing"
    assert first.values["fit_gib"] <= have < first.values["need_gib"] and "memory" not in found
    set_value(config, first.fix.path, first.fix.value)
    assert "device_memory" not in judged(config, have)
    config.model.max_seq_length = 2048  # checkpointed, and still over: a smaller per-device batch fits
    second = judged(config, have)["device_memory"]
    v = second.values
    assert (v["case"], second.fix.path, second.fix.value) == ("batch", "training.per_device_train_batch_size", 2)
    assert v["keep_accumulation"] == 2 and v["fit_gib"] <= have
    assert "gradient_accumulation_steps 2 keeps the global batch" in worded(second, "en").why
    set_value(config, second.fix.path, second.fix.value)
    assert "device_memory" not in judged(config, have)


def test_near_the_limit_is_still_the_memory_warning(qwen3_4b: Path, tmp_path: Path) -> None:
    config = job(qwen3_4b, tmp_path, lora=True)
    need = quantities(config, horizon(config)).memory_gib
    found = judged(config, need / 0.9)
    assert "memory" in found and "device_memory" not in found


def test_processes_on_a_cpu_share_its_memory(qwen3_4b: Path, tmp_path: Path) -> None:
    """Plain data parallel on a CPU: 4 processes each hold the whole state, all in this machine's memory."""
    config = job(qwen3_4b, tmp_path, lora=True, mixed_precision="no", accelerate_config="")
    one = quantities(config, horizon(config)).memory_gib
    found = judged(config, 2.5 * one, kind="ram")["device_memory"]
    assert found.values["need_gib"] == pytest.approx(4 * one) and found.values["sharing"] == 4
    said = worded(found, "en")
    assert "this machine's memory" in said.title and said.evidence.startswith("all of this machine's processes")


def test_what_memory_a_config_is_compared_with(qwen3_4b: Path, tmp_path: Path) -> None:
    """A GPU-only config on a machine without a GPU is not judged unless told its GPUs' size."""
    deepspeed = job(qwen3_4b, tmp_path)
    assert device_memory(deepspeed, cuda=False, told=None) == (None, "")
    assert device_memory(deepspeed, cuda=False, told=80.0) == (80.0, "gpu")
    plain = job(qwen3_4b, tmp_path, mixed_precision="no", accelerate_config="")
    have, kind = device_memory(plain, cuda=False, told=None)
    assert kind == "ram" and have > 0
    fp16 = job(qwen3_4b, tmp_path, mixed_precision="fp16", accelerate_config="")
    assert device_memory(fp16, cuda=False, told=None) == (None, "")


def shape(model: Path, processes: int, machines: int = 1, accumulation: int = 4) -> StudioConfig:
    config = StudioConfig()
    config.model.name_or_path = str(model)
    t = config.training
    t.per_device_train_batch_size, t.gradient_accumulation_steps = 16, accumulation
    t.num_processes, t.num_machines, t.learning_rate, t.max_steps = processes, machines, 2e-4, -1
    t.main_process_ip, t.main_process_port = "10.0.0.1", 29500
    return config


def test_a_global_batch_changed_by_the_process_count_alone(tiny_model: Path) -> None:
    """Last run: 16 × 4 on one process = 64. Now 4 processes: 256, a quarter of the steps; accumulation 1 keeps 64."""
    before, now = shape(tiny_model, 1), shape(tiny_model, 4)
    found = judged(now, None, last_run=LastRun("run-1", before), train_rows=6400)["global_batch_change"]
    v = found.values
    assert (v["before"], v["after"], v["steps_before"], v["steps_after"], v["ratio"]) == (64, 256, 300, 75, 4.0)
    assert (v["seen_before"], v["seen_after"]) == (19200, 19200)
    assert (v["sqrt_lr"], v["linear_lr"]) == (pytest.approx(4e-4), pytest.approx(8e-4))
    assert (found.severity, found.fix.path, found.fix.value) == ("warning", "training.gradient_accumulation_steps", 1)
    said = worded(found, "en")
    assert said.title == "The global batch is 256 where run run-1 had 64: 4 processes, not 1"
    assert "square-root rule (Adam) pairs that batch with 4e-4" in said.why
    set_value(now, found.fix.path, found.fix.value)
    assert "global_batch_change" not in judged(now, None, last_run=LastRun("run-1", before), train_rows=6400)


def test_no_finding_for_a_chosen_change_or_the_same_processes_and_no_fix_when_none_divides(tiny_model: Path) -> None:
    before = shape(tiny_model, 1, accumulation=1)  # 16
    same = judged(shape(tiny_model, 1, accumulation=1), None, last_run=LastRun("r", before), train_rows=640)
    chosen = judged(shape(tiny_model, 4, accumulation=2), None, last_run=LastRun("r", before), train_rows=640)
    assert "global_batch_change" not in same and "global_batch_change" not in chosen
    uneven = judged(shape(tiny_model, 2, 2, accumulation=1), None, last_run=LastRun("r", before), train_rows=640)
    found = uneven["global_batch_change"]
    assert (found.values["case"], found.fix) == ("uneven", None)
    assert "no whole accumulation gives 16 over 4 processes" in worded(found, "en").why


def test_the_last_run_is_the_newest_of_the_same_dataset_and_task(tiny_model: Path, data_dir: Path) -> None:
    root = data_dir / "runs"
    old = runs.create_run(shape(tiny_model, 1), root)
    other = shape(tiny_model, 2)
    other.data.dataset = "another"
    runs.create_run(other, root)  # newer, but another dataset
    classes = shape(tiny_model, 8)
    classes.task = "classification"
    runs.create_run(classes, root)  # newer still, another task
    found = last_run(shape(tiny_model, 4), runs.list_runs(root))
    assert found is not None and found.run == old.name and found.config.training.num_processes == 1
    findings, ctx = examine(shape(tiny_model, 4), past=runs.list_runs(root))
    assert ctx.last_run == found and {f.rule for f in findings} >= {"global_batch_change"}
