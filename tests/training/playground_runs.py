"""Finished runs made by hand for the playground's tests: a tiny model saved in full beside its config and status,
as a run leaves it, with no training (the trained runs are in test_playground.py, marked slow)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from datasets_spec import store
from training.config.studio import StudioConfig, save_yaml
from training.lifecycle import runs

SCHEMA = {"type": "object", "properties": {"days": {"type": "integer"}}, "required": ["days"]}


def finished_run(run_id: str, config: StudioConfig, save_model: Callable[[Path], None]) -> Path:
    """A run directory as a finished run leaves it: config, status and a model saved in full."""
    run_dir = runs.runs_dir() / run_id
    run_dir.mkdir(parents=True)
    save_yaml(config, run_dir / "config.yaml")
    runs.write_status(run_dir, state="finished", task=config.task, created=time.time())
    save_model(run_dir / "model")
    return run_dir


def finished_sft_run(run_id: str, tiny_lm: Path, *, max_new_tokens: int = 5, chat_template: bool = True) -> Path:
    """An SFT run on the bundled JSON-task sample whose model is the tiny Llama itself (trained in full, so base and
    tuned hold the same weights); `chat_template` False saves its tokenizer without one."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    config = StudioConfig()
    config.task = "sft"
    config.model.name_or_path = str(tiny_lm)
    config.data.dataset = store.JSON_TASK_SAMPLE
    config.lora.use_lora = False
    config.sft.max_new_tokens = max_new_tokens

    def save(folder: Path) -> None:
        AutoModelForCausalLM.from_pretrained(tiny_lm).save_pretrained(folder)
        tokenizer = AutoTokenizer.from_pretrained(tiny_lm)
        if not chat_template:
            tokenizer.chat_template = None
        tokenizer.save_pretrained(folder)

    run_dir = finished_run(run_id, config, save)
    (run_dir / "schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    return run_dir
