"""A finished embedding run made without training: the tiny BERT plus a LoRA adapter whose weights are nudged off
zero, saved where a run keeps its model, so search tests get a run directory whose model differs from its base."""

from __future__ import annotations

from pathlib import Path

import torch

from core.models.load import load_embedding_model
from training.config.studio import StudioConfig
from training.lifecycle import runs
from training.tasks.common import lora_config


def adapter_run(base: Path, runs_root: Path, *, seed: int = 0) -> Path:
    config = StudioConfig()
    config.model.name_or_path = str(base)
    config.model.max_seq_length = 32
    config.lora.target_modules = ["query", "value"]
    run_dir = runs.create_run(config, runs_root)
    model = load_embedding_model(str(base), max_seq_length=32)
    model.add_adapter(lora_config(config.lora, "embedding"))
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, weight in model.named_parameters():
            if "lora_B" in name:  # B starts at zero, which would leave the model equal to its base
                weight.copy_(torch.randn(weight.shape, generator=generator) * 0.5)
    model.save(str(run_dir / "model"))
    runs.write_status(run_dir, state="finished")
    return run_dir
