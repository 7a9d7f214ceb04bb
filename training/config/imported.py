"""Keys a pasted config holds that the studio spells differently, as the studio's fields, with a note per change.

DeepSpeed's WarmupCosineLR has no studio schedule of that name. Its nearest is transformers' cosine_with_min_lr:
both warm up to the peak, then follow half a cosine down to a floor given as a share of the peak (cos_min_ratio
there, min_lr_rate here). Its warmup is a step count where the studio's is a share of the run; the share is those
steps over total_num_steps (or over max_steps), cut so that transformers' rounding up gives the same steps back.
Users paste the `scheduler:` block of a ds_config.json (JSON is YAML) or its parameters alone at the top level.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from core.knobs import ConfigError
from training.config.training_args import SCHEDULERS, TrainArgs

AUTO = "auto"  # under the Trainer, transformers fills an "auto" DeepSpeed value from TrainingArguments
# WarmupCosineLR's parameters and their DeepSpeed defaults (deepspeed/runtime/lr_schedules.py); total has none.
WARMUP_COSINE: dict[str, Any] = {
    "total_num_steps": None,
    "warmup_min_ratio": 0.0,
    "warmup_num_steps": 1000,
    "cos_min_ratio": 0.0001,
    "warmup_type": "log",
}
WARMUP_TYPES = ("log", "linear")
WARMUP_MAX = next(f.metadata["max"] for f in dataclasses.fields(TrainArgs) if f.name == "warmup_ratio")


@dataclass(frozen=True)
class Note:
    """One change an import made: a rule id and its numbers. The studio's string tables say it in each language."""

    rule: str
    numbers: dict[str, Any] = field(default_factory=dict)


def _pasted(values: dict) -> tuple[dict[str, Any] | None, str]:
    """WarmupCosineLR's parameters as pasted, and the prefix that names where (for errors); None when absent."""
    flat = {k: values[k] for k in WARMUP_COSINE if k in values}
    if "scheduler" not in values:
        return (flat or None), ""
    block = values["scheduler"]
    if flat:
        raise ConfigError(
            f"{', '.join(flat)}: give WarmupCosineLR's parameters either in the scheduler block or at the top "
            "level, not both"
        )
    if not isinstance(block, dict) or not isinstance(block.get("params", {}), dict):
        raise ConfigError(f"scheduler = {block!r}: expected DeepSpeed's {{type: WarmupCosineLR, params: {{...}}}}")
    if block.get("type") != "WarmupCosineLR" or set(block) - {"type", "params"}:
        raise ConfigError(
            f"scheduler = {block!r}: the studio maps DeepSpeed's WarmupCosineLR (to cosine_with_min_lr), given as "
            f"type and params; for any other schedule set training.lr_scheduler_type ({', '.join(SCHEDULERS)})"
        )
    return dict(block.get("params", {})), "scheduler.params."


def _number(where: str, value: Any, kind: type, low: float, high: float = math.inf, auto: bool = False) -> Any:
    if auto and value == AUTO:
        return AUTO
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
    if not ok or (kind is int and not float(value).is_integer()):
        allowed = f"{kind.__name__} from {low:g}" + (f" to {high:g}" if high < math.inf else "")
        raise ConfigError(f"{where} = {value!r}: expected {allowed}" + (" or auto" if auto else ""))
    return kind(value)


def share_of(steps: int, total: int) -> float:
    """The warmup_ratio that transformers turns back into `steps` of `total`: ceil(ratio × total) == steps."""
    ratio = math.floor(steps / total * 10**6) / 10**6  # six digits, cut down so the ceiling never adds a step
    return ratio if math.ceil(ratio * total) == steps else steps / total


def _set(training: dict, name: str, value: Any, notes: list[Note]) -> None:
    was = training.get(name)
    if name in training and was != value:
        notes.append(Note("replaced", {"field": f"training.{name}", "was": was, "value": value}))
    training[name] = value


