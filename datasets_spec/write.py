"""Writing records in the file type a path names, always through a temporary file or folder and one rename."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from datasets_spec.jsonl import write_jsonl


def write_rows(path: str | Path, rows: list[dict]) -> int:
    """JSONL, a JSON array, CSV/TSV (lists as JSON text, UTF-8 with BOM so Excel reads Korean) or Parquet."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return write_jsonl(path, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    if suffix == ".json":
        tmp.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix in (".csv", ".tsv", ".parquet"):
        import pandas as pd

        frame = pd.DataFrame(rows)
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            cells = frame.map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
            cells.to_csv(tmp, index=False, sep="\t" if suffix == ".tsv" else ",", encoding="utf-8-sig")
    else:
        raise ValueError(f"{path}: unknown file type {suffix!r}; use .jsonl, .json, .csv, .tsv or .parquet")
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    tmp.replace(path)
    return len(rows)


@contextmanager
def atomic_folder(target: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """A staging folder beside `target`, renamed onto it only if the block succeeds: a failure leaves nothing
    half-written, and an existing folder is replaced only after the new one is complete."""
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists; pick another name")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        yield staging
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
