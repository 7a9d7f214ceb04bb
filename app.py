"""Entry point: `python app.py` serves the studio with the settings training/settings.py reads from the environment
(127.0.0.1:7860 by default; the Dockerfile's CMD, with its ENV)."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: the UI and a training child share 2 cores
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from training.settings import Settings, SettingsError  # noqa: E402


def main() -> None:
    # Settings first: a bad value stops the app in a moment, before gradio and torch take seconds to load.
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        sys.exit(f"Tuning Studio cannot start: {exc}")
    from studio.app import build_app

    demo = build_app(lang=settings.lang, settings=settings)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=settings.server_name,
        server_port=settings.server_port,
        max_file_size=int(settings.max_upload_mb * 1024 * 1024),
    )


if __name__ == "__main__":
    main()
