"""Greedy answers from a chat model, for evaluation during training and for trying a finished run."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch


@contextlib.contextmanager
def eval_mode(model) -> Iterator[None]:
    """Dropout off while generating (a LoRA model sampled in train mode degenerates), then the mode it had."""
    was_training = model.training
    model.eval()
    try:
        yield
    finally:
        model.train(was_training)


@contextlib.contextmanager
def left_padded(tokenizer) -> Iterator[None]:
    """Decoder-only models continue from the last position, so a batch's prompts must end there, not its padding."""
    side = tokenizer.padding_side
    tokenizer.padding_side = "left"
    try:
        yield
    finally:
        tokenizer.padding_side = side


def stop_ids(model, tokenizer) -> list[int]:
    """The tokenizer's end token and the model's own end tokens (chat models end a turn with e.g. <|im_end|>)."""
    ids = model.generation_config.eos_token_id if model.generation_config is not None else None
    ids = [ids] if isinstance(ids, int) else list(ids or [])
    if tokenizer.eos_token_id is not None:
        ids.append(tokenizer.eos_token_id)
    return list(dict.fromkeys(ids))


def generate_answers(
    model, tokenizer, conversations: list[list[dict]], *, max_new_tokens: int, batch_size: int = 8
) -> list[str]:
    """The model's answer to each conversation (its turns so far, rendered with the chat template), greedy."""
    from transformers import GenerationConfig

    ids = stop_ids(model, tokenizer)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (ids[0] if ids else 0)
    # An explicit config: a model's own sampling defaults (temperature, top_p) would make the scores noisy.
    generation = GenerationConfig(max_new_tokens=max_new_tokens, do_sample=False, eos_token_id=ids, pad_token_id=pad)
    texts = [tokenizer.apply_chat_template(c, add_generation_prompt=True, tokenize=False) for c in conversations]
    device = next(model.parameters()).device
    answers: list[str] = []
    with eval_mode(model), left_padded(tokenizer), torch.no_grad():
        for start in range(0, len(texts), batch_size):
            # The template already wrote any BOS the model wants; adding special tokens again would double it.
            batch = tokenizer(
                texts[start : start + batch_size], return_tensors="pt", padding=True, add_special_tokens=False
            ).to(device)
            output = model.generate(**batch, generation_config=generation)
            answers += tokenizer.batch_decode(output[:, batch["input_ids"].shape[1] :], skip_special_tokens=True)
    return [a.strip() for a in answers]
