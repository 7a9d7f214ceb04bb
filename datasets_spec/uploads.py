"""What visitors put on the disk: uploaded files, kept once each, and what each owner keeps there (for quotas).

uploads/<workspace>/ holds uploaded files as <sha256 prefix>-<sanitised name>: the same bytes under the same name
are kept once, however often they are uploaded.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from core import settings
from core.settings import data_dir
from datasets_spec.store import check_name, datasets_dir, read_manifest
from datasets_spec.write import copy_file

UPLOAD_HASH_CHARS = 16  # 64 bits of sha256 name an upload: no two different files in one workspace will share it


def uploads_dir(workspace: str = "default") -> Path:
    return data_dir() / "uploads" / check_name(workspace)


def max_upload_bytes() -> int:
    return int(settings.read("max_upload_mb") * 1024 * 1024)


def safe_filename(name: str) -> str:
    """A file name with no folder part and nothing but word characters, '.', '-' (Korean letters are kept)."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "upload"
    return stem[:60] + re.sub(r"[^\w.]+", "", suffix)[:10]


def save_upload(source: str | Path, original_name: str, workspace: str = "default") -> Path:
    """Keep an uploaded file in the workspace's uploads folder, within the cap, once: the stored name starts with a
    hash of the bytes, so the same file sent again (every Check and Store click sends it) is the file already there.

    A disk that refuses the copy is a StorageFull or StorageError of one sentence, and no `.part` is left behind."""
    source = Path(source)
    size = source.stat().st_size
    cap = max_upload_bytes()
    if size > cap:
        raise ValueError(
            f"{original_name}: {size / 1e6:.1f} MB is over the upload limit of {cap / 1e6:.0f} MB "
            "(set STUDIO_MAX_UPLOAD_MB to raise it)"
        )
    name = safe_filename(original_name)
    with source.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    target = uploads_dir(workspace) / f"{digest[:UPLOAD_HASH_CHARS]}-{name}"
    if target.is_file():
        return target
    return copy_file(source, target, what=name)


def discard_upload(path: str | Path, workspace: str = "default") -> bool:
    """Remove one stored upload (after a store was refused, say), only if it lies directly in `workspace`'s uploads
    folder: a path from elsewhere is left alone. True if a file was removed."""
    path, folder = Path(path), uploads_dir(workspace)
    if os.path.realpath(path.parent) != os.path.realpath(folder) or not path.is_file():
        return False
    try:
        path.unlink()
    except FileNotFoundError:  # discarded meanwhile by the same session's other click
        return False
    return True


@dataclass(frozen=True)
class Usage:
    """What one owner keeps on the disk: the bytes of their uploads and stored datasets, and how many datasets."""

    bytes: int
    datasets: int


def owner_usage(owner: str) -> Usage:
    """The disk `owner` uses, for per-visitor quotas: uploads/<owner>/ plus every dataset whose manifest names them.
    A name that cannot be an owner (no session id yet) owns nothing."""
    try:
        check_name(owner)
    except ValueError:
        return Usage(0, 0)
    used, count = _bytes_under(uploads_dir(owner)), 0
    root = datasets_dir()
    if root.is_dir():
        with os.scandir(root) as entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
                    continue  # staging and deleted folders belong to nobody yet, or any more
                try:
                    manifest = read_manifest(Path(entry.path))
                except (OSError, ValueError):  # no manifest: not a stored dataset
                    continue
                if manifest.get("owner") == owner:
                    used, count = used + _bytes_under(Path(entry.path)), count + 1
    return Usage(used, count)


def _bytes_under(folder: Path) -> int:
    """The sizes of the files under one of the studio's own folders (links are not followed)."""
    total = 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    total += _bytes_under(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
    except FileNotFoundError:
        return total
    return total
