"""The one typed config: the UI renders it, YAML stores it, the CLI runs it.

Every field is declared once, with its label, explanation (English and Korean), bounds and choices in the
field's metadata. Field names follow Hugging Face ``TrainingArguments`` and peft ``LoraConfig`` so configs paste
between tools.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core import atomic
from core.knobs import ConfigError, FieldSpec, check_value, knob, spec_of
from training.config.groups import (
    DEFAULT_EMBEDDING_MODEL,
    MINILM,
    OFFLINE_E5,
    ClassificationArgs,
    DataArgs,
    EarlyStoppingArgs,
    LoraArgs,
    LossArgs,
    ModelArgs,
    SftArgs,
)
from training.config.imported import Note, deepspeed_schedule
from training.config.training_args import SCHEDULERS, TrainArgs

TASKS = ["embedding", "sft", "classification"]

__all__ = [
    "DEFAULT_EMBEDDING_MODEL",
    "MINILM",
    "OFFLINE_E5",
    "SCHEDULERS",
    "ConfigError",
    "Note",
    "StudioConfig",
    "knob",
]


@dataclass
class StudioConfig:
    """A whole run: what to train, on which data, and how."""

    task: str = knob(
        "embedding",
        label="Task",
        choices=TASKS,
        en="What the model learns. embedding = a retrieval model that puts a query near the passages that answer "
        "it; sft = a causal LM that answers prompts (here: in JSON); classification = one label per text.",
        ko="모델이 배우는 것. embedding = 질의를 그 답이 되는 문단 가까이에 두는 검색 모델, "
        "sft = 프롬프트에 (여기서는 JSON으로) 답하는 언어 모델, classification = 텍스트마다 레이블 하나.",
    )
    model: ModelArgs = field(default_factory=ModelArgs)
    data: DataArgs = field(default_factory=DataArgs)
    lora: LoraArgs = field(default_factory=LoraArgs)
    training: TrainArgs = field(default_factory=TrainArgs)
    loss: LossArgs = field(default_factory=LossArgs)
    sft: SftArgs = field(default_factory=SftArgs)
    classification: ClassificationArgs = field(default_factory=ClassificationArgs)
    early_stopping: EarlyStoppingArgs = field(default_factory=EarlyStoppingArgs)


GROUPS: dict[str, type] = {
    "model": ModelArgs,
    "data": DataArgs,
    "lora": LoraArgs,
    "training": TrainArgs,
    "loss": LossArgs,
    "sft": SftArgs,
    "classification": ClassificationArgs,
    "early_stopping": EarlyStoppingArgs,
}
# Fields that were renamed: old YAML keeps loading. A function maps the old value to the new one.
RENAMED: dict[str, tuple[str, Any]] = {
    "training.fp16": ("training.mixed_precision", lambda on: "fp16" if on in (True, "true", "True") else "auto"),
}


def field_specs() -> list[FieldSpec]:
    """All leaf fields in display order, the task first."""
    specs = []
    owners: list[tuple[str, type]] = [("", StudioConfig), *GROUPS.items()]
    for prefix, owner in owners:
        for f in dataclasses.fields(owner):
            if f.name in GROUPS:
                continue
            specs.append(spec_of(owner, f, f"{prefix}.{f.name}" if prefix else f.name))
    return specs


def _coerce(spec: FieldSpec, value: Any) -> Any:
    """Turn a YAML / UI value into the field's type, or say exactly why it can't be."""
    t = spec.type
    try:
        if t is bool:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in {"true", "false", "yes", "no"}:
                return value.lower() in {"true", "yes"}
            raise ValueError
        if t is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if t is float:
            if isinstance(value, bool):
                raise ValueError
            return float(value)  # YAML 1.1 reads "2e-4" as a string; accept it as the number it means
        if t is list:
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list):
                raise ValueError
            if spec.items is int:
                return [int(v) for v in value]
            return [str(v) for v in value]
        if value is None or isinstance(value, (dict, list)):
            raise ValueError
        if isinstance(value, bool) and spec.choices and {"true", "false"} <= set(spec.choices):
            return str(value).lower()  # a field that was a bool (loss.use_hard_negatives): old YAML keeps loading
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{spec.path} = {value!r}: expected {t.__name__}",
            rule="type",
            path=spec.path,
            value=value,
            kind=t.__name__,
        ) from None


def _check_range(spec: FieldSpec, value: Any) -> None:
    check_value(spec, value)
    if spec.type is list and spec.items is int and any(v < 0 for v in value):
        # peft compares the index with the number in the module name (model.layers.35.mlp); -1 is in no name.
        n = len(set(value))
        last = (
            "the last layer of an L-layer model is L-1 (35 of 36 layers)"
            if n == 1
            else f"the last {n} of an L-layer model are L-{n} to L-1 ({36 - n} to 35 of 36 layers)"
        )
        raise ConfigError(
            f"{spec.path} = {value!r}: layer indices must be >= 0: peft finds a layer by the number in its module "
            f"name (model.layers.35.mlp), which is never {min(value)}, so a negative index adapts nothing. Count "
            f"from 0: {last}",
            rule="negative_layer",
            path=spec.path,
            value=value,
            lowest=min(value),
            layers=n,
        )


def from_dict(values: dict[str, Any]) -> StudioConfig:
    """Build and validate a config from nested values; unknown keys and bad values raise ConfigError."""
    return read_values(values)[0]


def read_values(values: dict[str, Any]) -> tuple[StudioConfig, list[Note]]:
    """The config, and a note for each key it took in another spelling (a renamed field, DeepSpeed's scheduler)."""
    if not isinstance(values, dict):
        raise ConfigError(f"a config must be a mapping of sections, got {type(values).__name__}")
    values, notes = deepspeed_schedule(values)
    by_path = {s.path: s for s in field_specs()}
    config = StudioConfig()
    for key, value in values.items():
        if key in GROUPS:
            if not isinstance(value, dict):
                raise ConfigError(f"{key}: must be a mapping of fields, got {value!r}")
            items = [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            items = [(key, value)]
        for path, raw in items:
            if path in RENAMED:
                old, (path, convert) = path, RENAMED[path]
                was, raw = raw, convert(raw)
                notes.append(Note("renamed", {"old": old, "was": was, "field": path, "value": raw}))
            spec = by_path.get(path)
            if spec is None:
                section = path.split(".")[0]
                known = (
                    sorted(p.split(".", 1)[1] for p in by_path if p.startswith(section + "."))
                    if section in GROUPS
                    else sorted([*GROUPS, *(p for p in by_path if "." not in p)])
                )
                raise ConfigError(f"unknown config key {path!r}; known keys here: {', '.join(known)}")
            set_value(config, path, raw)
    return config, notes


def set_value(config: StudioConfig, path: str, raw: Any) -> None:
    """Coerce, check and set one field by its dotted path."""
    spec = {s.path: s for s in field_specs()}[path]
    value = _coerce(spec, raw)
    _check_range(spec, value)
    owner: Any = config
    *parents, name = path.split(".")
    for p in parents:
        owner = getattr(owner, p)
    setattr(owner, name, value)


def get_value(config: StudioConfig, path: str) -> Any:
    owner: Any = config
    for p in path.split("."):
        owner = getattr(owner, p)
    return owner


def to_dict(config: StudioConfig) -> dict[str, Any]:
    return dataclasses.asdict(config)


def dump_yaml(config: StudioConfig) -> str:
    return yaml.safe_dump(to_dict(config), allow_unicode=True, sort_keys=False)


def save_yaml(config: StudioConfig, path: Path) -> None:
    """Write atomically so a crash never leaves a half-written config behind."""
    atomic.write_text(path, dump_yaml(config))


def load_yaml(path: Path) -> StudioConfig:
    return load_yaml_noted(path)[0]


def load_yaml_noted(path: Path) -> tuple[StudioConfig, list[Note]]:
    """A config file and what reading it changed: an import shows the notes, a run needs only the config."""
    path = Path(path)
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    try:
        return read_values(values)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
