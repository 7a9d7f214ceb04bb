"""Every benchmark, one after another, and one table of their figures, ratios and targets at the end.

    python bench/run_all.py [--quick] [--only NAME ...]

`--quick` runs each with fewer steps and repeats (a check that everything runs and the figures are in range, in
under 10 minutes on the 2-core CPU); without it the figures are the ones BENCHMARKS.md quotes. Benchmarks that
need the shared statute corpus say so and are skipped when it is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.mining_bench import ARTICLES  # noqa: E402
from bench.report import RESULTS_ENV  # noqa: E402

# name -> (script, arguments in quick mode, whether it needs the statute corpus)
BENCHMARKS: dict[str, tuple[str, list[str], bool]] = {
    "overhead": ("bench/training_overhead.py", ["--quick"], False),
    "streaming": ("bench/train_tab_latency.py", ["--quick"], False),
    "page": ("bench/page_cost.py", ["--seconds", "10"], False),
    "gradcache": ("bench/gradcache.py", ["--quick"], False),
    "search": ("bench/search_latency.py", ["--quick"], False),
    "mining": ("bench/mining_bench.py", ["--preview", "0"], True),
    "app": ("bench/app_bench.py", ["--quick"], False),
    "mfu": ("bench/mfu.py", ["--steps", "4"], False),
    "precision": ("bench/cpu_precision.py", ["--seeds", "1", "--steps-embedding", "4", "--steps-sft", "4"], False),
}


def table(rows: list[dict]) -> str:
    head = f"{'benchmark':28} {'figure':62} {'value':>12} {'ratio':>7}  {'target':28} met"
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = f"{r['ratio']:.3f}" if r["ratio"] is not None else ""
        met = {True: "yes", False: "NO", None: ""}[r["met"]]
        value = f"{r['value']:.4g} {r['unit']}"
        lines.append(f"{r['bench'][:28]:28} {r['name'][:62]:62} {value:>12} {ratio:>7}  {r['target'][:28]:28} {met}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", choices=list(BENCHMARKS), default=list(BENCHMARKS))
    args = parser.parse_args()
    results = Path(tempfile.mkstemp(prefix="bench-results-", suffix=".jsonl")[1])
    env = {
        **os.environ,
        RESULTS_ENV: str(results),
        "OMP_WAIT_POLICY": "PASSIVE",
        "HF_HUB_OFFLINE": "1",
        # One data directory for every benchmark: the default model is converted into it once, not per script.
        "STUDIO_DATA_DIR": str(Path(tempfile.gettempdir()) / "tuning-studio-bench"),
    }
    failed, began = [], time.perf_counter()
    for name in args.only:
        script, quick_args, needs_corpus = BENCHMARKS[name]
        if needs_corpus and not ARTICLES.exists():
            print(f"== {name}: skipped, {ARTICLES} is absent", flush=True)
            continue
        print(f"== {name}: {script} {' '.join(quick_args if args.quick else [])}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, script, *(quick_args if args.quick else [])], cwd=ROOT, env=env)
        print(f"== {name}: {'ok' if code == 0 else f'FAILED ({code})'} in {time.perf_counter() - started:.0f} s")
        if code:
            failed.append(name)
    rows = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    results.unlink()
    print(f"\n{table(rows)}\n\n{len(rows)} figures in {time.perf_counter() - began:.0f} s", end="")
    print(f"; failed: {', '.join(failed)}" if failed else "")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
