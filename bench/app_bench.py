"""The app: cold start to the first page, and how fast a page action answers while a run trains beside it.

    python bench/app_bench.py [--starts 3] [--actions 6] [--quick]

1. Cold start: `python app.py` (as scripts/start.sh runs it) on a fresh data directory, from process start to the
   first HTTP 200 of the page; median of `--starts`. Target under 10 s.
2. Responsiveness: in headless Chromium, one Configure-tab edit (the batch size) round-trips through the server
   (validation, the derived numbers, the YAML) until the YAML shows it; timed first with nothing training (the
   reference), then while `python -m training run` trains the default model on the bundled sample on the same
   cores. Target: a page action answers in under 1 s while a run trains.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import Figure, median, report  # noqa: E402
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, free_port, set_field, wait_for  # noqa: E402

COLD_START_TARGET_S = 10.0
ACTION_TARGET_S = 1.0


def cold_start(data_dir: Path) -> float:
    """Seconds from spawning `python app.py` to the page answering 200."""
    port = free_port()
    env = {**os.environ, "STUDIO_DATA_DIR": str(data_dir), "GRADIO_SERVER_PORT": str(port), "HF_HUB_OFFLINE": "1"}
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"app.py exited with {proc.returncode} before serving the page")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    if response.status == 200 and b"Tuning Studio" in response.read():
                        return time.perf_counter() - began
            except OSError:
                time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def edit_round_trips(page, count: int) -> list[float]:
    """Seconds from committing a batch-size edit to the YAML showing it, alternating two values."""
    times = []
    for n in range(count):
        value = "8" if n % 2 == 0 else "16"
        began = time.perf_counter()
        set_field(page, "cfg-training-per-device-train-batch-size", value)
        yaml = page.locator("#cfg-yaml")
        while f"per_device_train_batch_size: {value}" not in yaml.inner_text():
            time.sleep(0.02)
        times.append(time.perf_counter() - began)
    return times


def start_training(data_dir: Path, work: Path, steps: int) -> subprocess.Popen:
    from training.config import StudioConfig, save_yaml

    config = StudioConfig()
    config.training.max_steps = steps
    config.training.eval_steps = 10**6  # the timed window is training steps, not an evaluation
    save_yaml(config, work / "config.yaml")
    env = {**os.environ, "STUDIO_DATA_DIR": str(data_dir), "OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "training", "run", str(work / "config.yaml"), "--run-dir", str(work / "run")]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def responsiveness(actions: int) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        app = AppServer(work / "data", free_port(), work / "app.log")
        app.start()
        trainer = None
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1400})
                page.goto(app.url)
                page.get_by_text("137 passages").wait_for(timeout=120_000)
                page.get_by_role("tab", name="2. Configure").click()
                page.locator("#cfg-yaml").wait_for(timeout=60_000)
                edit_round_trips(page, 2)  # warm the handlers up
                idle = edit_round_trips(page, actions)
                trainer = start_training(app.data_dir, work, steps=1000)
                metrics = work / "run" / "metrics.jsonl"
                wait_for(lambda: metrics.exists() and '"loss"' in metrics.read_text(), 600, "the first training step")
                busy = edit_round_trips(page, actions)
                browser.close()
        finally:
            if trainer:
                trainer.terminate()
                trainer.wait(timeout=120)
            app.kill()
    return idle, busy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--actions", type=int, default=6)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.starts, args.actions = 2, 4
    starts = []
    for _ in range(args.starts):
        with tempfile.TemporaryDirectory() as tmp:
            starts.append(cold_start(Path(tmp)))
    idle, busy = responsiveness(args.actions)
    start = median(starts)
    action = median(busy)
    report(
        [
            Figure(
                "app",
                "cold start to first page",
                start,
                "s",
                target=f"< {COLD_START_TARGET_S:g} s",
                met=start < COLD_START_TARGET_S,
                note=f"median of {len(starts)}, fresh data dir each",
            ),
            Figure(
                "app",
                "page action while a run trains (Configure edit round trip)",
                action,
                "s",
                reference=median(idle),
                target=f"< {ACTION_TARGET_S:g} s",
                met=action < ACTION_TARGET_S and max(busy) < 2 * ACTION_TARGET_S,
                note=f"median of {len(busy)}, max {max(busy):.2f} s; reference = same edit with nothing training",
            ),
        ]
    )


if __name__ == "__main__":
    main()
