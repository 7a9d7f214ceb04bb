"""Decoder models known only by their config.json (no weights, no tokenizer), as a user has them before a download.

Shapes small enough to count by hand. Qwen2: hidden 32, 4 heads of 8, 2 key/value heads, so q_proj and o_proj are
32 → 32, k_proj and v_proj 32 → 16, gate_proj and up_proj 32 → 64, down_proj 64 → 32. Llama: hidden 24, 4 heads
of 6 and 4 key/value heads, so q, k, v, o are 24 → 24, gate and up 24 → 48, down 48 → 24.
"""

from __future__ import annotations

from pathlib import Path

from transformers import LlamaConfig, PretrainedConfig, Qwen2Config

ALL_LINEAR = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]

CONFIGS: dict[str, PretrainedConfig] = {
    "qwen2": Qwen2Config(
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=6,
        num_attention_heads=4,
        num_key_value_heads=2,
        vocab_size=100,
    ),
    "llama": LlamaConfig(
        hidden_size=24,
        intermediate_size=48,
        num_hidden_layers=4,
        num_attention_heads=4,
        num_key_value_heads=4,
        vocab_size=80,
    ),
}


def write_decoder(folder: Path, name: str) -> Path:
    """A folder holding only `config.json`."""
    folder.mkdir(parents=True, exist_ok=True)
    CONFIGS[name].save_pretrained(folder)
    assert [p.name for p in folder.iterdir()] == ["config.json"]
    return folder
