"""Asking a causal LM for a variant: the prompt in the source's language, batched generation, the answer's line.

A Korean source is asked in Korean: an instruction in English invites an English answer, which the language filter
would then drop. Models with a chat template get the prompt as a user turn; others continue a cue ("Question:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.models.load import resolve_model_path
from datasets_spec.augment.llm.filters import hangul_share
from datasets_spec.mining.ranked import Progress

KOREAN_FROM = 0.5  # a source text with at least half its words Korean is asked about in Korean
PROMPTS = {
    ("paraphrase", "en"): "Rewrite this search query in other words, keeping its meaning. Reply with the rewritten "
    "query only.\n\nQuery: {text}",
    ("paraphrase", "ko"): "다음 검색 질의를 같은 뜻의 다른 말로 바꿔 쓰세요. 바꾼 질의 하나만 답하세요.\n\n"
    "질의: {text}",
    ("question", "en"): "Write one question that this passage answers. Reply with the question only.\n\n"
    "Passage: {text}",
    ("question", "ko"): "다음 글이 답하는 질문 하나를 쓰세요. 질문만 답하세요.\n\n글: {text}",
}
CUES = {"paraphrase": {"en": "Rewritten query:", "ko": "바꾼 질의:"}, "question": {"en": "Question:", "ko": "질문:"}}
# What small models put before the answer: "1.", "- ", "Question:", "질문:" ...
_LABEL = re.compile(
    r"^(?:[-*•]\s*|\d+[.)]\s*"
    r"|(?:rewritten query|paraphrase|question|query|answer|바꾼 질의|질의|질문|답)\s*[:：]\s*)+",
    re.IGNORECASE,
)
_QUOTES = "\"'“”‘’「」『』`"


@dataclass(frozen=True)
class Sampling:
    """How the model writes: `temperature` 0 is greedy, one output per prompt."""

    per_prompt: int
    temperature: float
    top_p: float
    max_new_tokens: int
    batch_size: int
    seed: int


def instruction_sentences(kind: str) -> tuple[str, ...]:
    """The sentences of the instruction in both languages ("질문만 답하세요"), for the duplicate filter."""
    heads = [PROMPTS[kind, language].split("\n\n")[0] for language in ("en", "ko")]
    return tuple(part.strip() for head in heads for part in head.split(".") if part.strip())


def prompt_language(text: str) -> str:
    return "ko" if hangul_share(text) >= KOREAN_FROM else "en"


def clean(output: str) -> str:
    """The first non-empty line without list marks, "Question:"-style labels or surrounding quotes."""
    line = next((part.strip() for part in output.splitlines() if part.strip()), "")
    line = line.replace("\ufffd", "")  # half a character: byte-level tokens cut by max_new_tokens
    return _LABEL.sub("", line).strip().strip(_QUOTES).strip()


def cut_off(output: str, finished: bool) -> bool:
    """The kept line is unfinished: the model hit max_new_tokens while still on it (a later line cut is harmless)."""
    return not finished and "\n" not in output.strip()


def render(tokenizer, kind: str, language: str, text: str) -> tuple[str, bool]:
    """The prompt as the model reads it, and whether the tokenizer should still add its special tokens (not when
    the chat template has written them: a second BOS would be read as text)."""
    prompt = PROMPTS[kind, language].format(text=text)
    if getattr(tokenizer, "chat_template", None):
        chat = [{"role": "user", "content": prompt}]
        return tokenizer.apply_chat_template(chat, add_generation_prompt=True, tokenize=False), False
    return f"{prompt}\n\n{CUES[kind][language]}", True


def load_lm(name: str):
    """Causal LM and tokenizer from a Hub id or folder (the studio's offline SmolLM2 is converted on first use)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = resolve_model_path(name)
    try:
        return AutoModelForCausalLM.from_pretrained(path), AutoTokenizer.from_pretrained(path)
    except (OSError, ValueError) as exc:  # offline and not cached, not a folder, or not a causal LM
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValueError(f"model = {name!r}: cannot load it as a causal LM here: {first}") from exc


def write(
    model, tokenizer, prompts: list[tuple[str, bool]], sampling: Sampling, progress: Progress
) -> list[tuple[str, bool]]:
    """`per_prompt` outputs per prompt, in prompt order, each with whether the model ended it (else max_new_tokens
    did). Batches are left-padded so every prompt ends where generation starts; the sampling is seeded once, so the
    same prompts, batches and seed give the same texts."""
    import torch

    from core.models.generation import (  # deferred: start-up time (torch)
        eval_mode,
        explicit_generation,
        left_padded,
        stop_ids,
    )

    ids = stop_ids(model, tokenizer)
    if tokenizer.pad_token is None and tokenizer.eos_token is not None:
        tokenizer.pad_token = tokenizer.eos_token  # GPT-2-style tokenizers have none; left padding is masked anyway
    generation = explicit_generation(
        model,
        tokenizer,
        max_new_tokens=sampling.max_new_tokens,
        temperature=sampling.temperature,
        top_p=sampling.top_p,
        num_return_sequences=sampling.per_prompt,
    )
    torch.manual_seed(sampling.seed)
    device = next(model.parameters()).device
    ends = torch.tensor(ids)
    outputs: list[tuple[str, bool]] = []
    with eval_mode(model), left_padded(tokenizer), torch.no_grad():
        for start in range(0, len(prompts), sampling.batch_size):
            chunk = prompts[start : start + sampling.batch_size]
            batch = tokenizer(
                [text for text, _ in chunk], return_tensors="pt", padding=True, add_special_tokens=chunk[0][1]
            ).to(device)
            made = model.generate(**batch, generation_config=generation)[:, batch["input_ids"].shape[1] :]
            texts = tokenizer.batch_decode(made, skip_special_tokens=True)
            outputs += zip(texts, torch.isin(made, ends).any(dim=1).tolist(), strict=True)
            progress(min(start + sampling.batch_size, len(prompts)), len(prompts), "writing variants")
    return outputs
