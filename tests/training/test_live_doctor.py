"""The live doctor on synthetic metrics streams: each rule fires on a stream made for it, with its numbers, and the
same findings come out whether rows arrive one at a time or after a restart; a healthy stream raises none."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio.findings_view import worded
from training.config.studio import StudioConfig, set_value
from training.doctor.live import diagnose, diagnose_steps, live_context, saved_num_labels
from training.doctor.live_findings import FINDINGS_FILE, LiveDoctor, read_findings
from training.lifecycle.metrics import METRICS_FILE, keep_rows_until


def approx(value: float) -> object:
    """A reported number as the evidence shows it, to three significant digits."""
    return pytest.approx(value, rel=5e-3)


def config_with(**fields: object) -> StudioConfig:
    """A short embedding run (100 steps, 10 of warmup, LR 1e-4, no hard negatives) unless the fields say otherwise;
    "false" rather than auto, so chance does not depend on a dataset being read."""
    config = StudioConfig()
    base = {
        "training__learning_rate": 1e-4,
        "training__max_steps": 100,
        "training__warmup_ratio": 0.1,
        "loss__use_hard_negatives": "false",
    }
    for path, value in {**base, **fields}.items():
        set_value(config, path.replace("__", "."), value)
    return config


def train(
    losses: list[float | str], *, start: int = 1, every: int = 1, grads: list[float] | None = None, per_epoch: int = 25
) -> list[dict]:
    """Training logs as MetricsWriter writes them, one per `every` steps from `start`."""
    rows = []
    for i, loss in enumerate(losses):
        step = start + i * every
        row = {"step": step, "epoch": round(step / per_epoch, 4), "max_steps": 100, "loss": loss}
        row["grad_norm"] = grads[i] if grads else 0.5
        rows.append(row)
    return rows


def evals(every: int, **series: list[float]) -> list[dict]:
    """Evaluation rows every `every` steps: `evals(10, eval_loss=[...])`."""
    count = len(next(iter(series.values())))
    return [{"step": every * (i + 1), **{k: v[i] for k, v in series.items()}} for i in range(count)]


def by_step(*streams: list[dict], total: int = 100) -> list[dict]:
    """Streams merged as the trainer writes them: train_begin first, then by step (a step's train log first)."""
    rows = sorted((r for s in streams for r in s), key=lambda r: (r["step"], "loss" not in r))
    return [{"event": "train_begin", "step": 0, "max_steps": total, "num_train_epochs": 3}, *rows]


def falling(start: float, end: float, n: int, wiggle: float = 0.01) -> list[float]:
    """A smoothly falling loss with a small alternating wiggle, as a batch-averaged log looks."""
    return [start + (end - start) * i / (n - 1) + (wiggle if i % 2 else -wiggle) for i in range(n)]


def with_total(rows: list[dict], total: int) -> list[dict]:
    return [{**r, "max_steps": total} for r in rows]


@dataclass
class Case:
    rule: str
    config: StudioConfig
    rows: list[dict]
    values: dict[str, object]  # the numbers it reports (a subset of the finding's values)
    words: list[str]  # substrings of the English title + evidence the studio words them as
    fix: tuple[str, object] | None = None
    severity: str = "warning"
    num_labels: int | None = None


def nan_stream() -> list[dict]:
    return by_step(train([2.3, 2.2, 2.1, "nan", "nan"]))


def plateau_stream() -> list[dict]:
    return by_step(train(falling(2.5, 1.5, 30) + [1.5 + (0.004 if i % 2 else -0.004) for i in range(30)]))


def clipped_stream(losses: list[float] | None = None) -> list[dict]:
    """Clipped on 3 of every 5 steps after step 15; the loss falls, then stops falling."""
    losses = losses or falling(2.5, 2.2, 15) + falling(2.2, 2.2, 15, wiggle=0.002)
    return by_step(train(losses, grads=[0.5] * 15 + [2.0, 2.5, 1.5, 0.9, 3.0] * 3))


def epoch_stream() -> list[dict]:
    """Three epochs of 20 steps: the loss creeps down inside each and drops by half at each boundary."""
    losses = [2.0 / 2**epoch - 0.005 * i for epoch in range(3) for i in range(20)]
    return by_step(train(losses, per_epoch=20), total=60)


CASES = {
    "initial_loss": Case(
        "initial_loss",
        config_with(training__per_device_train_batch_size=112, loss__use_hard_negatives=True),
        by_step(train([77.4, 70.0, 60.0])),
        {"loss": 77.4, "step": 1, "candidates": 224, "chance": approx(5.41), "ratio": approx(14.3)},
        ["initial loss 77.4", "ln 224 = 5.41 (14×)"],
        severity="error",
    ),
    "initial_loss_temperature": Case(
        "initial_loss",
        config_with(loss__temperature=0.01),
        by_step(train([40.0, 30.0])),
        {"loss": 40.0, "candidates": 16, "chance": approx(2.77), "ratio": approx(14.4)},
        ["ln 16 = 2.77 (14×)"],
        ("loss.temperature", 0.05),
        severity="error",
    ),
    "initial_loss_classes": Case(
        "initial_loss",
        config_with(task="classification"),
        by_step(train([4.0, 3.0])),
        {"loss": 4.0, "candidates": 3, "chance": approx(1.1), "ratio": approx(3.64)},
        ["ln 3 = 1.1 (4×)"],
        severity="error",
        num_labels=3,
    ),
    "loss_nan": Case(
        "loss_nan",
        config_with(),
        nan_stream(),
        {"case": "after", "loss": "nan", "step": 4, "last_loss": 2.1, "last_step": 3, "grad_norm": 0.5},
        ["loss nan at step 4", "the last finite loss 2.1 at step 3"],
        ("training.learning_rate", 3e-05),
        severity="error",
    ),
    "loss_nan_fp16": Case(
        "loss_nan",
        config_with(training__mixed_precision="fp16"),
        by_step(train([2.3, "inf"])),
        {"loss": "inf", "step": 2},
        ["loss inf at step 2"],
        ("training.mixed_precision", "bf16"),
        severity="error",
    ),
    "loss_zero": Case(
        "loss_zero",
        config_with(),
        by_step(train([1.0, 0.5, 0.0])),
        {"case": "after", "step": 3, "last_loss": 0.5},
        ["loss 0 at step 3"],
    ),
    "warmup_flat": Case(
        "warmup_flat",
        config_with(training__max_steps=700),
        with_total(by_step(train([2.30, 2.31] * 4, start=5, every=5)), 700),
        {"step": 40, "warmup_steps": 70, "first": 5, "lr_share": approx(0.557)},
        ["step 40 of 70 warmup steps", "LR at 56% of peak", "over steps 5–40"],
        severity="info",
    ),
    "plateau": Case(
        "plateau",
        config_with(),
        plateau_stream(),
        {"case": "moving", "logs": 11, "first": 29, "step": 39, "trend_start": approx(1.51), "trend_end": approx(1.5)},
        ["over 11 logs at steps 29–39", "1.51 → 1.5", "after warmup, with the LR at 69% of its peak"],
        ("training.learning_rate", 5e-05),
    ),
    "plateau_at_chance": Case(
        "plateau",
        config_with(training__per_device_train_batch_size=8),
        by_step(train([2.08 + (0.004 if i % 2 else -0.004) for i in range(40)])),
        {"case": "at_chance", "first": 10, "step": 20, "candidates": 8, "chance": approx(2.08)},
        ["stuck at chance", "steps 10–20", "chance is ln 8 = 2.08"],
    ),
    "grad_clipped": Case(
        "grad_clipped",
        config_with(),
        clipped_stream(),
        {"max_grad_norm": 1.0, "clipped": 7, "window": 10, "first": 14, "step": 23, "largest": 3.0},
        ["above max_grad_norm 1 on 7 of 10 logs at steps 14–23", "largest 3", "loss stopped falling"],
        ("training.learning_rate", 5e-05),
    ),
    "grad_tiny": Case(
        "grad_tiny",
        config_with(),
        by_step(train(falling(2.5, 2.4, 12), grads=[1e-6] * 12)),
        {"largest": 1e-6, "first": 1, "step": 10},
        ["grad_norm at most 1e-06 at steps 1–10"],
    ),
    "overfitting": Case(
        "overfitting",
        config_with(),
        by_step(train(falling(2.5, 1.0, 50)), evals(10, eval_loss=[1.0, 0.8, 0.7, 0.75, 0.8])),
        {"case": "best", "best": 0.7, "best_step": 30, "now": 0.8, "step": 50, "rise": approx(0.143)},
        ["eval_loss 0.7 at step 30 (the best) → 0.8 at step 50 (+14%)", "since step 30"],
        ("early_stopping.patience", 2),
    ),
    "epoch_steps": Case(
        "epoch_steps",
        config_with(training__max_steps=-1, training__num_train_epochs=3),
        epoch_stream(),
        {"boundary": 1, "end": 20, "before": approx(1.91), "after": approx(0.992), "change": approx(-0.48)},
        ["after epoch 1", "1.91 over the 4 logs before step 20 (end of epoch 1) → 0.992 over the 4 after (-48%)"],
        ("training.num_train_epochs", 1.0),
    ),
    "epoch_steps_max_steps": Case(
        "epoch_steps",
        config_with(training__max_steps=60),
        epoch_stream(),
        {"boundary": 1, "end": 20},
        ["after epoch 1"],
        ("training.max_steps", 20),
    ),
    "metric_stalled": Case(
        "metric_stalled",
        config_with(task="classification"),
        by_step(train(falling(2.5, 1.0, 60)), evals(10, eval_macro_f1=[0.3, 0.5, 0.6, 0.59, 0.6, 0.58])),
        {"case": "best", "metric": "eval_macro_f1", "best": 0.6, "best_step": 30, "first": 40, "last": 60},
        ["eval_macro_f1 best 0.6 at step 30", "3 evaluations since (steps 40–60) reached 0.6"],
        ("early_stopping.patience", 3),
    ),
    "metric_stalled_patience": Case(
        "metric_stalled",
        config_with(early_stopping__patience=2, early_stopping__metric="eval_loss"),
        by_step(train(falling(2.5, 1.0, 60)), evals(10, eval_loss=[1.0, 0.9, 0.91, 0.92, 0.95])),
        {"case": "patience_on", "metric": "eval_loss", "best": 0.9, "best_step": 20, "reached": 0.91},
        ["eval_loss best 0.9 at step 20", "reached 0.91"],
        severity="info",
    ),
}


def found(case: Case) -> dict:
    return {f.rule: f for f in diagnose(case.rows, live_context(case.config, case.num_labels))}


@pytest.mark.parametrize("name", list(CASES))
def test_rule_fires_on_its_stream_with_its_numbers(name: str) -> None:
    case = CASES[name]
    finding = found(case).get(case.rule)
    assert finding is not None, f"{case.rule} did not fire; found {list(found(case))}"
    assert {k: finding.values.get(k) for k in case.values} == case.values, finding.values
    assert finding.severity == case.severity
    assert json.loads(json.dumps(finding.values)) == finding.values, "saved with the run, read back equal"
    english, korean = worded(finding, "en"), worded(finding, "ko")
    shown = english.title + " | " + english.evidence
    for text in case.words:
        assert text in shown, f"{text!r} not in {shown!r}"
    assert english.why and korean.why and korean.title != english.title
    if case.fix is None:
        assert finding.fix is None and english.fix is None
    else:
        assert (finding.fix.path, finding.fix.value) == case.fix and english.fix and korean.fix


@pytest.mark.parametrize("name", list(CASES))
def test_rows_one_at_a_time_give_the_same_first_steps(name: str) -> None:
    """Each rule looks only at rows up to the step it reports, so a live UI and a restart agree."""
    case = CASES[name]
    ctx = live_context(case.config, case.num_labels)
    seen: dict[str, int] = {}
    for end in range(1, len(case.rows) + 1):
        for step, finding in diagnose_steps(case.rows[:end], ctx):
            seen.setdefault(finding.rule, step)
    assert seen == {f.rule: step for step, f in diagnose_steps(case.rows, ctx)}


def healthy_stream() -> list[dict]:
    """Loss falling steadily, evaluation improving each time, gradient norms well below the clip, 4 epochs."""
    losses = falling(2.6, 1.0, 100, wiggle=0.02)
    grads = [0.4 + 0.1 * math.sin(i) for i in range(100)]
    ndcg = [0.2 + 0.05 * i for i in range(10)]
    eval_loss = [1.5 - 0.05 * i for i in range(10)]
    return by_step(train(losses, grads=grads), evals(10, eval_loss=eval_loss, **{"eval_ndcg@10": ndcg}))


@pytest.mark.parametrize("task", ["embedding", "classification", "sft"])
def test_healthy_stream_raises_nothing(task: str) -> None:
    rows = healthy_stream()
    if task == "classification":
        rows = [{**r, "eval_macro_f1": r["eval_ndcg@10"]} if "eval_ndcg@10" in r else r for r in rows]
    assert diagnose(rows, live_context(config_with(task=task), num_labels=5)) == []


def test_clipping_while_the_loss_falls_is_not_a_finding() -> None:
    """Real InfoNCE LoRA runs clip on nearly every step at max_grad_norm 1.0 and still learn well."""
    rows = clipped_stream(falling(2.5, 1.5, 30))
    assert "grad_clipped" not in {f.rule for f in diagnose(rows, live_context(config_with()))}


def test_too_few_points_say_nothing() -> None:
    """Flat loss, clipped gradients and a stalling metric, but each below the points its rule needs."""
    rows = by_step(train([2.3] * 5, grads=[5.0] * 5), evals(1, **{"eval_ndcg@10": [0.5, 0.5, 0.5]}))
    assert diagnose(rows, live_context(config_with(training__max_steps=700))) == []
    assert diagnose([], live_context(config_with())) == []
    no_length = [{k: v for k, v in r.items() if k != "max_steps"} for r in plateau_stream()]
    assert "plateau" not in {f.rule for f in diagnose(no_length, live_context(config_with()))}


def test_sft_has_no_chance_and_classification_may_not_know_its_classes() -> None:
    assert live_context(config_with(task="sft")).chance is None
    assert live_context(config_with(task="classification")).chance is None
    assert live_context(config_with(task="classification", model__num_labels=4)).candidates == 4


def test_num_labels_read_from_the_saved_model_or_checkpoint(tmp_path: Path) -> None:
    assert saved_num_labels(tmp_path) is None
    checkpoint = tmp_path / "checkpoints" / "checkpoint-10"
    checkpoint.mkdir(parents=True)
    (checkpoint / "config.json").write_text(json.dumps({"id2label": {"0": "a", "1": "b", "2": "c"}}))
    assert saved_num_labels(tmp_path) == 3


def findings_lines(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / FINDINGS_FILE).read_text().splitlines()]


