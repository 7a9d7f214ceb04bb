"""Locks between processes on one data directory (the UI, a finishing run and the CLI may all act at once).

filelock instead of `fcntl.flock`: the same kernel lock on Linux and macOS, a real one on Windows. The lock file
stays after release, so it is the same file for everyone, every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LockBusy = Timeout  # raised by `held(..., wait=False)` when another process holds the lock


@contextmanager
def held(path: str | Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the exclusive lock named by the file `path` (made if missing) for the block. By default the caller
    waits its turn; `wait=False` raises LockBusy at once instead. Two threads of one process exclude each other
    too: each call opens the file anew."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path, timeout=-1 if wait else 0, preserve_lock_file=True):
        yield
