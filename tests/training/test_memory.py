"""Memory per device with ZeRO / FSDP: the split read from the launch file, the worked example of memory.py on a
4B decoder's real shape (counted on the meta device), and DeepSpeed's own estimates beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.training.decoders import ALL_LINEAR
from tests.training.model_shapes import QWEN3_4B
from training.config.studio import StudioConfig, save_yaml
from training.insight.memory import GIB, per_device
from training.insight.quantities import quantities
from training.insight.sharding import Sharding, sharding
from training.lifecycle.cluster import accelerate_yaml

PSI, LARGEST, LORA_16 = 4_022_468_096, 388_956_160, 33_030_144  # Qwen3-4B: parameters, its embedding, r 16 adapters


def job(processes: int = 4, machines: int = 1, **training: object) -> StudioConfig:
    config = StudioConfig()
    config.training.num_processes, config.training.num_machines = processes, machines
    for key, value in training.items():
        setattr(config.training, key, value)
    return config


def launch_file(folder: Path, found: dict, name: str = "accelerate.yaml") -> str:
    path = folder / name
    path.write_text(yaml.safe_dump(found), encoding="utf-8")
    return str(path)


def read(tmp_path: Path, found: dict, processes: int = 4, machines: int = 1) -> Sharding:
    config = job(processes, machines)
    config.training.accelerate_config = launch_file(tmp_path, found)
    return sharding(config)


def test_launch_scripts_own_files_are_read_back(tmp_path: Path) -> None:
    config = job(4, 2)
    assert read(tmp_path, accelerate_yaml(config, zero=2), 4, 2) == Sharding("deepspeed", 2, 8)
    assert read(tmp_path, accelerate_yaml(config, zero=3), 4, 2) == Sharding("deepspeed", 3, 8)
    assert read(tmp_path, accelerate_yaml(config, fsdp=True), 4, 2) == Sharding("fsdp", 3, 8)
    assert read(tmp_path, accelerate_yaml(config), 4, 2) == Sharding("ddp", 0, 8)


FILES = [
    ({"distributed_type": "DEEPSPEED", "deepspeed_config": {}}, Sharding("deepspeed", 2, 4)),  # accelerate's default
    (
        {
            "distributed_type": "DEEPSPEED",
            "deepspeed_config": {"zero_stage": 3, "offload_optimizer_device": "cpu", "offload_param_device": "cpu"},
        },
        Sharding("deepspeed", 3, 4, offload_optimizer=True, offload_params=True),
    ),  # fmt: skip
    (  # offload_param exists only at stage 3
        {"distributed_type": "DEEPSPEED", "deepspeed_config": {"zero_stage": 2, "offload_param_device": "cpu"}},
        Sharding("deepspeed", 2, 4),
    ),
    ({"distributed_type": "FSDP", "fsdp_config": {"fsdp_sharding_strategy": "SHARD_GRAD_OP"}}, Sharding("fsdp", 2, 4)),
    ({"distributed_type": "FSDP", "fsdp_config": {"fsdp_sharding_strategy": 3}}, Sharding("fsdp", 0, 4)),  # NO_SHARD
    ({"distributed_type": "FSDP", "fsdp_config": {"fsdp_sharding_strategy": "HYBRID_SHARD"}}, Sharding("fsdp", 3, 2)),
    ({"distributed_type": "FSDP", "fsdp_config": {"fsdp_version": 2}}, Sharding("fsdp", 3, 4)),
    (
        {"distributed_type": "FSDP", "fsdp_config": {"fsdp_version": 2, "fsdp_reshard_after_forward": False}},
        Sharding("fsdp", 2, 4),
    ),
    (
        {"distributed_type": "FSDP", "fsdp_config": {"fsdp_offload_params": True}},
        Sharding("fsdp", 3, 4, offload_optimizer=True, offload_params=True),
    ),
    ({"distributed_type": "MULTI_GPU"}, Sharding("ddp", 0, 4)),
    ({"distributed_type": "DEEPSPEED", "deepspeed_config": {"zero_stage": 7}}, Sharding("ddp", 0, 4, readable=False)),
]


@pytest.mark.parametrize(("found", "expected"), FILES)
def test_the_split_each_launch_file_asks_for(tmp_path: Path, found: dict, expected: Sharding) -> None:
    """Two machines of two processes: the HYBRID strategies split within one machine's two."""
    assert read(tmp_path, found, processes=2, machines=2) == expected


