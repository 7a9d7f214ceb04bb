"""A second search of a corpus is answered from memory in under a second plus the query's own time; a restart
loads the embeddings from disk and encodes nothing; a corpus with a few new passages encodes only those; the
progress counts passages as they are encoded; which models need a network."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from core.models.names import MINILM, OFFLINE_E5
from datasets_spec import store
from datasets_spec.canonical import document
from training.retrieval.embedding_cache import EmbeddingCache
from training.retrieval.search import ModelRef, SearcherPool, needs_network


@pytest.fixture
def documents(data_dir: Path) -> dict[str, str]:
    return {pid: document(p) for pid, p in store.load(store.SAMPLE_NAME).corpus.items()}


def counted(pool: SearcherPool, ref: ModelRef, key: tuple, documents: dict[str, str]):
    """The searcher, the passages it encoded (from the progress it reported) and the seconds it took."""
    seen: list[tuple[int, int]] = []
    start = time.perf_counter()
    searcher = pool.dense(ref, key, documents, corpus_name="sample", progress=lambda d, t: seen.append((d, t)))
    return searcher, seen, time.perf_counter() - start


def test_a_second_search_is_answered_from_memory_and_new_passages_alone_are_encoded(
    tiny_model: Path, documents: dict[str, str], tmp_path: Path
) -> None:
    ref, query = ModelRef(str(tiny_model), 32, "tiny"), "손해배상책임의 요건"
    cache = EmbeddingCache(tmp_path / "cache")
    pool = SearcherPool(cache=cache)
    first, seen, _ = counted(pool, ref, ("sample", 1), documents)
    assert seen[0] == (0, 137) and seen[-1] == (137, 137)
    assert [d for d, _ in seen] == sorted({d for d, _ in seen}) and len(seen) == 6, "after each batch of 32"
    found = first.search(query, 10)
    assert len(found.hits) == 10

    start = time.perf_counter()
    again, seen, _ = counted(pool, ref, ("sample", 1), documents)
    answer = again.search(query, 10)
    second = time.perf_counter() - start
    assert seen == [] and answer.hits == found.hits and again.name == "tiny"
    assert second < 1.0 + answer.ms / 1000, f"second search {second:.3f} s, of which the query {answer.ms:.1f} ms"

    restarted, seen, _ = counted(SearcherPool(cache=cache), ref, ("sample", 1), documents)
    assert seen == [] and restarted.search(query, 10).hits == found.hits, "the disk cache answers after a restart"

    grown = {**documents, **{f"new|{i}": f"제{i}조(신설) 새로 추가된 조문 {i}" for i in range(3)}}
    bigger, seen, _ = counted(pool, ref, ("sample", 2), grown)
    assert seen[-1] == (3, 3), "only the three new passages are encoded"
    assert len(bigger.ids) == 140 and bigger.search("새로 추가된 조문 1", 140).hits


def test_models_that_need_a_network(tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))  # an empty Hugging Face cache
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "hub"))
    assert needs_network("intfloat/multilingual-e5-small")
    assert not needs_network(OFFLINE_E5), "converted here from a package"
    assert not needs_network(MINILM), "shipped by a package"
    assert not needs_network(str(tiny_model)), "a folder"
    snapshot = tmp_path / "hub" / "models--org--cached" / "snapshots" / "abc"
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text("{}")
    (tmp_path / "hub" / "models--org--cached" / "refs").mkdir()
    (tmp_path / "hub" / "models--org--cached" / "refs" / "main").write_text("abc")
    assert not needs_network("org/cached"), "already in the local cache"
