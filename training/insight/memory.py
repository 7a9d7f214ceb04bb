"""Memory of the training state on each device, with ZeRO / FSDP splitting it over the processes (sharding.py).

For Ψ parameters of which Ψt train (all under full fine-tuning, the adapter's under LoRA), N processes sharing the
split and bytes b per parameter as the run holds them:

    parameters  Ψ·b            ÷ N from stage 3
    gradients   Ψt·b           ÷ N from stage 2   (frozen parameters have none)
    optimiser   Ψt·(8 + m)     ÷ N from stage 1   (Adam's two fp32 moments; m below)
    gathered    2·L·c          stage 3 only: the largest module's L parameters whole, and their gradients, in the
                               compute precision c (2 or 4 bytes) while it runs; DeepSpeed's 4·L
    activations per device, at the per-device batch (quantities.activation_bytes)

How each engine holds them: DeepSpeed under fp16/bf16 casts the model to 16 bits (b = 2) and keeps for its
optimiser fp32 master weights and the fp32 gradients it steps on (m = 4 + 4); the Trainer's own mixed precision
(plain data parallel, FSDP) autocasts fp32 weights (b = 4, m = 0: the fp32 weights are the master copy), except an
SFT LoRA base that sft.py loads in bf16 (b = 2 for the frozen part). Offloading to the CPU takes the optimiser
(DeepSpeed, FSDP) and the parameters and gradients (FSDP's CPUOffload; DeepSpeed's offload_param) off the device.

Worked example: a 4B decoder (Qwen3-4B's shape: Ψ = 4,022,468,096, largest module the 388,956,160-parameter
embedding) trained with SFT in bf16 under DeepSpeed ZeRO-2 on 4 GPUs (N = 4, b = 2):
  full fine-tuning  parameters 2Ψ = 7.49 GiB + gradients 2Ψ/4 = 1.87 + optimiser 16Ψ/4 = 14.98 → 24.35 GiB a GPU
                    (ZeRO-3: 2Ψ/4 + 2Ψ/4 + 16Ψ/4 + 4L = 1.87 + 1.87 + 14.98 + 1.45 = 20.18 GiB)
  LoRA r 16 on every linear layer (Ψt = 33,030,144): parameters 2(Ψ + Ψt) = 7.55 GiB + gradients 0.02 +
                    optimiser 0.12 → 7.69 GiB a GPU: the frozen base dominates, and only ZeRO-3 splits it (3.48 GiB,
                    1.45 of them the embedding gathered whole)
each plus the activations of its batch. DeepSpeed's own estimate (`estimate_zero2_model_states_mem_needs`:
4Ψ + 16Ψ/N, 29.97 GiB here; `estimate_zero3_model_states_mem_needs`: 4L + 18Ψ/N, 18.30 GiB) counts the optimiser
the same 16 bytes; under ZeRO-2 it also keeps a whole 16-bit gradient (2Ψ where this counts 2Ψ/N: its reduce
buckets at their largest), under ZeRO-3 it leaves out the 16-bit gradient partition (2Ψ/N). tests/training/
test_memory.py checks these numbers and both gaps.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from training.config.studio import StudioConfig
from training.insight.sharding import Sharding

GIB = 2**30
ADAM = 8  # Adam's first and second moments, fp32 each
FP32 = 4


@dataclass(frozen=True)
class DeviceMemory:
    """GiB on each device, by part, and the split behind them."""

    parameters: float
    gradients: float
    optimizer: float
    gathered: float  # stage 3: the largest module gathered whole while it runs
    activations: float
    engine: str
    stage: int
    shards: int
    offload_optimizer: bool = False
    offload_params: bool = False

    @property
    def state(self) -> float:
        """Everything but the activations: what no batch size or checkpointing changes."""
        return self.parameters + self.gradients + self.optimizer + self.gathered

    @property
    def total(self) -> float:
        return self.state + self.activations

    def to_dict(self) -> dict:
        return asdict(self) | {"state": self.state, "total": self.total}


def sixteen_bit(config: StudioConfig, engine: str) -> bool:
    """Whether the run computes in 16 bits. auto means bf16 on a GPU: DeepSpeed and FSDP run only on GPUs, so
    there it counts as 16-bit; elsewhere as fp32, the larger (a CPU trains in fp32)."""
    choice = config.training.mixed_precision
    return choice in ("fp16", "bf16") or (choice == "auto" and engine != "ddp")


def held_bytes(config: StudioConfig, engine: str) -> tuple[int, int]:
    """(bytes per trainable parameter, per frozen parameter) as the run holds them between steps."""
    sixteen = sixteen_bit(config, engine)
    if engine == "deepspeed" and sixteen:
        return 2, 2
    bf16 = config.training.mixed_precision == "bf16" or (sixteen and config.training.mixed_precision == "auto")
    return FP32, 2 if config.task == "sft" and config.lora.use_lora and bf16 else FP32


def per_device(
    config: StudioConfig, total: int, trainable: int, activations: float, split: Sharding, largest: int = 0
) -> DeviceMemory:
    """The module docstring's sum: `total` and `trainable` parameters, `activations` bytes of one device's batch,
    `largest` the parameters of the biggest single module (read only under stage 3)."""
    stage, n = split.stage, max(split.shards, 1)
    trained_b, frozen_b = held_bytes(config, split.engine)
    master = 2 * FP32 if trained_b == 2 else 0  # fp32 master weights and the fp32 gradients the optimiser steps on
    parameters = (trainable * trained_b + (total - trainable) * frozen_b) / (n if stage >= 3 else 1)
    gradients = trainable * trained_b / (n if stage >= 2 else 1)
    optimizer = trainable * (ADAM + master) / (n if stage >= 1 else 1)
    compute = 2 if sixteen_bit(config, split.engine) else FP32
    gathered = 2 * largest * compute if stage == 3 and n > 1 else 0
    if split.offload_optimizer:
        optimizer = 0
    if split.offload_params:
        parameters = 0
        gradients = 0 if split.engine == "fsdp" else gradients
    return DeviceMemory(
        parameters / GIB,
        gradients / GIB,
        optimizer / GIB,
        gathered / GIB,
        activations / GIB,
        split.engine,
        stage,
        n,
        split.offload_optimizer,
        split.offload_params,
    )