def test_a_deepspeed_json_beside_the_launch_file_decides_the_stage(tmp_path: Path) -> None:
    zero = {"zero_optimization": {"stage": 3, "offload_optimizer": {"device": "cpu"}}}
    (tmp_path / "ds.json").write_text(json.dumps(zero), encoding="utf-8")
    section = {"deepspeed_config_file": "ds.json", "zero_stage": 1}  # the JSON wins, as in accelerate
    found = {"distributed_type": "DEEPSPEED", "deepspeed_config": section}
    assert read(tmp_path, found) == Sharding("deepspeed", 3, 4, offload_optimizer=True)
    (tmp_path / "ds.json").write_text("{}", encoding="utf-8")  # DeepSpeed's own default: stage 0
    assert read(tmp_path, found) == Sharding("deepspeed", 0, 4)


def test_no_file_one_process_or_a_missing_file_is_plain_data_parallel(tmp_path: Path) -> None:
    assert sharding(job(4)) == Sharding("ddp", 0, 4)
    one = job(1)
    one.training.accelerate_config = launch_file(tmp_path, {"distributed_type": "DEEPSPEED"})
    assert sharding(one) == Sharding("ddp", 0, 1)  # one process starts without accelerate
    missing = job(4)
    missing.training.accelerate_config = str(tmp_path / "nowhere.yaml")
    assert sharding(missing) == Sharding("ddp", 0, 4, readable=False)


# stage → which parts are divided by the 4 processes (parameters, gradients, optimiser), full fine-tuning in bf16
STAGES = [(0, (1, 1, 1)), (1, (1, 1, 4)), (2, (1, 4, 4)), (3, (4, 4, 4))]


@pytest.mark.parametrize(("stage", "divided"), STAGES)
def test_each_stage_divides_one_more_part(stage: int, divided: tuple[int, int, int]) -> None:
    config = job(4, mixed_precision="bf16")
    m = per_device(config, 1000 * GIB, 1000 * GIB, 0, Sharding("deepspeed", stage, 4))
    assert (m.parameters, m.gradients, m.optimizer) == (2000 / divided[0], 2000 / divided[1], 16000 / divided[2])


def test_the_trainers_own_mixed_precision_keeps_fp32_weights_and_no_master_copy() -> None:
    """Plain data parallel and FSDP autocast fp32 weights: 4 + 4 + 8 bytes a trained parameter; an SFT LoRA base
    in bf16 (sft.py loads it so) holds 2 bytes a frozen parameter."""
    full = per_device(job(4, mixed_precision="bf16"), 10 * GIB, 10 * GIB, 0, Sharding("ddp", 0, 4))
    assert (full.parameters, full.gradients, full.optimizer) == (40, 40, 80)
    lora = job(4, mixed_precision="bf16")
    lora.task = "sft"
    base = per_device(lora, 11 * GIB, GIB, 0, Sharding("fsdp", 3, 4))
    assert (base.parameters, base.gradients, base.optimizer) == ((20 + 4) / 4, 4 / 4, 8 / 4)


def test_offloading_takes_its_parts_off_the_device() -> None:
    config = job(4, mixed_precision="bf16")
    ds = per_device(config, 8 * GIB, 8 * GIB, 0, Sharding("deepspeed", 3, 4, True, True), largest=GIB)
    assert (ds.parameters, ds.gradients, ds.optimizer, ds.gathered) == (0, 4, 0, 4)
    fsdp = per_device(config, 8 * GIB, 8 * GIB, 0, Sharding("fsdp", 3, 4, True, True), largest=GIB)
    assert (fsdp.parameters, fsdp.gradients, fsdp.optimizer) == (0, 0, 0)


