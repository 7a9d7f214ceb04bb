"""Model FLOPs utilisation: how close a training step comes to what this machine's matmuls can do (issue #21).

    python bench/mfu.py [--steps 12] [--tasks embedding sft] [--size 2048]

Peak: the best of several timed `torch.mm` of two SIZE × SIZE matrices (2·SIZE³ FLOPs each) in fp32 and bf16, with
the threads training uses. Step: `python -m training run` of the studio's own configs (embedding: the default
e5-small + LoRA at batch 16 × 128 tokens, pairs; SFT: preset sft-json-cpu), the mean seconds per step after the
first two, and the non-padding tokens per second the trainer counted. Model FLOPs per token: 2·N forward and
2·N backward through the activations (4·N), N the parameters outside the embedding tables (a lookup is no
matmul); LoRA's own weight gradients are left out (under 1% of N). So MFU = 4·N·tokens/s ÷ peak; padding the
trainer computed is not counted as useful work, which makes this a lower bound on what the cores did.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import Figure, add_data_dir, report  # noqa: E402
from bench.training_overhead import child_env, configs, timed_child, without_validation  # noqa: E402

REPEATS = 5


def peak_flops(size: int, dtype_name: str) -> float:
    """FLOP/s of the fastest of REPEATS timed rounds of 4 square matmuls."""
    import torch

    dtype = getattr(torch, dtype_name)
    a, b = torch.randn(size, size, dtype=dtype), torch.randn(size, size, dtype=dtype)
    torch.mm(a, b)  # warm-up: the first call picks the kernel
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(4):
            torch.mm(a, b)
        best = min(best, (time.perf_counter() - start) / 4)
    return 2 * size**3 / best


def non_embedding_parameters(model_path: str, task: str) -> int:
    """Parameters that take part in matmuls: all of the model the task trains but its embedding tables."""
    import torch

    if task == "sft":
        from transformers import AutoModelForCausalLM

        model = AutoModelForCausalLM.from_pretrained(model_path)
        tied = model.get_output_embeddings().weight is model.get_input_embeddings().weight
        skip = {id(model.get_input_embeddings().weight)} | (set() if tied else set())
        # the output projection is a matmul even when tied to the input table: count it once
        return sum(p.numel() for p in model.parameters() if id(p) not in skip) + (
            model.get_output_embeddings().weight.numel() if tied else 0
        )
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_path)
    tables = [m for m in model.modules() if isinstance(m, torch.nn.Embedding)]
    return sum(p.numel() for p in model.parameters()) - sum(t.weight.numel() for t in tables)


def step_figures(task: str, steps: int, data_dir: Path) -> dict:
    """Seconds per step (after the first two) and the trainer's non-padding tokens per second."""
    from core.models.load import resolve_model_path
    from training.config.studio import save_yaml

    config = configs(task, steps)
    config.data.dataset = without_validation(config.data.dataset, "sft" if task == "sft" else "retrieval")
    model = resolve_model_path(config.model.name_or_path)
    with tempfile.TemporaryDirectory(prefix="mfu-") as work:
        run_dir = Path(work) / "run"
        run_dir.mkdir()
        save_yaml(config, run_dir / "config.yaml")
        command = [sys.executable, "-m", "training", "run", str(run_dir / "config.yaml"), "--run-dir", str(run_dir)]
        timed_child(command, child_env(data_dir))
        rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    logged = [r for r in rows if r.get("event") is None and "loss" in r and "time" in r]
    timed = logged[2:]
    per_step = (timed[-1]["time"] - timed[0]["time"]) / (timed[-1]["step"] - timed[0]["step"])
    seen = [r for r in timed if isinstance(r.get("num_input_tokens_seen"), int | float)]
    if len(seen) < 2:
        raise RuntimeError(f"{task}: the trainer logged no token counts (num_input_tokens_seen)")
    tokens = (seen[-1]["num_input_tokens_seen"] - seen[0]["num_input_tokens_seen"]) / (
        seen[-1]["time"] - seen[0]["time"]
    )
    return {"model": model, "seconds_per_step": per_step, "tokens_per_second": tokens}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--tasks", nargs="+", default=["embedding", "sft"], choices=["embedding", "sft"])
    parser.add_argument("--size", type=int, default=2048, help="matrix side of the peak measurement")
    add_data_dir(parser)
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ["STUDIO_DATA_DIR"] = str(args.data_dir)  # the in-process dataset copy and the children's runs
    import torch

    threads = torch.get_num_threads()
    peaks = {name: peak_flops(args.size, name) for name in ("float32", "bfloat16")}
    fp32, bf16 = peaks["float32"] / 1e9, peaks["bfloat16"] / 1e9
    figures = [
        Figure("mfu", f"peak matmul {args.size}² fp32, {threads} threads", fp32, "GFLOP/s"),
        Figure("mfu", f"peak matmul {args.size}² bf16 (reference: fp32)", bf16, "GFLOP/s", reference=fp32),
    ]
    for task in args.tasks:
        found = step_figures(task, args.steps, args.data_dir)
        n = non_embedding_parameters(found["model"], task)
        achieved = 4 * n * found["tokens_per_second"] / 1e9
        name = (
            f"{task} step, {n / 1e6:.1f}M matmul parameters, {found['seconds_per_step']:.2f} s/step, "
            f"{found['tokens_per_second']:.0f} tokens/s (MFU = ratio to the fp32 peak)"
        )
        figures.append(Figure("mfu", name, achieved, "GFLOP/s", reference=fp32))
    report(figures)


if __name__ == "__main__":
    main()
