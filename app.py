"""Entry point: `python app.py` serves the studio on GRADIO_SERVER_NAME:GRADIO_SERVER_PORT (127.0.0.1:7860)."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: the UI and a training child share 2 cores
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from datasets_spec.store import max_upload_bytes  # noqa: E402
from studio.app import build_app  # noqa: E402

if __name__ == "__main__":
    demo = build_app(lang=os.environ.get("STUDIO_LANG", "en"))
    demo.queue(default_concurrency_limit=4).launch(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        max_file_size=max_upload_bytes(),
    )