def deepspeed_schedule(values: dict) -> tuple[dict, list[Note]]:
    """`values` with DeepSpeed's WarmupCosineLR turned into training.lr_scheduler_type, min_lr_rate and
    warmup_ratio, and the notes that say what changed; values without one come back as they are."""
    pasted, where = _pasted(values)
    if pasted is None:
        return values, []
    unknown = sorted(set(pasted) - set(WARMUP_COSINE))
    if unknown:
        raise ConfigError(f"{where}{unknown[0]}: not a WarmupCosineLR parameter; it takes {', '.join(WARMUP_COSINE)}")
    if not isinstance(values.get("training", {}), dict):
        return values, []  # from_dict names the malformed section
    p = {**WARMUP_COSINE, **pasted}
    floor = _number(f"{where}cos_min_ratio", p["cos_min_ratio"], float, 0.0, 1.0)
    start = _number(f"{where}warmup_min_ratio", p["warmup_min_ratio"], float, 0.0, 1.0)
    steps = _number(f"{where}warmup_num_steps", p["warmup_num_steps"], int, 0, auto=True)
    total = p["total_num_steps"]
    total = None if total is None else _number(f"{where}total_num_steps", total, int, 1, auto=True)
    if p["warmup_type"] not in WARMUP_TYPES:
        raise ConfigError(f"{where}warmup_type = {p['warmup_type']!r}: must be one of {', '.join(WARMUP_TYPES)}")

    notes = [Note("schedule", {"schedule": "cosine_with_min_lr", "min_lr_rate": floor})]
    notes += [Note("default", {"param": k, "value": v}) for k, v in WARMUP_COSINE.items() if k not in pasted and v]
    training = dict(values.get("training", {}))
    _set(training, "lr_scheduler_type", "cosine_with_min_lr", notes)
    _set(training, "min_lr_rate", floor, notes)
    max_steps = training.get("max_steps", -1)
    over = total if isinstance(total, int) else max_steps if isinstance(max_steps, int) and max_steps > 0 else None
    kept = training.get("warmup_ratio", TrainArgs.warmup_ratio)
    if steps == AUTO:
        notes.append(Note("warmup_auto", {"warmup_ratio": kept}))
    elif over is None:
        notes.append(Note("warmup_no_total", {"warmup_num_steps": steps, "warmup_ratio": kept}))
    else:
        ratio = share_of(steps, over)
        if ratio > WARMUP_MAX:
            raise ConfigError(
                f"{where}warmup_num_steps {steps} is {steps / over:.0%} of the {over}-step run; the studio's "
                f"warmup_ratio goes up to {WARMUP_MAX:g}"
            )
        _set(training, "warmup_ratio", ratio, notes)
        rule = "warmup" if over == total else "warmup_max_steps"
        notes.append(Note(rule, {"warmup_num_steps": steps, "total": over, "warmup_ratio": ratio}))
    if isinstance(total, int) and total != max_steps:  # the run's length is the studio's, not the block's
        notes.append(Note("total", {"total_num_steps": total}))
    if start > 0:
        notes.append(Note("warmup_start", {"warmup_min_ratio": start}))
    if p["warmup_type"] == "log" and steps == AUTO:
        notes.append(Note("warmup_log_auto"))
    elif p["warmup_type"] == "log" and steps >= 2:  # DeepSpeed stretches a shorter warmup to 2 steps
        # DeepSpeed's log warmup is ln(s + 1) / ln(steps) of the peak: half at s = √steps − 1; linear at steps / 2
        half = {"log_half": math.ceil(math.sqrt(steps) - 1), "linear_half": math.ceil(steps / 2)}
        notes.append(Note("warmup_log", {"warmup_num_steps": steps, **half}))
    rest = {k: v for k, v in values.items() if k != "scheduler" and k not in WARMUP_COSINE}
    return {**rest, "training": training}, notes
