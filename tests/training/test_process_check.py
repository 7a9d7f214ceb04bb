"""Whether a run's process lives, through psutil: a live pid, a dead one, a zombie, and a pid reused by another
process (same pid, another start time)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from training.lifecycle import runs


def test_a_live_process_is_alive_with_its_own_start_time() -> None:
    started = runs.process_start(os.getpid())
    assert isinstance(started, float)
    assert runs._alive(os.getpid(), started)
    assert runs._alive(os.getpid(), None), "no start time recorded: the pid alone decides"


def test_a_dead_pid_is_not_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    started = runs.process_start(child.pid)
    child.wait()
    assert runs.process_start(child.pid) is None
    assert not runs._alive(child.pid, started)
    assert not runs._alive(None, None) and not runs._alive(0, None)


def test_a_reused_pid_is_not_the_run() -> None:
    started = runs.process_start(os.getpid())
    assert not runs._alive(os.getpid(), started - 1.0), "another start time: the pid belongs to another process now"


def test_a_zombie_is_not_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    started = runs.process_start(child.pid)
    try:
        deadline = time.monotonic() + 10
        while runs._alive(child.pid, started) and time.monotonic() < deadline:  # exited but not reaped yet
            time.sleep(0.02)
        assert not runs._alive(child.pid, started)
    finally:
        child.wait()


def test_a_start_time_from_proc_stat_leaves_the_pid_to_decide() -> None:
    """status.json written by a studio that read /proc holds the kernel's clock ticks, as text."""
    assert runs._alive(os.getpid(), "123456")
