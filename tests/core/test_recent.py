"""core.recent.Recent: the least recently used value goes first, a key is made once however many ask at once, and
a slow value never holds up another key."""

from __future__ import annotations

import threading
import time

import pytest

from core.recent import Recent


def test_the_least_recently_used_value_goes_first() -> None:
    recent = Recent(2)
    made: list[str] = []

    def maker(key: str):
        return lambda: made.append(key) or key.upper()

    assert recent.get("a", maker("a")) == "A" and recent.get("b", maker("b")) == "B"
    assert recent.get("a", maker("a")) == "A"  # a is now the most recent
    recent.get("c", maker("c"))  # b goes
    assert len(recent) == 2
    recent.get("a", maker("a"))
    recent.get("b", maker("b"))
    assert made == ["a", "b", "c", "b"]


def test_a_key_asked_at_once_is_made_once() -> None:
    recent, made = Recent(), []

    def slow() -> object:
        made.append(1)
        time.sleep(0.3)
        return object()

    values: list[object] = []
    threads = [threading.Thread(target=lambda: values.append(recent.get("model", slow))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == [1] and len(values) == 4 and all(v is values[0] for v in values)


def test_a_slow_value_does_not_hold_up_another_key() -> None:
    recent, started, release = Recent(), threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(10)
        return "slow"

    thread = threading.Thread(target=recent.get, args=("slow", slow))
    thread.start()
    try:
        assert started.wait(10)
        began = time.monotonic()
        assert recent.get("fast", lambda: "fast") == "fast"
        assert time.monotonic() - began < 1
    finally:
        release.set()
        thread.join()
    assert recent.get("slow", lambda: "again") == "slow"


def test_a_failed_make_is_tried_again_by_the_next_asker() -> None:
    recent = Recent()

    def broken() -> str:
        raise OSError("disk")

    with pytest.raises(OSError):
        recent.get("k", broken)
    assert recent.get("k", lambda: "ok") == "ok"


def test_a_failed_make_leaves_nothing_behind_and_the_next_asker_makes_it() -> None:
    cache = Recent(2)

    def broken() -> int:
        raise OSError("the model folder vanished")

    with pytest.raises(OSError):
        cache.get("run", broken)
    assert len(cache) == 0 and cache._making == {}
    assert cache.get("run", lambda: 7) == 7
