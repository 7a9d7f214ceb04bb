"""Writing records in the file type a path names, always through a temporary file or folder and one rename.

A disk that refuses a write (full, over quota, read-only) becomes a StorageError of one sentence, after whatever was
half-written is removed: the person sees why nothing was stored, and the disk holds no leftovers.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from shutil import copyfileobj

from core import atomic
from datasets_spec.jsonl import write_jsonl

# errno → (reason, the words after "nothing was stored because"); `reason` lets a page say it in its own language.
REFUSALS = {
    errno.ENOSPC: ("full", "the disk is full"),
    errno.EDQUOT: ("full", "the disk quota is used up"),
    errno.EROFS: ("read_only", "the disk is read-only"),
    errno.EACCES: ("read_only", "the folder is read-only for the studio"),
    errno.EPERM: ("read_only", "the folder is read-only for the studio"),
}
COPY_CHUNK = 1024 * 1024  # bytes per read while copying: few system calls, little memory


class StorageError(OSError, ValueError):
    """The disk refused a write and nothing was stored. An OSError for what it is, and a ValueError because that is
    what the Data tab and the CLI already show as a message (io.UnsupportedOperation is both for the same reason)."""

    def __init__(self, what: str, code: int) -> None:
        self.reason, words = REFUSALS[code]
        super().__init__(f"{what}: nothing was stored because {words}")
        self.errno = code
        self.what = what


class StorageFull(StorageError):
    """No space left on the disk, or the quota there is used up."""


@contextmanager
def disk_refusals(what: str) -> Iterator[None]:
    """Raise a disk's refusal inside the block as StorageFull or StorageError about `what`; other errors pass."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, StorageError) or exc.errno not in REFUSALS:
            raise
        kind = StorageFull if REFUSALS[exc.errno][0] == "full" else StorageError
        raise kind(what, exc.errno) from exc


def write_rows(path: str | Path, rows: list[dict]) -> int:
    """JSONL, a JSON array, CSV/TSV (lists as JSON text, UTF-8 with BOM so Excel reads Korean) or Parquet."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return write_jsonl(path, rows)
    if suffix not in (".json", ".csv", ".tsv", ".parquet"):
        raise ValueError(f"{path}: unknown file type {suffix!r}; use .jsonl, .json, .csv, .tsv or .parquet")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".json":
        atomic.write_json(path, rows, indent=1)
        return len(rows)
    import pandas as pd

    frame = pd.DataFrame(rows)
    with atomic.staged(path) as tmp:
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            cells = frame.map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
            cells.to_csv(tmp, index=False, sep="\t" if suffix == ".tsv" else ",", encoding="utf-8-sig")
    return len(rows)


@contextmanager
def atomic_folder(target: Path, *, overwrite: bool = False, what: str | None = None) -> Iterator[Path]:
    """core.atomic's folder, with a disk that refuses a write, in the block or there, as a StorageError about `what`
    (the folder's name unless given)."""
    with disk_refusals(what or target.name), atomic.folder(target, overwrite=overwrite) as staging:
        yield staging


def copy_file(source: Path, target: Path, *, what: str) -> Path:
    """`source` to `target` through a `.part` file beside it and one rename. Any failure, a full disk included,
    removes the `.part`; a disk's refusal is a StorageError about `what`. Errors reading `source` pass unchanged:
    they are not the disk's."""
    with open(source, "rb") as reader, disk_refusals(what):
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic.replacing(target, binary=True, mode=0o600) as writer:  # an upload stays its uploader's
            copyfileobj(reader, writer, COPY_CHUNK)
    return target
