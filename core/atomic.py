"""Files and folders written whole or not at all: a temporary beside the target, then one rename.

A reader (the UI polling status.json, a second process loading a dataset) sees the old file or the new one, never
half of one. The temporary is `.<name>.<random>.part` in the target's folder: hidden from listings, unique per
writer (two processes writing one status.json never share it), and removed when the write fails. With `fsync`
(the default) the bytes reach the disk before the rename, so a power cut leaves the old file or the new one too.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any


def _temporary(path: Path, mode: int) -> tuple[int, Path]:
    """A new, empty temporary beside `path`, opened for writing; `mode` before the umask, as `open` would."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), tmp
        except FileExistsError:
            continue


@contextmanager
def staged(path: str | Path, *, fsync: bool = True, mode: int = 0o666) -> Iterator[Path]:
    """A temporary path for a writer that wants a file name (pandas, numpy); it replaces `path` if the block
    succeeds and is removed if it fails."""
    path = Path(path)
    fd, tmp = _temporary(path, mode)
    os.close(fd)
    try:
        yield tmp
        if fsync:
            with tmp.open("rb") as handle:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()


@contextmanager
def replacing(
    path: str | Path, binary: bool = False, *, fsync: bool = True, mode: int = 0o666, encoding: str = "utf-8"
) -> Iterator[IO[Any]]:
    """An open temporary to write `path`'s new contents into; it replaces `path` if the block succeeds."""
    path = Path(path)
    fd, tmp = _temporary(path, mode)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding) as handle:
            yield handle
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())  # a full disk may only say so now, on a network or delayed-allocation disk
        os.replace(tmp, path)
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()


def write_bytes(path: str | Path, data: bytes, *, fsync: bool = True, mode: int = 0o666) -> None:
    with replacing(path, binary=True, fsync=fsync, mode=mode) as handle:
        handle.write(data)


def write_text(path: str | Path, text: str, *, fsync: bool = True) -> None:
    with replacing(path, fsync=fsync) as handle:
        handle.write(text)


def write_json(path: str | Path, obj: Any, *, indent: int | None = 2, fsync: bool = True) -> None:
    """JSON as the studio writes it everywhere: UTF-8, Korean kept as it is."""
    write_text(path, json.dumps(obj, ensure_ascii=False, indent=indent), fsync=fsync)


def fsync_dir(folder: str | Path) -> None:
    """Make the renames inside `folder` survive a power cut too (POSIX; a folder cannot be opened on Windows)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def folder(target: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """A staging folder beside `target`, renamed onto it only if the block succeeds: a failure leaves nothing
    half-written, and an existing folder is replaced only after the new one is complete."""
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists; pick another name")
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        yield staging
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
