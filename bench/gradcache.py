"""Large effective batches: GradCache (cached MNRL) at batch 1024 vs plain MNRL at batch 64 — memory and speed.

    python bench/gradcache.py [--batch 1024] [--mini-batch 64] [--length 128] [--steps 2] [--quick]

Both train the studio's default model (multilingual-e5-small, LoRA as the default config) with
bench/bare/st_train.py in a child process each, on the same distinct (query, passage) rows made from the bundled
sample's articles. Peak RSS per child (`wait4`); samples/s as the trainer reports it. Target: the 1024 batch
needs no more memory than the plain 64 batch (GradCache embeds 64 texts at a time and caches the gradients).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import Figure, add_data_dir, report  # noqa: E402
from bench.training_overhead import child_env, timed_child  # noqa: E402

MEMORY_TOLERANCE = 1.05  # RSS readings of two processes differ by a few % with allocator noise alone


def distinct_rows(count: int) -> dict[str, list[str]]:
    """`count` distinct (query, passage) pairs from the bundled sample's articles: a title with a sentence number
    as the query, the article with that number as the passage (no duplicate text, so no batch is shortened)."""
    from datasets_spec.formats.legal import read_passages
    from datasets_spec.store import SAMPLE_DIR

    passages = read_passages(SAMPLE_DIR / "passages.jsonl")
    anchors, positives = [], []
    for n in range(count):
        p = passages[n % len(passages)]
        anchors.append(f"{p.title} ({n}번째 질문) {p.document[:60]}")
        positives.append(f"{p.document} [{n}]")
    return {"anchor": anchors, "positive": positives}


def run(spec: dict, work: Path, env: dict[str, str]) -> tuple[float, float]:
    path = work / f"spec-{spec['batch_size']}-{spec.get('mini_batch_size', 0)}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    stdout, rss = timed_child([sys.executable, str(ROOT / "bench" / "bare" / "st_train.py"), str(path)], env)
    return json.loads(stdout.strip().splitlines()[-1])["samples_per_second"], rss


def main() -> None:
    from core.models.load import resolve_model_path
    from training.config.studio import StudioConfig

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=1024)
    parser.add_argument("--mini-batch", type=int, default=64)
    parser.add_argument("--length", type=int, default=128)
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="batch 512 of 32 tokens, one step: a check, not a figure")
    add_data_dir(parser)
    args = parser.parse_args()
    if args.quick:
        args.batch, args.length, args.steps = 512, 32, 1
    os.environ["STUDIO_DATA_DIR"] = str(args.data_dir)
    config = StudioConfig()
    work = Path(tempfile.mkdtemp(prefix="gradcache-"))
    rows = distinct_rows(args.batch * args.steps)
    (work / "rows.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    lora = config.lora
    base = {
        "model": resolve_model_path(config.model.name_or_path),
        "rows": str(work / "rows.json"),
        "learning_rate": config.training.learning_rate,
        "warmup_ratio": 0.0,
        "seed": config.training.seed,
        "logging_steps": 1,
        "max_seq_length": args.length,
        "output_dir": str(work / "out"),
        "scale": 1.0 / config.loss.temperature,
        "prompts": {"anchor": "query: ", "positive": "passage: "},
        "lora": {"r": lora.r, "lora_alpha": lora.lora_alpha, "target_modules": lora.target_modules},
    }
    env = child_env(args.data_dir)
    plain_speed, plain_rss = run(
        {**base, "batch_size": args.mini_batch, "max_steps": args.steps * args.batch // args.mini_batch}, work, env
    )
    cached_speed, cached_rss = run(
        {**base, "batch_size": args.batch, "mini_batch_size": args.mini_batch, "max_steps": args.steps}, work, env
    )
    what = f"e5-small LoRA, {args.length} tokens, {args.batch * args.steps} pairs each"
    report(
        [
            Figure(
                "gradcache",
                f"peak RSS, cached MNRL batch {args.batch} vs MNRL batch {args.mini_batch}",
                cached_rss,
                "MiB",
                reference=plain_rss,
                target="no more memory (ratio <= 1.05, allocator noise)",
                met=cached_rss <= plain_rss * MEMORY_TOLERANCE,
                note=what,
            ),
            Figure(
                "gradcache",
                f"samples/s, cached MNRL batch {args.batch} vs MNRL batch {args.mini_batch}",
                cached_speed,
                "samples/s",
                reference=plain_speed,
                note=what,
            ),
        ]
    )


if __name__ == "__main__":
    main()
