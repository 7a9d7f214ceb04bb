"""Tiny random models for the LLM augmentation tests: a 2-layer Llama over a few Korean characters and the seeded
tiny BERT, both the same every session."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import build_tiny_bert
from tests.training.builders import CHATML

# A few characters of the legal sample: with so small a vocabulary a random model ends (or starts a new line) often
# enough that most of its texts finish within max_new_tokens, and the later filters get something to judge.
LM_CHARS = "손해배상책임요건은무엇인가 ?"


def build_small_lm(folder: Path, *, chat_template: str | None = CHATML, pad: bool = True) -> Path:
    """A 2-layer, 32-wide random Llama over LM_CHARS, one token a character; the same weights every session."""
    import torch
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    specials = ["<pad>", "<unk>", "<|im_start|>", "<|im_end|>"]
    vocab = {token: i for i, token in enumerate([*specials, *sorted(set(LM_CHARS + "\n"))])}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    core.decoder = decoders.Fuse()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core,
        pad_token="<pad>" if pad else None,
        unk_token="<unk>",
        bos_token="<|im_start|>",
        eos_token="<|im_end|>",
    )
    tokenizer.chat_template = chat_template
    tokenizer.save_pretrained(folder)
    config = LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        pad_token_id=0 if pad else None,
        bos_token_id=2,
        eos_token_id=3,
    )
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder


def build_seeded_bert(folder: Path) -> Path:
    """conftest's tiny BERT with fixed weights: which variants pass answerability must not change between runs."""
    import torch

    torch.manual_seed(0)
    return build_tiny_bert(folder)
