"""The corpus embedding cache: a hit encodes nothing; a changed corpus text encodes only that text, a changed model
file or adapter byte re-encodes all, each replacing the stale entry; a torn file is never read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from core.models.load import load_embedding_model
from datasets_spec import store
from datasets_spec.canonical import document
from tests.training.search_runs import adapter_run
from training.retrieval.embedding_cache import EmbeddingCache, corpus_embeddings, model_fingerprint


@pytest.fixture
def documents(data_dir: Path) -> dict[str, str]:
    corpus = store.load(store.SAMPLE_NAME).corpus
    return {pid: document(p) for pid, p in list(corpus.items())[:24]}


def counting(model) -> list[int]:
    """Count the passages the real model encodes, by wrapping its own method on this instance."""
    encoded: list[int] = []
    real = model.encode_document

    def encode_document(texts, **kwargs):
        encoded.append(len(texts))
        return real(texts, **kwargs)

    model.encode_document = encode_document
    return encoded


def embed(folder: Path, documents: dict[str, str], cache: EmbeddingCache, progress=None, batch_size: int = 32):
    model = load_embedding_model(str(folder))
    encoded = counting(model)
    fingerprint = model_fingerprint(str(folder))
    found = corpus_embeddings(
        model,
        fingerprint,
        documents,
        cache=cache,
        slot=f"{folder} on sample",
        progress=progress,
        batch_size=batch_size,
    )
    return found, sum(encoded), model


def test_a_hit_encodes_nothing_and_a_change_replaces_the_entry(
    tiny_model: Path, documents: dict[str, str], tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(tiny_model, tmp_path / "model"))
    cache = EmbeddingCache(tmp_path / "cache")
    seen: list[tuple[int, int]] = []
    first, encoded, model = embed(folder, documents, cache, progress=lambda d, t: seen.append((d, t)), batch_size=8)
    assert encoded == len(documents) and seen[0] == (0, 24) and seen[-1] == (24, 24)
    assert [d for d, _ in seen] == [0, 8, 16, 24], "the progress moves after each batch"
    assert first.dtype == np.float32 and first.shape == (24, 32)
    expected = model.encode(list(documents.values()), normalize_embeddings=True)
    np.testing.assert_allclose(first, expected, atol=1e-5)

    again, encoded, _ = embed(folder, documents, cache)
    assert encoded == 0 and np.array_equal(again, first)
    assert len(list(cache.root.glob("*.npy"))) == 1

    edited = dict(documents)
    edited[next(iter(edited))] += " 개정"
    seen.clear()
    changed, encoded, _ = embed(folder, edited, cache, progress=lambda d, t: seen.append((d, t)))
    assert encoded == 1 and seen[-1] == (1, 1), "an edited passage is the only one encoded"
    np.testing.assert_allclose(changed[1:], first[1:])
    np.testing.assert_allclose(
        changed[0], model.encode(edited[next(iter(edited))], normalize_embeddings=True), atol=1e-5
    )
    assert len(list(cache.root.glob("*.npy"))) == 1, "the entry of the old corpus text is gone"
    assert not list(cache.root.glob("*.rows"))[1:], "its row hashes too"

    config = folder / "config.json"
    os.utime(config, ns=(config.stat().st_atime_ns, config.stat().st_mtime_ns + 10**9))
    _, encoded, _ = embed(folder, edited, cache)
    assert encoded == len(documents), "a rewritten model file re-encodes"
    _, encoded, _ = embed(folder, edited, cache)
    assert encoded == 0


def test_a_torn_entry_is_encoded_again(tiny_model: Path, documents: dict[str, str], tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache")
    embed(tiny_model, documents, cache)
    (npy,) = cache.root.glob("*.npy")
    npy.write_bytes(npy.read_bytes()[:200])  # a crash mid-write of an older version, a full disk
    found, encoded, _ = embed(tiny_model, documents, cache)
    assert encoded == len(documents) and found.shape == (24, 32)
    assert not list(cache.root.glob(".*.part")), "no temporary file is left behind"


@pytest.mark.slow
def test_a_run_is_fingerprinted_by_its_adapter_bytes_and_base(tiny_model: Path, tmp_path: Path) -> None:
    run_dir = adapter_run(tiny_model, tmp_path / "runs")
    before = model_fingerprint(str(run_dir))
    assert before["max_seq_length"] == 32 and before["base"]["name"] == str(tiny_model)
    assert model_fingerprint(str(run_dir), 64)["max_seq_length"] == 64
    adapter = run_dir / "model" / "adapter_model.safetensors"
    stat = adapter.stat()
    raw = bytearray(adapter.read_bytes())
    raw[-1] ^= 1  # same size, same mtime below: only the hash tells
    adapter.write_bytes(bytes(raw))
    os.utime(adapter, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert model_fingerprint(str(run_dir)) != before
    shutil.rmtree(run_dir / "model")
    with pytest.raises(FileNotFoundError, match="no trained model yet"):
        model_fingerprint(str(run_dir))


def test_the_least_recently_used_entries_go_when_the_cache_outgrows_its_cap(tmp_path: Path) -> None:
    rows = np.ones((100, 32), dtype=np.float32)  # 12.8 kB each on disk, plus the .npy header
    cache = EmbeddingCache(tmp_path / "cache", max_bytes=30_000)  # room for two
    for n, key in enumerate(("a", "b")):
        cache.save(key, rows * n, {"slot": None})
        os.utime(cache.root / f"{key}.json", ns=(10**18 + n, 10**18 + n))  # written in this order
    assert cache.load("a") is not None  # read now: "b" is the least recently used
    cache.save("c", rows, {"slot": None})
    assert cache.load("b") is None and cache.load("a") is not None and cache.load("c") is not None
    alone = EmbeddingCache(tmp_path / "small", max_bytes=1_000)
    alone.save("big", rows, {"slot": None})
    assert alone.load("big") is not None, "the entry just written stays even when it alone is over the cap"


def test_the_cap_comes_from_studio_embedding_cache_gb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_EMBEDDING_CACHE_GB", "0.5")
    assert EmbeddingCache(tmp_path).max_bytes == 0.5e9
    monkeypatch.setenv("STUDIO_EMBEDDING_CACHE_GB", "lots")
    with pytest.raises(ValueError, match="STUDIO_EMBEDDING_CACHE_GB='lots'"):
        EmbeddingCache(tmp_path)
