"""The `app` fixture: a real studio server per test, and no training child or recipe job left behind."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import AppServer, free_port
from training.lifecycle import runs


@pytest.fixture
def app(tmp_path: Path) -> Iterator[AppServer]:
    server = AppServer(tmp_path / "studio-data", free_port(), tmp_path / "app.log")
    server.start()
    yield server
    server.kill()
    for job in (server.data_dir / "recipes").glob("*/status.json"):  # nor a recipe's process (before its run's)
        status = runs.read_status(job.parent)
        if status["state"] == "running":
            os.kill(status["pid"], signal.SIGKILL)
    for run in runs.list_runs(server.data_dir / "runs"):  # never leave a training child behind
        if run.state == "running":
            os.kill(run.status["pid"], signal.SIGKILL)
