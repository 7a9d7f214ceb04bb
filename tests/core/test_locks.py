"""core.locks between two processes: the second waits its turn, or with wait=False fails at once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.locks import LockBusy, held

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys, time
from pathlib import Path
from core.locks import held
with held(sys.argv[1]):
    Path(sys.argv[2]).touch()
    time.sleep(float(sys.argv[3]))
"""


def _holder(lock: Path, seconds: float) -> subprocess.Popen:
    """Another process holding `lock` for `seconds`, returned once it holds it."""
    ready = lock.with_name("ready")
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock), str(ready), str(seconds)], cwd=ROOT)
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert child.poll() is None and time.monotonic() < deadline, "the holder never took the lock"
        time.sleep(0.02)
    return child


def test_a_second_process_waits_for_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / ".queue.lock"
    child = _holder(lock, 1.0)
    began = time.monotonic()
    with held(lock):
        waited = time.monotonic() - began
    child.wait()
    assert waited > 0.5, "the lock was taken while the other process still held it"
    assert lock.exists(), "the lock file stays: the same file for everyone, every time"


def test_without_waiting_a_held_lock_fails_fast(tmp_path: Path) -> None:
    lock = tmp_path / ".queue.lock"
    child = _holder(lock, 30.0)
    try:
        began = time.monotonic()
        with pytest.raises(LockBusy), held(lock, wait=False):
            pass
        assert time.monotonic() - began < 5
    finally:
        child.kill()
        child.wait()
    with held(lock, wait=False):  # a killed holder's lock is free
        pass
