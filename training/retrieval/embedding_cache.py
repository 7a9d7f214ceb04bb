"""Corpus embeddings computed once per (model, corpus) and kept on disk: encoding 84.5k statute articles costs
about 40 minutes on a CPU, a search of them a few milliseconds.

Layout: `$STUDIO_DATA_DIR/cache/embeddings/<key>.npy` (float32, L2-normalised rows in corpus order) and
`<key>.rows` (a 16-byte hash of each row's text) and `<key>.json` (what made it), each written to a temporary file
and renamed, the .json last: a .json beside its .npy means the entry is complete. The key hashes the model's files
(sizes, mtimes, the adapter's bytes), its base model, max_seq_length, the corpus ids and texts and the passage
prompt, so a retrained run or an edited corpus gets a new key; the entry it replaces (same model, same corpus name)
is deleted when the new one is written. A corpus that gained or changed a few passages encodes only those: rows
whose text an entry of the same model already holds are copied from it (the .json's `model_key`).
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

CACHE_VERSION = 2  # bumped when what is stored changes, so old entries are never read as new ones
HASHED_FILES = ("adapter_model.safetensors", "adapter_model.bin")  # small, and a copy may keep the mtime
Progress = Callable[[int, int], None]  # (passages encoded, passages to encode)
DIGEST = 16  # bytes of each text's hash in <key>.rows


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


def text_digests(texts: Sequence[str]) -> list[bytes]:
    return [hashlib.blake2b(t.encode("utf-8"), digest_size=DIGEST).digest() for t in texts]


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

    def rows_of(self, model_key: str) -> dict[bytes, np.ndarray]:
        """Every row that the entries made by this model hold, by its text's digest: what a changed corpus reuses."""
        found: dict[bytes, np.ndarray] = {}
        for meta_path in self.root.glob("*.json"):
            if (self.meta(meta_path.stem) or {}).get("model_key") != model_key:
                continue
            embeddings = self.load(meta_path.stem)
            try:
                raw = (self.root / f"{meta_path.stem}.rows").read_bytes()
            except OSError:
                continue
            if embeddings is None or len(raw) != len(embeddings) * DIGEST:
                continue
            for i, row in enumerate(embeddings):
                found.setdefault(raw[i * DIGEST : (i + 1) * DIGEST], row)
        return found

    def save(self, key: str, embeddings: np.ndarray, meta: dict, rows: Sequence[bytes] = ()) -> None:
        """Store an entry; `rows` are text_digests() of its rows (without them, no later corpus reuses its rows)."""
        self.root.mkdir(parents=True, exist_ok=True)
        count, dim = embeddings.shape
        self._write(f"{key}.npy", lambda f: np.save(f, np.ascontiguousarray(embeddings, dtype=np.float32)))
        if rows:
            self._write(f"{key}.rows", lambda f: f.write(b"".join(rows)))
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
                self._delete(path.stem)

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
                self._delete(key)
                total -= size

    def _delete(self, key: str) -> None:
        for suffix in (".json", ".npy", ".rows"):  # the .json first: a lone .npy is never read
            (self.root / f"{key}{suffix}").unlink(missing_ok=True)


def encode_corpus(
    model, texts: Sequence[str], prompt: str, *, batch_size: int = 32, progress: Progress | None = None
) -> np.ndarray:
    """Normalised float32 embeddings, one batch per call so the progress moves after each batch (137 statutes at
    512 tokens are 5 batches of about 15 s on two cores); longest first, as sentence-transformers sorts, so a batch
    pads little."""
    if not texts:
        raise ValueError("the corpus has no passages to encode")
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    out: np.ndarray | None = None
    if progress:
        progress(0, len(texts))
    for start in range(0, len(texts), batch_size):
        picked = order[start : start + batch_size]
        part = model.encode_document(
            [texts[i] for i in picked],
            prompt=prompt,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        if out is None:
            out = np.empty((len(texts), part.shape[1]), dtype=np.float32)
        out[picked] = part
        if progress:
            progress(min(start + batch_size, len(texts)), len(texts))
    return out


def corpus_embeddings(
    model,
    fingerprint: dict,
    documents: dict[str, str],
    *,
    cache: EmbeddingCache | None = None,
    slot: str | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
) -> np.ndarray:
    """The model's embeddings of the documents (in their order), encoding only texts no entry of this model holds.

    `fingerprint` is model_fingerprint() of what `model` was loaded from; the loaded model adds its effective
    max_seq_length and passage prompt. `slot` names the (model, corpus) pair whose older entries this replaces.
    `progress` counts the passages that are encoded, not those found.
    """
    cache = cache or EmbeddingCache()
    prompt = prompts_of(model).passage
    ids, texts = list(documents), list(documents.values())
    model_part = {**fingerprint, "effective_max_seq_length": getattr(model, "max_seq_length", None)}
    key = cache_key(model_part, corpus_fingerprint(ids, texts, prompt))
    found = cache.load(key)
    if found is not None:
        return found
    model_key = cache_key(model_part, corpus_fingerprint([], [], prompt))  # what one text's embedding depends on
    digests = text_digests(texts)
    known = cache.rows_of(model_key)
    missing = list(dict.fromkeys(d for d in digests if d not in known))  # each new text once
    if missing:
        text_of = dict(zip(digests, texts, strict=True))
        encoded = encode_corpus(model, [text_of[d] for d in missing], prompt, batch_size=batch_size, progress=progress)
        known.update(zip(missing, encoded, strict=True))
    embeddings = np.stack([known[d] for d in digests]).astype(np.float32, copy=False)
    slot_hash = hashlib.sha256(slot.encode("utf-8")).hexdigest()[:16] if slot else None
    meta = {"slot": slot_hash, "described": slot, "prompt": prompt, "model": model_part, "model_key": model_key}
    cache.save(key, embeddings, meta, rows=digests)
    return embeddings
