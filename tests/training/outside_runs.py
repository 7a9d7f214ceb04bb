"""A run folder trained outside the studio, as `python -m training run --run-dir FOLDER` leaves it."""

from __future__ import annotations

import json
import time
from pathlib import Path

from training.config.studio import StudioConfig, save_yaml
from training.lifecycle import runs
from training.lifecycle.metrics import METRICS_FILE


def outside_run(folder: Path, state: str = "finished", *, machines: int = 1, **status: object) -> Path:
    """Its config (over `machines` machines), its status and two metric rows."""
    folder.mkdir(parents=True)
    config = StudioConfig()
    if machines > 1:
        t = config.training
        t.num_machines, t.main_process_ip, t.main_process_port = machines, "10.0.0.1", 29500
    save_yaml(config, folder / "config.yaml")
    runs.write_status(folder, state=state, started=time.time(), **status)
    rows = [{"step": s, "loss": loss, "max_steps": 2, "time": time.time()} for s, loss in ((1, 2.0), (2, 1.5))]
    (folder / METRICS_FILE).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder
