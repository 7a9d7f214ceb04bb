"""Corpus embeddings computed once per (model, corpus) and kept on disk: encoding 84.5k statute articles costs
about 40 minutes on a CPU, a search of them a few milliseconds.

Layout: `$STUDIO_DATA_DIR/cache/embeddings/<key>.npy` (float32, L2-normalised rows in corpus order) and
`<key>.json` (what made it), each written to a temporary file and renamed, the .json last: a .json beside its
.npy means the pair is complete. The key hashes the model's files (sizes, mtimes, the adapter's bytes), its base
model, max_seq_length, the corpus ids and texts and the passage prompt, so a retrained run or an edited corpus
gets a new key; the entry it replaces (same model, same corpus name) is deleted when the new one is written.
The folder is kept under STUDIO_EMBEDDING_CACHE_GB: after a write, the least recently used entries go (a read
touches its .json), never the one just written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from core import atomic
from core.models.load import is_run_dir, prompts_of, resolve_model_path
from core.settings import data_dir
from core.settings import read as read_setting
from training.config.studio import load_yaml

CACHE_VERSION = 1  # bumped when what is stored changes, so old entries are never read as new ones
HASHED_FILES = ("adapter_model.safetensors", "adapter_model.bin")  # small, and a copy may keep the mtime
Progress = Callable[[int, int], None]  # (passages encoded, passages in all)


def cache_dir() -> Path:
    return data_dir() / "cache" / "embeddings"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_fingerprint(folder: Path) -> list[list]:
    """Each file's relative path, size and mtime (and the adapter's hash): cheap, and changes with any rewrite."""
    rows: list[list] = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        stat = path.stat()
        row: list = [rel.as_posix(), stat.st_size, stat.st_mtime_ns]
        if path.name in HASHED_FILES:
            row.append(_sha256(path))
        rows.append(row)
    return rows


def _source_fingerprint(name_or_path: str) -> dict:
    """A Hub id or local path: its folder's files when it is (or resolves to) a folder, else the cached revision."""
    folder = Path(resolve_model_path(name_or_path))
    if folder.is_dir():
        return {"name": name_or_path, "files": folder_fingerprint(folder)}
    if folder.is_absolute() or name_or_path.startswith((".", "~")):
        raise FileNotFoundError(f"model {name_or_path!r}: no such folder")
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(name_or_path, "config.json")
    # snapshots/<commit>/config.json; None until the model is first downloaded (the next use then re-encodes once)
    return {"name": name_or_path, "revision": Path(found).parent.name if isinstance(found, str) else None}


def model_fingerprint(name_or_path: str, max_seq_length: int | None = None) -> dict:
    """What a model's embeddings depend on, read without loading it; a run counts its model folder and base."""
    if is_run_dir(name_or_path):
        run = Path(name_or_path)
        config = load_yaml(run / "config.yaml")
        model_dir = run / "model"
        if not model_dir.is_dir():
            raise FileNotFoundError(f"run {run} has no trained model yet (no {model_dir}); wait for it to finish")
        return {
            "run_model": folder_fingerprint(model_dir),
            "base": _source_fingerprint(config.model.name_or_path),
            "max_seq_length": max_seq_length or config.model.max_seq_length,
        }
    return {"model": _source_fingerprint(name_or_path), "max_seq_length": max_seq_length}


def corpus_fingerprint(ids: Sequence[str], texts: Sequence[str], prompt: str) -> str:
    """Every id and text, length-prefixed so no two corpora hash alike by moving a boundary."""
    digest = hashlib.sha256()
    for value in (prompt, *ids, *texts):
        raw = value.encode("utf-8")
        digest.update(len(raw).to_bytes(8, "little"))
        digest.update(raw)
    return digest.hexdigest()


def cache_key(model: dict, corpus: str) -> str:
    blob = json.dumps({"version": CACHE_VERSION, "model": model, "corpus": corpus}, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


class EmbeddingCache:
    """A folder of <key>.npy + <key>.json pairs."""

    def __init__(self, root: str | Path | None = None, max_bytes: float | None = None) -> None:
        self.root = Path(root) if root else cache_dir()
        self.max_bytes = max_bytes if max_bytes is not None else read_setting("embedding_cache_gb") * 1e9

    def meta(self, key: str) -> dict | None:
        try:
            return json.loads((self.root / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def load(self, key: str) -> np.ndarray | None:
        """The stored embeddings, or None when missing, torn or not what the .json describes."""
        meta = self.meta(key)
        if meta is None:
            return None
        try:
            embeddings = np.load(self.root / f"{key}.npy")
        except (OSError, ValueError):
            return None
        if embeddings.shape != (meta.get("count"), meta.get("dim")):
            return None
        with contextlib.suppress(OSError):  # used now: the last to be evicted
            os.utime(self.root / f"{key}.json")
        return embeddings

    def save(self, key: str, embeddings: np.ndarray, meta: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        count, dim = embeddings.shape
        self._write(f"{key}.npy", lambda f: np.save(f, np.ascontiguousarray(embeddings, dtype=np.float32)))
        record = {**meta, "count": count, "dim": dim, "created": time.strftime("%Y-%m-%dT%H:%M:%S")}
        text = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
        self._write(f"{key}.json", lambda f: f.write(text))
        if meta.get("slot"):
            self._drop_replaced(key, meta["slot"])
        self._evict(keep=key)

    def _write(self, name: str, write: Callable) -> None:
        with atomic.replacing(self.root / name, binary=True, fsync=False) as f:  # a lost entry is encoded again
            write(f)

    def _drop_replaced(self, key: str, slot: str) -> None:
        """Entries of the same model and corpus name under another key are stale: the model or corpus changed."""
        for path in self.root.glob("*.json"):
            if path.stem != key and (self.meta(path.stem) or {}).get("slot") == slot:
                path.unlink(missing_ok=True)
                (self.root / f"{path.stem}.npy").unlink(missing_ok=True)

    def _evict(self, keep: str) -> None:
        """Least recently used entries out until the folder fits max_bytes; `keep` stays even when alone too big."""
        entries = []
        for meta_path in self.root.glob("*.json"):
            npy = meta_path.with_suffix(".npy")
            with contextlib.suppress(OSError):
                entries.append((meta_path.stat().st_mtime_ns, meta_path.stem, npy.stat().st_size))
        total = sum(size for *_, size in entries)
        for _, key, size in sorted(entries):
            if total <= self.max_bytes:
                break
            if key != keep:
                (self.root / f"{key}.json").unlink(missing_ok=True)  # the .json first: a lone .npy is never read
                (self.root / f"{key}.npy").unlink(missing_ok=True)
                total -= size


def encode_corpus(
    model, texts: Sequence[str], prompt: str, *, batch_size: int = 64, progress: Progress | None = None
) -> np.ndarray:
    """Normalised float32 embeddings, encoded in slices of 8 batches so a progress bar moves."""
    if not texts:
        raise ValueError("the corpus has no passages to encode")
    step = batch_size * 8
    parts = []
    if progress:
        progress(0, len(texts))
    for start in range(0, len(texts), step):
        parts.append(
            model.encode_document(
                list(texts[start : start + step]),
                prompt=prompt,
                batch_size=batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        )
        if progress:
            progress(min(start + step, len(texts)), len(texts))
    return np.concatenate(parts).astype(np.float32, copy=False)


def corpus_embeddings(
    model,
    fingerprint: dict,
    documents: dict[str, str],
    *,
    cache: EmbeddingCache | None = None,
    slot: str | None = None,
    batch_size: int = 64,
    progress: Progress | None = None,
) -> np.ndarray:
    """The model's embeddings of the documents (in their order), from the cache when it has them.

    `fingerprint` is model_fingerprint() of what `model` was loaded from; the loaded model adds its effective
    max_seq_length and passage prompt. `slot` names the (model, corpus) pair whose older entries this replaces.
    """
    cache = cache or EmbeddingCache()
    prompt = prompts_of(model).passage
    ids, texts = list(documents), list(documents.values())
    model_part = {**fingerprint, "effective_max_seq_length": getattr(model, "max_seq_length", None)}
    key = cache_key(model_part, corpus_fingerprint(ids, texts, prompt))
    found = cache.load(key)
    if found is not None:
        return found
    embeddings = encode_corpus(model, texts, prompt, batch_size=batch_size, progress=progress)
    slot_hash = hashlib.sha256(slot.encode("utf-8")).hexdigest()[:16] if slot else None
    cache.save(key, embeddings, {"slot": slot_hash, "described": slot, "prompt": prompt, "model": model_part})
    return embeddings
