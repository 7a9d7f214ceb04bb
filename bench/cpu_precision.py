"""Issue #21: bf16 against fp32 on this CPU, for the studio's own embedding and SFT runs: the speed ratio and the
quality difference over the same steps, side by side.

    python bench/cpu_precision.py [--tasks embedding sft] [--seeds 3] [--steps-embedding 30] [--steps-sft 24]

Each seed trains twice with `python -m training run`, once with `training.mixed_precision: no` (fp32) and once with
`bf16` (torch's CPU autocast, which this CPU runs natively when it has AVX-512 BF16 or AMX), the order alternating
from seed to seed so a neighbour's load falls on both. Same config otherwise: the studio's default embedding run
(e5-small + LoRA, batch 16, 128 tokens, the bundled legal sample and its negatives) and the preset `sft-json-cpu`.
Speed: seconds per step after the first two, as a ratio fp32 / bf16 per seed, median. Quality: the final training
loss (mean of the last five steps) and the validation metric at the last step (NDCG@10; SFT: eval_loss and the
share of valid JSON answers), as bf16 − fp32 differences per seed with a t interval over the seeds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import Figure, add_data_dir, report  # noqa: E402
from bench.training_overhead import child_env, timed_child  # noqa: E402

PRECISIONS = ("no", "bf16")
QUALITY = {"embedding": ("loss", "eval_ndcg@10"), "sft": ("loss", "eval_loss", "eval_json_valid")}
LAST_STEPS = 5  # the final training loss: a mean over the last steps, one step's batch is noisy


def config_for(task: str, steps: int, seed: int, precision: str):
    from training.config.presets import preset
    from training.config.studio import StudioConfig

    config = preset("sft-json-cpu") if task == "sft" else StudioConfig()
    t = config.training
    t.max_steps, t.eval_steps, t.save_steps = steps, steps, 10**6  # one evaluation, at the end; no checkpoint
    t.seed, t.mixed_precision = seed, precision
    return config


def one_run(task: str, steps: int, seed: int, precision: str, data_dir: Path) -> dict[str, float]:
    """Seconds per step after the first two, and the quality figures of QUALITY[task]."""
    from training.config.studio import save_yaml

    with tempfile.TemporaryDirectory(prefix="precision-") as work:
        run_dir = Path(work) / "run"
        run_dir.mkdir()
        save_yaml(config_for(task, steps, seed, precision), run_dir / "config.yaml")
        command = [sys.executable, "-m", "training", "run", str(run_dir / "config.yaml"), "--run-dir", str(run_dir)]
        timed_child(command, child_env(data_dir))
        rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    logged = [r for r in rows if r.get("event") is None and "loss" in r and "time" in r]
    timed = logged[2:]
    found = {"s_per_step": (timed[-1]["time"] - timed[0]["time"]) / (timed[-1]["step"] - timed[0]["step"])}
    found["loss"] = statistics.fmean(r["loss"] for r in logged[-LAST_STEPS:])
    evaluated = [r for r in rows if any(k.startswith("eval_") for k in r)]
    for name in QUALITY[task][1:]:
        found[name] = next(r[name] for r in reversed(evaluated) if name in r)
    print(f"{task} seed {seed} {precision}: {json.dumps(found)}", flush=True)
    return found


def interval(diffs: list[float]) -> tuple[float, float, float]:
    """Mean and 95% t interval of paired differences (few seeds: the t distribution, not the normal)."""
    from scipy import stats

    mean = statistics.fmean(diffs)
    if len(diffs) < 2:
        return mean, float("nan"), float("nan")
    half = stats.t.ppf(0.975, len(diffs) - 1) * statistics.stdev(diffs) / len(diffs) ** 0.5
    return mean, mean - half, mean + half


def compare(task: str, steps: int, seeds: int, data_dir: Path) -> list[Figure]:
    results: dict[str, list[dict]] = {p: [] for p in PRECISIONS}
    for seed in range(seeds):
        order = PRECISIONS if seed % 2 == 0 else PRECISIONS[::-1]
        for precision in order:
            results[precision].append(one_run(task, steps, 42 + seed, precision, data_dir))
    fp32, bf16 = results["no"], results["bf16"]
    speedups = [a["s_per_step"] / b["s_per_step"] for a, b in zip(fp32, bf16, strict=True)]
    bf16_step = statistics.median(r["s_per_step"] for r in bf16)
    fp32_step = statistics.median(r["s_per_step"] for r in fp32)
    figures = [
        Figure(
            "cpu_precision",
            f"{task}, {steps} steps × {seeds} seeds: bf16 s/step (reference fp32; ratio < 1 = faster)",
            bf16_step,
            "s/step",
            reference=fp32_step,
            note=f"median per-seed speed-up fp32/bf16 {statistics.median(speedups):.2f}×",
        )
    ]
    for name in QUALITY[task]:
        mean, low, high = interval([b[name] - a[name] for a, b in zip(fp32, bf16, strict=True)])
        value = statistics.fmean(r[name] for r in bf16)
        reference = statistics.fmean(r[name] for r in fp32)
        note = f"bf16 − fp32 {mean:+.4f} (95% t interval {low:+.4f} … {high:+.4f})"
        figures.append(
            Figure("cpu_precision", f"{task}: {name}, bf16 (reference fp32)", value, "", reference, "", None, note)
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", nargs="+", default=["embedding", "sft"], choices=["embedding", "sft"])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--steps-embedding", type=int, default=30)
    parser.add_argument("--steps-sft", type=int, default=24)
    add_data_dir(parser)
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ["STUDIO_DATA_DIR"] = str(args.data_dir)
    from training.config.hardware import cpu_bf16

    if not cpu_bf16():
        sys.exit("this CPU has no bf16 instructions (AVX-512 BF16 or AMX): the studio refuses bf16 here; skipped")
    steps = {"embedding": args.steps_embedding, "sft": args.steps_sft}
    report([f for task in args.tasks for f in compare(task, steps[task], args.seeds, args.data_dir)])


if __name__ == "__main__":
    main()
