"""A finding: which rule held, how bad it is, the numbers that show it, and the config edit that fixes it.

The engine says no sentence: a finding is a rule id and its values (numbers and code names), and the studio's string
table (studio/strings/findings.py) words each rule in English and Korean. `CATALOGUE` lists every rule the doctor
can emit, the cases its wording varies by and the fields its fix may set, so a test can check that each is worded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Wording:
    cases: tuple[str, ...] = ("",)  # values["case"]: which sentences the studio picks; "" when there is one way
    fixes: tuple[str, ...] = ()  # the config fields its fix may set
    unfixed: tuple[str, ...] = ()  # cases that never come with a fix


CATALOGUE: dict[str, Wording] = {
    # preflight: the run's shape (training/doctor/preflight/shape.py)
    "warmup": Wording(("first_eval", "midway"), ("training.warmup_ratio",)),
    "learning_rate": Wording(("lora", "full"), ("training.learning_rate",)),
    "learning_rate_change": Wording(
        ("higher_mislead", "higher_exponent", "higher", "lower_mislead", "lower_exponent", "lower", "zero")
    ),
    "batch_small": Wording(fixes=("training.per_device_train_batch_size",)),
    "batch_large": Wording(fixes=("training.per_device_train_batch_size",)),
    "logging": Wording(fixes=("training.logging_steps",)),
    "eval": Wording(fixes=("training.eval_steps",)),
    "few_steps": Wording(
        ("max_steps", "max_steps_epochs", "epochs", "unknown"),
        ("training.max_steps", "training.num_train_epochs"),
        ("unknown",),
    ),
    "many_epochs": Wording(fixes=("training.num_train_epochs",)),
    # preflight: the data (preflight/data.py)
    # measured: the probe timed a step at both lengths; tokens: tokens per step instead (no_probe: the task has no
    # probe to time it); at_limit: the model reads no further than max_seq_length already is
    "truncation": Wording(("measured", "tokens", "no_probe", "at_limit"), ("model.max_seq_length",), ("at_limit",)),
    "query_truncation": Wording(("measured", "tokens", "at_limit"), ("model.max_seq_length",), ("at_limit",)),
    "task_data": Wording(fixes=("task",)),
    "num_labels": Wording(fixes=("model.num_labels",)),
    "rare_classes": Wording(),
    "duplicate_positives": Wording(),
    # preflight: the model and the machine (preflight/model.py); initial_loss is also a live rule
    "fp16_cpu": Wording(fixes=("training.mixed_precision",)),
    "memory": Wording(fixes=("training.gradient_checkpointing",)),
    # preflight: the devices (preflight/devices.py); state*: the training state alone is over, no batch changes that
    "device_memory": Wording(
        ("state", "state_zero3", "checkpointing", "batch", "none"),
        ("training.gradient_checkpointing", "training.per_device_train_batch_size"),
        ("state", "state_zero3", "none"),
    ),
    "global_batch_change": Wording(("keep", "uneven"), ("training.gradient_accumulation_steps",), ("uneven",)),
    "lora_layers": Wording(("known", "unknown"), ("lora.layers_to_transform",), ("unknown",)),
    "lora_targets": Wording(),
    "initial_loss": Wording(
        ("classification", "embedding", "logged"), ("loss.temperature",), ("classification", "embedding")
    ),
    # live: the loss (training/doctor/live/loss.py)
    "loss_nan": Wording(("first", "after"), ("training.mixed_precision", "training.learning_rate")),
    "loss_zero": Wording(("first", "after")),
    "warmup_flat": Wording(),
    "plateau": Wording(("at_chance", "moving"), ("training.learning_rate",), ("at_chance",)),
    # live: gradients and evaluation (live/gradients.py, live/evaluation.py)
    "grad_clipped": Wording(fixes=("training.learning_rate",)),
    "grad_tiny": Wording(),
    "overfitting": Wording(("best", "start"), ("early_stopping.patience",)),
    "epoch_steps": Wording(fixes=("training.max_steps", "training.num_train_epochs")),
    "metric_stalled": Wording(("best", "start", "patience_on"), ("early_stopping.patience",), ("patience_on",)),
}


@dataclass(frozen=True)
class Fix:
    path: str  # config field, "training.warmup_ratio"
    value: Any


@dataclass(frozen=True)
class Finding:
    rule: str  # a CATALOGUE key
    severity: str
    values: dict[str, Any] = field(default_factory=dict)  # numbers and code names, JSON-ready (lists, not tuples)
    fix: Fix | None = None

    def __post_init__(self) -> None:
        wording = CATALOGUE[self.rule]
        if self.severity not in SEVERITIES or self.case not in wording.cases:
            raise ValueError(f"finding {self.rule}: severity {self.severity!r}, case {self.case!r}")
        if self.fix is not None and (self.fix.path not in wording.fixes or self.case in wording.unfixed):
            raise ValueError(f"finding {self.rule}: fix on {self.fix.path}, not one of {wording.fixes} ({self.case})")

    @property
    def case(self) -> str:
        return self.values.get("case", "")

    def to_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        """One line per finding for the CLI: severity, rule id, its values, and the fix as a config edit."""
        values = " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in self.values.items())
        fix = f"\n    fix: {self.fix.path} = {self.fix.value!r}" if self.fix else ""
        return f"[{self.severity}] {self.rule}: {values}{fix}"
