"""Answers from a chat model: greedy batches for evaluation during training, one streamed reply with sampling
for trying a finished run."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
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


def render_chat(tokenizer, messages: list[dict]) -> tuple[str, bool]:
    """The conversation as the model reads it, and whether the tokenizer's chat template wrote it. A tokenizer
    without a template gets a plain "role: text" transcript ending in "assistant:", the cue a base model continues."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False), True
    lines = [f"{m['role']}: {m['content']}" for m in messages]
    return "\n".join([*lines, "assistant:"]), False


@dataclasses.dataclass(frozen=True)
class Decoding:
    """How one reply is drawn: temperature 0 is greedy (top_p, top_k and seed unused); top_k 0 is no cut."""

    max_new_tokens: int
    temperature: float = 0.0
    top_p: float = 1.0
    top_k: int = 0
    repetition_penalty: float = 1.0
    seed: int = 0


@dataclasses.dataclass
class Streamed:
    """A reply as it grows: the text so far; once done, why it ended ("eos", "length" or "stopped")."""

    text: str = ""
    ended: str | None = None
    new_tokens: int = 0


def explicit_generation(
    model,
    tokenizer,
    *,
    max_new_tokens: int,
    temperature: float,
    top_p: float,
    top_k: int | None = None,
    repetition_penalty: float = 1.0,
    **extra,
):
    """Greedy at temperature 0, else sampling with exactly these settings, ending at any of the model's end tokens:
    a model's own defaults (its top_k 50, its temperature) would change the draw without anyone seeing it."""
    from transformers import GenerationConfig

    ids = stop_ids(model, tokenizer)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (ids[0] if ids else 0)
    sample = temperature > 0
    return GenerationConfig(
        max_new_tokens=max_new_tokens,
        do_sample=sample,
        temperature=temperature if sample else None,
        top_p=top_p if sample else None,
        top_k=top_k if sample else None,
        repetition_penalty=repetition_penalty,
        eos_token_id=ids,
        pad_token_id=pad,
        **extra,
    )


# Sampling draws from torch's one global generator: two replies sampled at once would draw from each other's
# sequence, so the same seed would not give the same text. One sampled reply at a time in this process.
_DRAWING = threading.Lock()


def stream_reply(
    model, tokenizer, text: str, decoding: Decoding, *, templated: bool = True, stop: threading.Event | None = None
) -> Iterator[Streamed]:
    """The model's continuation of `text`, yielded as it grows (TextIteratorStreamer); the last one says why it
    ended. Seeded: the same text, decoding and seed give the same reply. Setting `stop` ends it at the next token."""
    from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

    class Stopped(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs) -> torch.BoolTensor:
            return torch.full((input_ids.shape[0],), stop is not None and stop.is_set(), dtype=torch.bool)

    generation = explicit_generation(
        model,
        tokenizer,
        max_new_tokens=decoding.max_new_tokens,
        temperature=decoding.temperature,
        top_p=decoding.top_p,
        top_k=decoding.top_k,
        repetition_penalty=decoding.repetition_penalty,
    )
    device = next(model.parameters()).device
    # A chat template already wrote any BOS the model wants; adding special tokens again would double it.
    batch = tokenizer([text], return_tensors="pt", add_special_tokens=not templated).to(device)
    streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
    out: dict = {}

    def generate() -> None:
        try:
            with _DRAWING, torch.random.fork_rng(devices=[]), eval_mode(model), torch.no_grad():
                torch.manual_seed(decoding.seed)
                out["ids"] = model.generate(
                    **batch,
                    generation_config=generation,
                    streamer=streamer,
                    stopping_criteria=StoppingCriteriaList([Stopped()]),
                )
        except BaseException as exc:  # handed to the reader, who raises it where the caller can see
            out["error"] = exc
            streamer.end()

    worker = threading.Thread(target=generate, daemon=True)
    worker.start()
    reply = Streamed()
    for piece in streamer:
        reply.text += piece
        yield reply
    worker.join()
    if "error" in out:
        raise out["error"]
    new = out["ids"][0, batch["input_ids"].shape[1] :]
    reply.new_tokens = int(new.numel())
    finished = bool(new.numel()) and int(new[-1]) in generation.eos_token_id
    reply.text = reply.text.strip()
    reply.ended = (
        "stopped"
        if stop is not None and stop.is_set() and not finished
        else ("eos" if finished or reply.new_tokens < decoding.max_new_tokens else "length")
    )
    yield reply
