"""What the open page costs the browser: the renderer's main-thread time per second of wall time, and its DOM size.

    python bench/page_cost.py [--seconds 20] [--url http://127.0.0.1:7860/]

The real app in headless Chromium, measured with the DevTools Performance metrics (TaskDuration, ScriptDuration,
LayoutDuration, RecalcStyleDuration, Nodes) over `--seconds` in three states: the Data tab with no run, the Train
tab with no run, and the Train tab watching a live run whose metrics this script appends (one row a second). On a
2-core machine shared with training, every busy second of the renderer is a second a click waits; target: the
page idles under 10% of a core and watches a live run under 25%.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import Figure, report  # noqa: E402
from bench.train_tab_latency import append  # noqa: E402
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, free_port, wait_for  # noqa: E402
from training.config.studio import StudioConfig  # noqa: E402
from training.lifecycle import runs  # noqa: E402
from training.lifecycle.metrics import METRICS_FILE  # noqa: E402

SETTLE = 20  # seconds for what an action started to end before its cost is measured
KEYS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


def metrics(cdp) -> dict[str, float]:
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}


def cost(cdp, seconds: float) -> dict[str, float]:
    """Main-thread seconds per wall second for each of KEYS over `seconds`, and the DOM's node count at the end."""
    before, began = metrics(cdp), time.monotonic()
    time.sleep(seconds)
    after, wall = metrics(cdp), time.monotonic() - began
    shares = {key: (after[key] - before[key]) / wall for key in KEYS}
    return shares | {"Nodes": after["Nodes"]}


def feed(metrics_file: Path, stop: threading.Event) -> None:
    """One loss row a second (an eval row every tenth), as a training run writes them."""
    step = 2
    while not stop.wait(1.0):
        row = {"step": step, "epoch": step / 100, "time": time.time(), "loss": 3.0 / step, "max_steps": 1000}
        row |= {"grad_norm": 1.0, "learning_rate": 1e-4}
        append(metrics_file, row)
        if step % 10 == 0:
            append(metrics_file, {"step": step, "epoch": step / 100, "time": time.time(), "eval_loss": 2.0})
        step += 1


def measure(seconds: float) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    found: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = AppServer(Path(tmp) / "data", free_port(), Path(tmp) / "app.log")
        app.start()
        stop = threading.Event()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1400})
                cdp = page.context.new_cdp_session(page)
                cdp.send("Performance.enable")
                page.goto(app.url)
                page.get_by_role("tab", name="1. Data").wait_for(timeout=300_000)
                time.sleep(SETTLE)  # the load events (the data tab's statistics) end
                found["data tab, no run"] = cost(cdp, seconds)
                for tab in page.get_by_role("tab").all():  # each tab drawn once, as a person's walk leaves the page
                    tab.click()
                    time.sleep(2)
                page.get_by_role("tab", name="3. Train").click()
                time.sleep(SETTLE)
                found["train tab, no run"] = cost(cdp, seconds)

                run_dir = runs.create_run(StudioConfig(), app.data_dir / "runs")
                runs.write_status(run_dir, state="running", pid=os.getpid(), pid_start=runs.process_start(os.getpid()))
                metrics_file, start = run_dir / METRICS_FILE, time.time()
                append(metrics_file, {"event": "train_begin", "step": 0, "max_steps": 1000, "time": start})
                append(metrics_file, {"step": 1, "epoch": 0.01, "time": start, "loss": 3.0, "max_steps": 1000})
                threading.Thread(target=feed, args=(metrics_file, stop), daemon=True).start()
                choice = page.get_by_role("option").filter(has_text=run_dir.name)

                def offered() -> bool:  # the tab's timer lists a new run by itself
                    page.locator("#train-run input").click()
                    return choice.count() > 0

                wait_for(offered, 120, "the run in the list")
                choice.first.click()
                wait_for(lambda: run_dir.name in page.locator("#train-run input").input_value(), 120, "the run")
                time.sleep(SETTLE)
                found["train tab, live run"] = cost(cdp, seconds)
                browser.close()
        finally:
            stop.set()
            app.kill()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    found = measure(args.seconds)
    targets = {"data tab, no run": 0.10, "train tab, no run": 0.10, "train tab, live run": 0.25}
    figures = []
    for state, shares in found.items():
        parts = ", ".join(f"{key.removesuffix('Duration').lower()} {shares[key]:.0%}" for key in KEYS[1:])
        figures.append(
            Figure(
                "page cost",
                f"renderer main thread busy: {state}",
                shares["TaskDuration"],
                "core",
                target=f"< {targets[state]:.2f} core",
                met=shares["TaskDuration"] < targets[state],
                note=f"{parts}; {shares['Nodes']:,.0f} DOM nodes; over {args.seconds:g} s",
            )
        )
    report(figures)


if __name__ == "__main__":
    main()
