"""Model shapes the memory tests count on the meta device (their config.json only, never weights)."""

from __future__ import annotations

from transformers import Qwen3Config

QWEN3_4B = Qwen3Config(
    hidden_size=2560,
    intermediate_size=9728,
    num_hidden_layers=36,
    num_attention_heads=32,
    num_key_value_heads=8,
    head_dim=128,
    vocab_size=151936,
    tie_word_embeddings=True,
)
