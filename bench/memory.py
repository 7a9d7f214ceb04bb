"""Memory readings for benchmarks: a step's own peak RSS, measured from a released heap."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import resource
from pathlib import Path


def release_memory() -> None:
    """Collect and hand freed heap back to the OS (glibc), so each step starts from the same RSS and pays for the
    pages it touches, instead of reusing the previous step's."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: RSS just stays higher
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def reset_peak() -> bool:
    """Reset the kernel's RSS high-water mark (Linux >= 4.0), so ru_maxrss is this step's peak, not the process's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rss_mib() -> float:
    """Resident memory now (Linux), the baseline a step's peak is read against."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return float("nan")
