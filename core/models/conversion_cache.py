"""A model folder converted once from a file inside an installed package, and rebuilt only when that file or the
converter changes. Built in a temporary folder beside the target and renamed into place, so a crash (or a second
process converting at the same time) never leaves half a model where the studio looks for one."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Conversion:
    folder_name: str  # the converted folder's name inside the cache
    stamp_file: str  # written last into it: a folder with a current stamp is complete
    version: int  # bumped when the output changes, so every cached copy is rebuilt
    convert: Callable[[Path, Path], None]  # (source file, fresh folder) -> writes the model into the folder
    source_file: Callable[[], Path]  # the installed package's file, when the caller names none

    def stamp(self, source: Path) -> dict:
        """What identifies a conversion: cheap to compute, so a warm cache answers at once."""
        stat = source.stat()
        with source.open("rb") as f:
            head = hashlib.sha256(f.read(1 << 20)).hexdigest()
        return {
            "converter_version": self.version,
            "source": str(source.resolve()),
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "sha256_first_mib": head,
        }

    def read_stamp(self, folder: Path) -> dict | None:
        try:
            return json.loads((folder / self.stamp_file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def converted(self, cache_dir: Path, source: Path | None = None) -> Path | None:
        """The cached folder when it is current, else None; never converts (for previews that must stay instant)."""
        target = Path(cache_dir) / self.folder_name
        return target if self.read_stamp(target) == self.stamp(Path(source or self.source_file())) else None

    def ensure(self, cache_dir: Path, source: Path | None = None) -> Path:
        """The current converted folder, converting first when there is none (rebuilt when the source or the
        converter changes)."""
        cache_dir, source = Path(cache_dir), Path(source or self.source_file())
        target = cache_dir / self.folder_name
        stamp = self.stamp(source)
        if self.read_stamp(target) == stamp:
            return target
        cache_dir.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{self.folder_name}-", dir=cache_dir))
        stale = Path(tempfile.mkdtemp(prefix=f".{self.folder_name}-stale-", dir=cache_dir))  # a rename may replace it
        try:
            self.convert(source, fresh)
            (fresh / self.stamp_file).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
            fresh.chmod(0o755)  # mkdtemp's 0700 would hide the model from other users of the cache
            with contextlib.suppress(FileNotFoundError):
                target.rename(stale)
            try:
                fresh.rename(target)
            except OSError:  # another process renamed its own fresh copy in first
                if self.read_stamp(target) != stamp:
                    raise
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
            shutil.rmtree(stale, ignore_errors=True)
        return target
