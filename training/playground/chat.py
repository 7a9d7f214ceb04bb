"""A conversation with a finished SFT run and with its base model: the turns so far rendered by the run's chat
template (a plain "role: text" transcript when its tokenizer has none), an optional system message, the reply
drawn under `Sampling` and streamed as it grows, then checked as JSON and against the run's schema.

Each model keeps its own history: the user turns are the same, the answers before them are each model's own, so
the base is asked what it would be asked had it answered the earlier turns itself.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from core.models.generation import render_chat, stream_reply
from training.playground.ask import Answer, ModelCache, check_answer
from training.playground.sampling import Sampling

ROLES = ("user", "assistant")


def check_history(history: list[dict]) -> list[dict[str, str]]:
    """The turns as {"role", "content"}, alternating from a user turn and ending on one (the turn to answer)."""
    turns = [{"role": t.get("role"), "content": t.get("content")} for t in history]
    if not turns:
        raise ValueError("history is empty: the chat needs a user turn to answer")
    for i, turn in enumerate(turns):
        if turn["role"] != ROLES[i % 2]:
            raise ValueError(f"turn {i + 1} is {turn['role']!r}: turns alternate user, assistant from a user turn")
        if not isinstance(turn["content"], str):
            raise ValueError(f"turn {i + 1}: its content must be text")
    if turns[-1]["role"] != "user":
        raise ValueError(f"turn {len(turns)} is the assistant's: the chat must end on a user turn to answer")
    if not turns[-1]["content"].strip():
        raise ValueError("prompt is empty: type what the user asks")
    return turns


def conversation(history: list[dict], system: str | None) -> list[dict[str, str]]:
    turns = [{"role": "system", "content": system}] if system else []
    return [*turns, *check_history(history)]


def reply_stream(
    run_dir: str | Path,
    history: list[dict],
    *,
    which: str = "tuned",
    system: str | None = None,
    sampling: Sampling | None = None,
    cache: ModelCache | None = None,
    stop: threading.Event | None = None,
) -> Iterator[Answer]:
    """An SFT run's reply (or its base model's) to the last user turn of `history`, as it grows; the last one is
    checked and says why it ended. `system` None asks with the system message the run's training chats open with,
    "" without one. `stop` set ends the reply at the next token."""
    sampling = sampling or Sampling()
    turns = check_history(history)
    loaded = (cache or ModelCache(1)).get(run_dir)
    facts = loaded.facts
    if facts.task != "sft":
        raise ValueError(f"run {facts.run_id} is a classification run: ask it for top labels instead")
    decoding = sampling.decoding(facts.max_new_tokens)
    text, templated = render_chat(loaded.tokenizer, conversation(turns, facts.system if system is None else system))
    with loaded.use(which) as model:
        start = time.perf_counter()
        for grown in stream_reply(model, loaded.tokenizer, text, decoding, templated=templated, stop=stop):
            seconds = time.perf_counter() - start
            if grown.ended is None:
                yield Answer(which, grown.text, None, seconds, None, templated)
            else:
                yield Answer(
                    which, grown.text, check_answer(grown.text, facts.schema), seconds, grown.ended, templated
                )


def reply(run_dir: str | Path, history: list[dict], **options) -> Answer:
    """The finished reply of `reply_stream`."""
    *_, last = reply_stream(run_dir, history, **options)
    return last


def answer(
    run_dir: str | Path,
    prompt: str,
    *,
    which: str = "tuned",
    max_new_tokens: int | None = None,
    system: str | None = None,
    sampling: Sampling | None = None,
    cache: ModelCache | None = None,
) -> Answer:
    """One user prompt asked with no earlier turns; `max_new_tokens` replaces the sampling's."""
    if max_new_tokens is not None and max_new_tokens < 1:
        raise ValueError(f"max_new_tokens = {max_new_tokens}: at least 1")
    sampling = sampling or Sampling()
    if max_new_tokens:
        sampling = dataclasses.replace(sampling, max_new_tokens=max_new_tokens)
    turn = [{"role": "user", "content": prompt.strip()}]
    return reply(run_dir, turn, which=which, system=system, sampling=sampling, cache=cache)


def undo(history: list[dict]) -> tuple[list[dict], str]:
    """The history before its last user turn, and that turn's text (to edit and send again)."""
    users = [i for i, turn in enumerate(history) if turn.get("role") == "user"]
    if not users:
        return list(history), ""
    return list(history[: users[-1]]), str(history[users[-1]].get("content") or "")


def without_answer(history: list[dict]) -> list[dict]:
    """The history up to and with its last user turn: what Retry asks again."""
    users = [i for i, turn in enumerate(history) if turn.get("role") == "user"]
    return list(history[: users[-1] + 1]) if users else []


class StopSignals:
    """One stop flag per asker (a page session), fresh for each reply: Stop on one page ends only its own reply."""

    def __init__(self) -> None:
        self._flags: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def fresh(self, key: str) -> threading.Event:
        with self._lock:
            self._flags[key] = threading.Event()
            return self._flags[key]

    def stop(self, key: str) -> bool:
        """Set the asker's flag; False when nothing of theirs is being generated."""
        with self._lock:
            flag = self._flags.pop(key, None)
        if flag is None:
            return False
        flag.set()
        return True

    def done(self, key: str, flag: threading.Event) -> None:
        with self._lock:
            if self._flags.get(key) is flag:
                del self._flags[key]
