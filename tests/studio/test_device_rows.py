"""The Configure tab's table for a job of several processes: the global batch as its product, the LR scaling rules'
numbers and memory per device by part with its split, in English and Korean; one process gets none of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from studio.insight_words import device_rows
from studio.tabs.configure import derived_markdown
from tests.training.decoders import write_decoder
from training.config.studio import StudioConfig
from training.insight.quantities import quantities
from training.insight.schedule import horizon
from training.lifecycle.cluster import accelerate_yaml


def job(model: Path, folder: Path, processes: int, machines: int, zero: int = 0) -> StudioConfig:
    config = StudioConfig(task="sft")
    config.model.name_or_path = str(model)
    config.lora.target_modules = ["q_proj", "v_proj"]
    t = config.training
    t.per_device_train_batch_size, t.gradient_accumulation_steps, t.learning_rate = 16, 2, 2e-4
    t.num_processes, t.num_machines, t.max_steps = processes, machines, 100
    t.main_process_ip, t.main_process_port = "10.0.0.1", 29500
    if zero:
        (folder / "accelerate.yaml").write_text(yaml.safe_dump(accelerate_yaml(config, zero=zero)), encoding="utf-8")
        t.accelerate_config = str(folder / "accelerate.yaml")
    return config


@pytest.fixture
def model(tmp_path: Path) -> Path:
    return write_decoder(tmp_path / "qwen2", "qwen2")


def rows(config: StudioConfig, lang: str) -> str:
    return device_rows(config, quantities(config, horizon(config)), lang)


def test_the_rows_of_a_zero3_job_on_two_machines(model: Path, tmp_path: Path, data_dir: Path) -> None:
    config = job(model, tmp_path, 4, 2, zero=3)
    english, korean = rows(config, "en"), rows(config, "ko")
    product = "16 per device × 4 processes × 2 machines × 2 accumulation = 256 examples a step"
    assert f"| global batch | {product} |" in english
    assert "8× one process's batch of 32: if 2e-4 was tuned there" in english
    assert "square-root rule (Adam) pairs this batch with 5.66e-4, the linear rule with 1.6e-3" in english
    assert "| memory per device (rough) | DeepSpeed ZeRO-3 over 8 processes: parameters " in english
    assert "전역 배치" in korean and "DeepSpeed ZeRO-3, 프로세스 8개에 분할" in korean and "5.66e-4" in korean
    table = derived_markdown(config, horizon(config), "en")
    assert english in table and "| effective batch | 256 |" in table


def test_one_process_adds_no_row_and_an_unreadable_file_is_said(model: Path, tmp_path: Path, data_dir: Path) -> None:
    assert rows(job(model, tmp_path, 1, 1), "en") == ""
    plain = rows(job(model, tmp_path, 2, 1), "en")
    assert "no split, each of 2 processes holds it all" in plain
    missing = job(model, tmp_path, 2, 1)
    missing.training.accelerate_config = str(tmp_path / "nowhere.yaml")
    assert "the accelerate config file could not be read" in rows(missing, "en")