def test_findings_are_saved_once_and_survive_a_restart(tmp_path: Path) -> None:
    rows, ctx = nan_stream() + [{"step": 6, "max_steps": 100, "loss": 0.0}], live_context(config_with())
    doctor = LiveDoctor(tmp_path, ctx)
    for row in rows:  # as the UI reads them, a row per tick
        noted = doctor.update([row])
    assert [(n.finding.rule, n.step) for n in noted] == [("loss_nan", 4)]
    lines = findings_lines(tmp_path)
    assert len(lines) == 1 and lines[0]["step"] == 4 and lines[0]["time"] > 0 and lines[0]["fix"]["value"] == 3e-05

    restarted = LiveDoctor(tmp_path, live_context(config_with()))
    assert restarted.update([]) == noted  # read back from the run before any row arrives
    assert restarted.update(rows) == noted  # all rows again from offset 0: nothing new, nothing doubled
    assert findings_lines(tmp_path) == lines
    assert read_findings(tmp_path)[0].finding == diagnose(rows, ctx)[0]


def test_torn_lines_and_duplicates_in_the_file_are_ignored(tmp_path: Path) -> None:
    LiveDoctor(tmp_path, live_context(config_with())).update(nan_stream())
    path = tmp_path / FINDINGS_FILE
    line = path.read_text()
    path.write_text(line + line + '{"step": 9, "rule": "loss_n')
    assert len(read_findings(tmp_path)) == 1


