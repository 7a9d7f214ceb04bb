"""Which parts of the training state a multi-process run splits between its processes, read from the
`training.accelerate_config` file it launches with (the one `python -m training launch-script --zero/--fsdp` writes).

ZeRO's stages (Rajbhandari et al. 2020): stage 1 splits the optimiser states, stage 2 the gradients too, stage 3 the
parameters too, each over the data-parallel processes. FSDP's strategies map onto them as PyTorch's FSDP docs do:
FULL_SHARD ≈ ZeRO-3, SHARD_GRAD_OP ≈ ZeRO-2, NO_SHARD = plain data parallel; the HYBRID ones split within a machine
only. A file that names neither (MULTI_GPU, MULTI_CPU), or no file, is plain data parallel: every process holds it all.

Defaults are accelerate's own: a DeepSpeed section without `zero_stage` runs stage 2, an FSDP one without a strategy
FULL_SHARD; a DeepSpeed JSON (`deepspeed_config_file`) without `zero_optimization.stage` runs DeepSpeed's stage 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from training.config.studio import StudioConfig

ENGINES = ("ddp", "deepspeed", "fsdp")
# accelerate's FSDP_SHARDING_STRATEGY order (1-based in its files): name → (ZeRO stage, split within a machine only)
FSDP_STRATEGIES = {
    "FULL_SHARD": (3, False),
    "SHARD_GRAD_OP": (2, False),
    "NO_SHARD": (0, False),
    "HYBRID_SHARD": (3, True),
    "HYBRID_SHARD_ZERO2": (2, True),
}
ACCELERATE_ZERO_DEFAULT = 2  # accelerate's DeepSpeedPlugin when zero_stage is left out


@dataclass(frozen=True)
class Sharding:
    engine: str  # "ddp", "deepspeed" or "fsdp"
    stage: int  # ZeRO stage 0–3 (FSDP's strategy as its stage)
    shards: int  # processes the split state is divided over: the job's, or one machine's (FSDP hybrid)
    offload_optimizer: bool = False  # optimiser states (and their step) kept in CPU memory
    offload_params: bool = False  # parameters kept in CPU memory between uses
    readable: bool = True  # False: the file could not be read, so plain data parallel is assumed


def _offloaded(device: Any) -> bool:
    return str(device or "none").lower() not in ("none", "")


def _deepspeed_json(path: str, beside: Path) -> dict[str, Any]:
    """accelerate reads the JSON from the working directory; a relative path is also tried beside the YAML."""
    found = Path(path)
    if not found.is_absolute() and not found.exists():
        found = beside / path
    return json.loads(found.read_text(encoding="utf-8"))


def _deepspeed(section: dict[str, Any], beside: Path, world: int) -> Sharding:
    if section.get("deepspeed_config_file"):
        zero = _deepspeed_json(section["deepspeed_config_file"], beside).get("zero_optimization") or {}
        stage = int(zero.get("stage", 0))
        optimizer = (zero.get("offload_optimizer") or {}).get("device")
        params = (zero.get("offload_param") or {}).get("device")
    else:
        stage = int(section.get("zero_stage", ACCELERATE_ZERO_DEFAULT))
        optimizer, params = section.get("offload_optimizer_device"), section.get("offload_param_device")
    if stage not in range(4):
        raise ValueError(f"ZeRO stage {stage}")
    return Sharding("deepspeed", stage, world, _offloaded(optimizer), stage == 3 and _offloaded(params))


def _fsdp_strategy(section: dict[str, Any]) -> str:
    """FSDP1's `fsdp_sharding_strategy` (a name or its 1-based number), else `fsdp_reshard_after_forward` (FSDP2's
    true / false, or a name)."""
    names = list(FSDP_STRATEGIES)
    value = section.get("fsdp_sharding_strategy")
    if value is None:
        value = section.get("fsdp_reshard_after_forward", True)
        if isinstance(value, bool) or str(value).lower() in ("true", "false"):
            return "FULL_SHARD" if str(value).lower() == "true" else "SHARD_GRAD_OP"
    if isinstance(value, int) or str(value).isdigit():
        return names[int(value) - 1]
    name = str(value).upper()
    if name not in FSDP_STRATEGIES:
        raise ValueError(f"FSDP strategy {value!r}")
    return name


def _fsdp(section: dict[str, Any], per_machine: int, world: int) -> Sharding:
    stage, hybrid = FSDP_STRATEGIES[_fsdp_strategy(section)]
    offload = str(section.get("fsdp_offload_params", False)).lower() == "true"  # FSDP's CPUOffload: all three
    return Sharding("fsdp", stage, per_machine if hybrid else world, offload, offload)


def sharding(config: StudioConfig) -> Sharding:
    """The split the config's launch file asks for; plain data parallel without one, or when it cannot be read (the
    Configure tab's check says why a missing file cannot start)."""
    t = config.training
    world, plain = t.total_processes, Sharding("ddp", 0, t.total_processes)
    if not t.accelerate_config or world < 2:  # one process launches without the file: nothing to split
        return plain
    path = Path(t.accelerate_config)
    try:
        found = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        kind = str(found.get("distributed_type", "")).upper()
        if kind == "DEEPSPEED":
            return _deepspeed(found.get("deepspeed_config") or {}, path.parent, world)
        if kind == "FSDP":
            return _fsdp(found.get("fsdp_config") or {}, t.num_processes, world)
    except (OSError, ValueError, TypeError, AttributeError, IndexError, yaml.YAMLError):
        return Sharding("ddp", 0, world, readable=False)
    return plain
