"""What the preflight rules read: the config, the run's length and derived numbers, and what examine could learn."""

from __future__ import annotations

from dataclasses import dataclass

from training.config.studio import StudioConfig
from training.doctor.probe import ProbeResult
from training.insight.quantities import Quantities
from training.insight.schedule import Horizon


@dataclass(frozen=True)
class LastRun:
    """The newest earlier run of the same dataset and task: its id and config."""

    run: str
    config: StudioConfig


@dataclass
class Context:
    config: StudioConfig
    span: Horizon
    quantities: Quantities
    stats: dict | None = None
    previous: StudioConfig | None = None
    probe: ProbeResult | None = None
    train_rows: int | None = None
    cuda: bool = False
    memory_gib: float | None = None  # what the device has
    max_positions: int | None = None  # the most tokens the model reads, when its config or tokenizer says
    cpu_bf16: bool = False  # the CPU has bf16 instructions (config/hardware.py)
    last_run: LastRun | None = None
    memory_kind: str = ""  # memory_gib is "gpu": one GPU's, or "ram": this machine's, which its processes share
