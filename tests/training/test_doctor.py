"""The preflight doctor on real configs, data files and tiny models: each rule fires on its case, fixes clear it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from training.config import StudioConfig, save_yaml, set_value
from training.doctor.examine import examine

ROOT = Path(__file__).resolve().parents[2]
LABELS = ["계약", "불법행위", "가족"]


def config_for(model: Path, **fields: object) -> StudioConfig:
    config = StudioConfig()
    config.model.name_or_path = str(model)
    for path, value in fields.items():
        set_value(config, path.replace("__", "."), value)
    return config


def rules(findings) -> dict[str, object]:
    return {f.rule: f for f in findings}


def classification_file(folder: Path, per_class: int = 6, rare: bool = False) -> Path:
    rows = [{"text": f"판결 {i}번 {LABELS[i % 3]} 사건", "label": LABELS[i % 3]} for i in range(per_class * 3)]
    if rare:
        rows.append({"text": "상속 사건", "label": "상속"})
    path = folder / "classes.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_long_warmup_is_reported_with_the_share_of_peak_and_its_fix_clears_it(data_dir: Path, tiny_model: Path):
    config = config_for(
        tiny_model,
        training__learning_rate=1e-5,
        training__warmup_ratio=0.1,
        training__max_steps=7002,
        training__eval_steps=500,
    )
    findings, ctx = examine(config)
    warmup = rules(findings)["warmup"]
    assert ctx.span.warmup_steps == 701 and "71%" in warmup.title and "7.13e-06" in warmup.evidence
    set_value(config, warmup.fix.path, warmup.fix.value)
    assert "warmup" not in rules(examine(config)[0])


def test_lr_range_batch_fp16_and_truncation_rules(data_dir: Path, tiny_model: Path) -> None:
    config = config_for(
        tiny_model,
        training__learning_rate=0.01,
        training__per_device_train_batch_size=4,
        training__mixed_precision="fp16",
        model__max_seq_length=16,
    )
    found = rules(examine(config, previous=config_for(tiny_model, training__learning_rate=5e-5))[0])
    assert {"learning_rate", "batch_small", "truncation", "learning_rate_change"} <= set(found)
    assert "200× higher than the previous 5e-05" in found["learning_rate_change"].title
    assert ("fp16_cpu" in found) is not torch.cuda.is_available()
    for rule in ("learning_rate", "batch_small", "truncation"):
        set_value(config, found[rule].fix.path, found[rule].fix.value)
    config.training.mixed_precision = "auto"
    assert not {"learning_rate", "batch_small", "truncation", "fp16_cpu"} & set(rules(examine(config)[0]))


def test_num_labels_and_rare_classes_come_from_the_data(tmp_path: Path, tiny_model: Path) -> None:
    data = classification_file(tmp_path, rare=True)
    found = rules(examine(config_for(tiny_model, model__num_labels=5), data=str(data))[0])
    assert found["num_labels"].severity == "error" and "the data has 4 classes" in found["num_labels"].title
    assert found["num_labels"].fix.value == 4 and "상속 (1)" in found["rare_classes"].evidence


def scaled_head_model(tiny_model: Path, folder: Path, scale: float) -> Path:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_pretrained(tiny_model, num_labels=3)
    with torch.no_grad():
        model.classifier.weight.mul_(scale)
    model.save_pretrained(folder)
    AutoTokenizer.from_pretrained(tiny_model).save_pretrained(folder)
    return folder


@pytest.mark.parametrize(("scale", "reported"), [(1.0, False), (3000.0, True)])
def test_probe_reports_an_initial_loss_far_above_chance(tmp_path: Path, tiny_model: Path, scale, reported) -> None:
    model = scaled_head_model(tiny_model, tmp_path / "model", scale)
    config = config_for(model, training__per_device_train_batch_size=9)
    findings, ctx = examine(config, data=str(classification_file(tmp_path)), probe=True)
    assert ctx.probe is not None and ctx.probe.chance == pytest.approx(1.0986, abs=1e-3)  # ln 3
    assert ("initial_loss" in rules(findings)) is reported
    if reported:
        finding = rules(findings)["initial_loss"]
        assert finding.severity == "error" and f"vs chance 1.1 ({ctx.probe.ratio:.0f}×)" in finding.title
    else:
        assert ctx.probe.ratio < 1.5


def test_cli_doctor_prints_findings_and_exits_1_on_an_error(data_dir: Path, tmp_path: Path, tiny_model: Path):
    path = tmp_path / "config.yaml"
    save_yaml(
        config_for(
            tiny_model,
            training__max_steps=7002,
            training__eval_steps=500,
            training__learning_rate=1e-5,
            model__num_labels=7,
        ),
        path,
    )
    env = {"STUDIO_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "training", "doctor", str(path), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert "71%" in next(f for f in report["findings"] if f["rule"] == "warmup")["title"]
    assert report["quantities"]["warmup_steps"] == 701
    bad = subprocess.run(
        [sys.executable, "-m", "training", "doctor", str(path), "--data", str(classification_file(tmp_path))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 1 and "[error] num_labels is 7 but the data has 3 classes" in bad.stdout


def test_a_task_that_does_not_fit_the_data_is_an_error_with_the_fitting_task_as_fix(
    data_dir: Path, tiny_model: Path, tmp_path: Path
) -> None:
    config = config_for(tiny_model, task="sft")
    found = rules(examine(config)[0])
    assert found["task_data"].severity == "error"
    assert "task sft cannot train on retrieval data" in found["task_data"].title
    assert (found["task_data"].fix.path, found["task_data"].fix.value) == ("task", "embedding")
    classes = config_for(tiny_model, task="classification")
    assert "task_data" not in rules(examine(classes, data=str(classification_file(tmp_path)))[0])
