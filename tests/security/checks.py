"""What the attacks check and build: a fresh browser id, a refusal said in one sentence, the server paths no reply
of a shared studio may name, and the small run config the apps train."""

from __future__ import annotations

import re
import shutil
import sys
import uuid
from pathlib import Path

from tests.security.studio_http import ROOT, Reply, StudioApp
from training.config.studio import StudioConfig

SECRET = "TOPSECRET"


def browser_id() -> str:
    """A fresh anonymous browser: the random 32-hex id its localStorage would hold."""
    return uuid.uuid4().hex


def tiny_config(model: Path, max_steps: int) -> StudioConfig:
    """The bundled sample on the tiny BERT, a few real steps."""
    config = StudioConfig()
    config.model.name_or_path = str(model)
    config.model.max_seq_length = 32
    config.training.per_device_train_batch_size = 8
    config.training.max_steps = max_steps
    config.training.eval_steps = max_steps
    config.training.save_steps = max_steps
    return config


def install_run(run: Path, data_dir: Path) -> str:
    """The CLI's run copied into an app's runs folder before it starts; returns its id."""
    shutil.copytree(run, data_dir / "runs" / run.name)
    return run.name


def server_paths(app: StudioApp, *more: Path) -> list[str]:
    """What no reply of a shared studio may name: its data dir, the code, Python's folders, home, and the test's
    own server folders."""
    places = [app.data_dir, ROOT, Path(sys.prefix), Path(sys.executable).parent, Path.home(), *more]
    return sorted({str(p) for p in places}, key=len, reverse=True)


def refusal(text: str, *phrases: str) -> str:
    """The reply is one sentence (one line, no sentence break inside) that says each of `phrases`."""
    body = text.strip()
    assert body, "no reply at all"
    assert "\n" not in body and not re.search(r"[.!?]\s+[A-Z가-힣]", body), f"not one sentence: {body!r}"
    for phrase in phrases:
        assert phrase in body, f"{phrase!r} not in {body!r}"
    return body


def refused(reply: Reply, index: int, *phrases: str) -> str:
    """Refused by the app in one sentence (`refusal`), or by Gradio before the app: a dropdown without custom
    values takes only what this tab was offered, and a stranger's things are never offered. Returns which."""
    if reply.error is not None and "is not in the list of choices" in reply.error:
        return "gradio"
    refusal(reply.said(index), *phrases)
    return "app"


def leaks(replies: list[Reply], forbidden: list[str]) -> list[str]:
    """Each reply that names a forbidden path, with the words around it."""
    found = []
    for reply in replies:
        for path in forbidden:
            at = reply.raw.find(path)
            if at >= 0:
                found.append(f"/{reply.api_name} named {path!r}: …{reply.raw[max(0, at - 160) : at + 120]}…")
                break
    return found
