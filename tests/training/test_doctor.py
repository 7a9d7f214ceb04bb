"""The preflight doctor on real configs, data files and tiny models: each rule fires on its case, fixes clear it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from studio.findings_view import worded
from tests.training.decoders import write_decoder
from training.config import hardware
from training.config.studio import StudioConfig, save_yaml, set_value
from training.doctor.examine import examine
from training.doctor.preflight import Context, preflight
from training.insight.quantities import quantities
from training.insight.schedule import horizon

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
    assert ctx.span.warmup_steps == 701 and warmup.values["case"] == "first_eval" and warmup.values["step"] == 500
    assert f"{warmup.values['lr_share']:.0%}" == "71%" and f"{warmup.values['lr']:.3g}" == "7.13e-06"
    assert "at step 500 (the first evaluation) the LR is only 71% of its peak" in worded(warmup, "en").title
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
    change = found["learning_rate_change"]
    assert change.values == {
        "case": "higher_mislead",  # 5e-5 → 1e-2: the leading digits fall while the value rises
        "before": 5e-5,
        "after": 0.01,
        "direction": "higher",
        "ratio": pytest.approx(200),
        "digits_before": 5.0,
        "digits_after": 1.0,
        "exponent_before": -5,
        "exponent_after": -2,
    }
    assert worded(change, "en").title == "You changed the learning rate: 200× higher than the previous 5e-5"
    assert ("fp16_cpu" in found) is not torch.cuda.is_available()
    for rule in ("learning_rate", "batch_small", "truncation"):
        set_value(config, found[rule].fix.path, found[rule].fix.value)
    config.training.mixed_precision = "auto"
    assert not {"learning_rate", "batch_small", "truncation", "fp16_cpu"} & set(rules(examine(config)[0]))
    config.training.mixed_precision = "bf16"  # a CPU with bf16 instructions runs it (config/hardware.py)
    assert ("fp16_cpu" in rules(examine(config)[0])) is not (torch.cuda.is_available() or hardware.cpu_bf16())


def test_num_labels_and_rare_classes_come_from_the_data(tmp_path: Path, tiny_model: Path) -> None:
    data = classification_file(tmp_path, rare=True)
    found = rules(examine(config_for(tiny_model, model__num_labels=5), data=str(data))[0])
    assert found["num_labels"].severity == "error" and found["num_labels"].values == {"num_labels": 5, "classes": 4}
    assert found["num_labels"].fix.value == 4 and ["상속", 1] in found["rare_classes"].values["rare"]
    assert "상속 (1)" in worded(found["rare_classes"], "en").evidence


def scaled_head_model(tiny_model: Path, folder: Path, scale: float) -> Path:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_pretrained(tiny_model, num_labels=3)
    with torch.no_grad():
        model.classifier.weight.mul_(scale)
    model.save_pretrained(folder)
    AutoTokenizer.from_pretrained(tiny_model).save_pretrained(folder)
    return folder


# the head's weights × scale → whether the error is reported, and the verdict the measurement carries either way
PROBES = [(1.0, False, "at_chance"), (3000.0, True, "far_above_chance")]


@pytest.mark.parametrize(("scale", "reported", "verdict"), PROBES)
def test_probe_reports_an_initial_loss_far_above_chance(
    tmp_path: Path, tiny_model: Path, scale, reported, verdict
) -> None:
    model = scaled_head_model(tiny_model, tmp_path / "model", scale)
    config = config_for(model, training__per_device_train_batch_size=9)
    findings, ctx = examine(config, data=str(classification_file(tmp_path)), probe=True)
    assert ctx.probe is not None and ctx.probe.chance == pytest.approx(1.0986, abs=1e-3)  # ln 3
    assert ctx.probe.verdict == verdict and ctx.probe.to_dict()["verdict"] == verdict
    assert (ctx.probe.batch, ctx.probe.candidates, ctx.probe.task) == (9, 3, "classification")
    assert ("initial_loss" in rules(findings)) is reported
    if reported:
        finding = rules(findings)["initial_loss"]
        assert finding.severity == "error" and finding.values["case"] == "classification"
        assert finding.values["ratio"] == ctx.probe.ratio and finding.values["chance"] == ctx.probe.chance
        assert f"vs chance 1.1 ({ctx.probe.ratio:.0f}×)" in worded(finding, "en").title
    else:
        assert ctx.probe.ratio < 1.5


@pytest.mark.slow
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
    warmup = next(f for f in report["findings"] if f["rule"] == "warmup")
    assert f"{warmup['values']['lr_share']:.0%}" == "71%" and warmup["fix"]["path"] == "training.warmup_ratio"
    assert report["quantities"]["warmup_steps"] == 701
    bad = subprocess.run(
        [sys.executable, "-m", "training", "doctor", str(path), "--data", str(classification_file(tmp_path))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 1 and "[error] num_labels: num_labels=7 classes=3" in bad.stdout
    assert "fix: model.num_labels = 3" in bad.stdout


def test_a_task_that_does_not_fit_the_data_is_an_error_with_the_fitting_task_as_fix(
    data_dir: Path, tiny_model: Path, tmp_path: Path
) -> None:
    config = config_for(tiny_model, task="sft")
    found = rules(examine(config)[0])
    assert found["task_data"].severity == "error"
    assert (found["task_data"].values["task"], found["task_data"].values["data_task"]) == ("sft", "retrieval")
    assert worded(found["task_data"], "en").title == "task sft cannot train on retrieval data"
    assert (found["task_data"].fix.path, found["task_data"].fix.value) == ("task", "embedding")
    classes = config_for(tiny_model, task="classification")
    assert "task_data" not in rules(examine(classes, data=str(classification_file(tmp_path)))[0])


def findings_for(config: StudioConfig, rows: int | None = None, previous: StudioConfig | None = None):
    """The preflight rules on a config alone (no dataset read): the length from `rows`, as examine passes it."""
    span = horizon(config, None if config.training.max_steps > 0 else rows)
    return rules(preflight(Context(config, span, quantities(config, span), previous=previous, train_rows=rows)))


# rows, batch, accumulation, epochs, max_steps → the trainer's total, the evidence, and the fix on the governing field
FEW_STEPS = [
    (  # the config: max_steps 10 governs, so "train 30 epochs" changed nothing
        (32, 4, 1, 3.0, 10),
        10,
        "max_steps 10 sets the length (num_train_epochs 3 is not used); 32 rows / effective batch 4 = 4 × 1 "
        "accumulation × 1 processes, rounded up = 8 steps per epoch, so 10 steps = 1.25 epochs",
        ("training.max_steps", 20),
    ),
    (
        (32, 16, 1, 3.0, -1),
        6,
        "32 rows / effective batch 16 = 16 × 1 accumulation × 1 processes, rounded up = 2 steps per epoch × 3 "
        "epochs = 6 steps",
        ("training.num_train_epochs", 10.0),
    ),
    (  # ceil(30 / 8) = 4 per epoch
        (30, 4, 2, 2.0, -1),
        8,
        "30 rows / effective batch 8 = 4 × 2 accumulation × 1 processes, rounded up = 4 steps per epoch × 2 epochs "
        "= 8 steps",
        ("training.num_train_epochs", 5.0),
    ),
    (
        (100, 8, 1, 1.0, -1),
        13,
        "rounded up = 13 steps per epoch × 1 epoch = 13 steps",
        ("training.num_train_epochs", 2.0),
    ),
]


@pytest.mark.parametrize(("shape", "total", "evidence", "fix"), FEW_STEPS)
def test_few_steps_counts_as_the_trainer_does_and_fixes_the_field_that_governs(
    data_dir: Path, tiny_model: Path, shape, total: int, evidence: str, fix: tuple[str, object]
) -> None:
    rows, batch, accumulation, epochs, max_steps = shape
    config = config_for(
        tiny_model,
        training__per_device_train_batch_size=batch,
        training__gradient_accumulation_steps=accumulation,
        training__num_train_epochs=epochs,
        training__max_steps=max_steps,
    )
    finding = findings_for(config, rows)["few_steps"]
    assert finding.values["total_steps"] == total and evidence in worded(finding, "en").evidence
    assert (finding.fix.path, finding.fix.value) == fix
    set_value(config, finding.fix.path, finding.fix.value)
    assert "few_steps" not in findings_for(config, rows)


def test_enough_steps_is_no_finding(data_dir: Path, tiny_model: Path) -> None:
    """100 rows at batch 8 = 13 steps per epoch; 1.5 epochs = ceil(19.5) = 20 steps, the threshold."""
    config = config_for(tiny_model, training__per_device_train_batch_size=8, training__num_train_epochs=1.5)
    assert "few_steps" not in findings_for(config, 100)


# layers_to_transform on a 6-layer decoder → the indices outside it and the fix: as many layers, from the top
LAYERS = [
    ([-1], [-1], [5], "adapt the last 1 of its 6 layers (5)"),
    ([-2, -1], [-2, -1], [4, 5], "adapt the last 2 of its 6 layers (4–5)"),
    ([6, 7], [6, 7], [4, 5], "adapt the last 2 of its 6 layers (4–5)"),
    ([3, 4, 5, 6], [6], [2, 3, 4, 5], "adapt the last 4 of its 6 layers (2–5)"),
]


@pytest.mark.parametrize(("layers", "outside", "value", "label"), LAYERS)
def test_layers_outside_the_model_offer_the_last_layers_of_this_model(
    tmp_path: Path, layers: list[int], outside: list[int], value: list[int], label: str
) -> None:
    """A config built in code can hold -1 (the form and YAML refuse it with the reason); the doctor says why
    and fixes it with this model's own layer numbers, after which peft's count is the hand count."""
    config = config_for(write_decoder(tmp_path / "qwen2", "qwen2"), task="sft", training__max_steps=100)
    config.lora.target_modules, config.lora.r, config.lora.layers_to_transform = ["q_proj", "v_proj"], 4, layers
    found = findings_for(config)
    finding = found["lora_layers"]
    assert finding.severity == "error" and "lora_targets" not in found
    assert finding.values == {
        "case": "known",
        "outside": outside,
        "wanted": sorted(layers),
        "layers": 6,
        "last": 5,
        "count": len(value),
    }
    words = worded(finding, "en")
    assert words.title == f"lora.layers_to_transform {outside} selects no layer of this model"
    assert "this model has 6 layers, numbered 0 to 5" in words.evidence and "-1 is no layer's name" in words.why
    assert (finding.fix.path, finding.fix.value, words.fix) == ("lora.layers_to_transform", value, label)
    set_value(config, finding.fix.path, finding.fix.value)
    assert not {"lora_layers", "lora_targets"} & set(findings_for(config))
    assert quantities(config).trainable_parameters == 4 * (64 + 48) * len(value)  # q 32→32, v 32→16, r 4


def test_an_embedding_run_on_a_decoder_says_why_its_layers_select_nothing(tmp_path: Path) -> None:
    config = config_for(write_decoder(tmp_path / "qwen2", "qwen2"), training__max_steps=100)
    config.lora.target_modules, config.lora.layers_to_transform = ["q_proj"], [4, 5]
    finding = findings_for(config)["lora_targets"]
    assert finding.severity == "error" and "peft would adapt nothing" in finding.values["message"]


class Scalar(torch.nn.Module):
    """The smallest model a Trainer steps: one weight, loss = w² · mean(x)."""

    def __init__(self) -> None:
        super().__init__()
        self.w = torch.nn.Parameter(torch.ones(1))

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        return {"loss": (self.w**2 * x.float().mean()).squeeze()}


@pytest.mark.parametrize(("shape", "total", "evidence", "fix"), FEW_STEPS)
def test_the_finding_counts_the_steps_a_real_trainer_takes(tmp_path: Path, shape, total: int, evidence, fix) -> None:
    from transformers import Trainer, TrainingArguments

    rows, batch, accumulation, epochs, max_steps = shape
    args = TrainingArguments(
        output_dir=str(tmp_path),
        per_device_train_batch_size=batch,
        gradient_accumulation_steps=accumulation,
        num_train_epochs=epochs,
        max_steps=max_steps,
        report_to="none",
        save_strategy="no",
        use_cpu=True,
        remove_unused_columns=False,
        disable_tqdm=True,
    )
    data = [{"x": torch.tensor([float(i)])} for i in range(rows)]
    trainer = Trainer(model=Scalar(), args=args, train_dataset=data)
    trainer.train()
    assert trainer.state.global_step == trainer.state.max_steps == total