@pytest.fixture(scope="module")
def qwen3_4b(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qwen3-4b")
    QWEN3_4B.save_pretrained(folder)  # its config.json only: counted on the meta device
    return folder


def worked(model: Path, folder: Path, zero: int, lora: bool) -> StudioConfig:
    config = StudioConfig(task="sft")
    config.model.name_or_path = str(model)
    config.lora.use_lora, config.lora.target_modules, config.lora.r = lora, list(ALL_LINEAR), 16
    t = config.training
    t.num_processes, t.mixed_precision, t.max_steps = 4, "bf16", 100
    t.accelerate_config = launch_file(folder, accelerate_yaml(config, zero=zero), f"zero{zero}.yaml")
    return config


@pytest.mark.parametrize(
    ("zero", "lora", "parts"),
    [
        (2, False, (7.49, 1.87, 14.98, 0.0)),
        (3, False, (1.87, 1.87, 14.98, 1.45)),
        (2, True, (7.55, 0.02, 0.12, 0.0)),
        (3, True, (1.89, 0.02, 0.12, 1.45)),
    ],
)
def test_the_worked_example_of_a_4b_model_on_4_gpus(
    qwen3_4b: Path, tmp_path: Path, data_dir: Path, zero: int, lora: bool, parts: tuple
) -> None:
    """memory.py's docstring: parameters, gradients, optimiser, gathered, in GiB a GPU, as the Configure tab gets
    them from the launch file launch-script writes."""
    q = quantities(worked(qwen3_4b, tmp_path, zero, lora))
    m = q.device_memory
    assert (q.total_parameters, q.trainable_parameters) == ((PSI + LORA_16, LORA_16) if lora else (PSI, PSI))
    assert (m.engine, m.stage, m.shards) == ("deepspeed", zero, 4)
    assert tuple(round(x, 2) for x in (m.parameters, m.gradients, m.optimizer, m.gathered)) == parts
    assert q.memory_gib == m.total > m.state  # and the activations of the batch on top


@pytest.mark.parametrize("gpus", [1, 2, 4, 8, 64])
def test_beside_deepspeeds_own_estimates(gpus: int) -> None:
    """deepspeed.runtime.zero: ZeRO-2 4Ψ + 16Ψ/N, which keeps a whole 16-bit gradient (this counts its partition);
    ZeRO-3 4L + 18Ψ/N, which leaves out the 16-bit gradient partition (this counts it)."""
    config = job(gpus, mixed_precision="bf16")
    two = per_device(config, PSI, PSI, 0, Sharding("deepspeed", 2, gpus)).state * GIB
    assert two + 2 * PSI * (1 - 1 / gpus) == pytest.approx(4 * PSI + 16 * PSI / gpus)
    three = per_device(config, PSI, PSI, 0, Sharding("deepspeed", 3, gpus), largest=LARGEST).state * GIB
    if gpus > 1:
        assert three - 2 * PSI / gpus == pytest.approx(4 * LARGEST + 18 * PSI / gpus)


def test_the_cli_prints_the_global_batch_and_the_memory_by_part(
    qwen3_4b: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from training.__main__ import main

    config = worked(qwen3_4b, tmp_path, 2, False)
    config.training.num_machines, config.training.main_process_ip, config.training.main_process_port = 2, "h0", 29500
    save_yaml(config, tmp_path / "config.yaml")
    assert main(["quantities", str(tmp_path / "config.yaml"), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    t = config.training
    one = t.per_device_train_batch_size * t.gradient_accumulation_steps
    assert (found["effective_batch"], found["world_size"], found["global_batch"]["reference"]) == (8 * one, 8, one)
    assert found["device_memory"]["stage"] == 2 and found["device_memory"]["shards"] == 8  # 2 machines × 4
    assert main(["quantities", str(tmp_path / "config.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"effective_batch={8 * one} world_size=8" in lines[0] and "sqrt_lr=" in lines[1]
    assert lines[2].startswith("parameters_gib=7.492 gradients_gib=0.9366 optimizer_gib=7.492")