def test_findings_saved_in_an_older_shape_are_found_again(tmp_path: Path) -> None:
    """A run from before findings were rule ids and values saved English sentences; they are skipped on reading,
    and the doctor finds them again from the metrics, in the new shape."""
    old = {"step": 4, "time": 1.0, "rule": "loss_nan", "severity": "error", "title": "The loss is nan from step 4"}
    retired = {"step": 4, "time": 1.0, "rule": "loss_nan", "severity": "error", "values": {"case": "sideways"}}
    fix = {"path": "training.learning_rate", "value": 3e-05, "label": "set learning_rate to 3e-05 (a smaller step)"}
    lines = [{**old, "evidence": "loss nan at step 4", "why": "…", "fix": fix}, retired]
    (tmp_path / FINDINGS_FILE).write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert read_findings(tmp_path) == []
    noted = LiveDoctor(tmp_path, live_context(config_with())).update(nan_stream())
    assert [(n.finding.rule, n.step, n.finding.values["loss"]) for n in noted] == [("loss_nan", 4, "nan")]


def test_poll_reads_the_metrics_file_from_its_own_offset(tmp_path: Path) -> None:
    def write(rows: list[dict]) -> None:
        with (tmp_path / METRICS_FILE).open("a") as handle:
            handle.writelines(json.dumps(r) + "\n" for r in rows)

    (tmp_path / "config.yaml").write_text("task: embedding\ntraining:\n  max_steps: 100\n  learning_rate: 1.0e-4\n")
    doctor = LiveDoctor(tmp_path)  # context from the run's saved config
    rows = nan_stream()
    write(rows[:3])
    assert doctor.poll() == []
    write(rows[3:])
    assert [n.finding.rule for n in doctor.poll()] == ["loss_nan"]
    assert doctor.poll()[0].step == 4 and len(doctor.rows) == len(rows)
    keep_rows_until(tmp_path, 2)  # resumed from checkpoint-2: the file is rewritten shorter
    write([{"event": "train_begin", "step": 2, "max_steps": 100}, *train([2.0], start=3)])
    assert [n.finding.rule for n in doctor.poll()] == ["loss_nan"]  # saved with the run, not forgotten
    assert [r.get("loss") for r in doctor.rows if "event" not in r] == [2.3, 2.2, 2.0]


def test_rows_again_or_from_a_resume_replace_the_later_ones(tmp_path: Path) -> None:
    doctor = LiveDoctor(tmp_path, live_context(config_with()))
    rows = by_step(train(falling(2.5, 2.0, 6)))
    doctor.update(rows)
    doctor.update(rows)  # a UI that lost its offset reads from 0 again
    assert doctor.rows == rows
    resumed = [{"event": "train_begin", "step": 3, "max_steps": 100}, *train([1.9, 1.8], start=4)]
    doctor.update(resumed)  # resumed from checkpoint-3: steps 4 and 5 are logged anew
    assert [(r["step"], "event" in r) for r in doctor.rows] == [
        (0, True),
        (1, False),
        (2, False),
        (3, True),
        (3, False),
        (4, False),
        (5, False),
    ]
    assert [r["loss"] for r in doctor.rows if r["step"] == 5] == [1.8]
