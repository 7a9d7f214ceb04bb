"""The studio as a stranger reaches it: `python app.py` on loopback, and visitors who call its events over HTTP the
way the page does (Gradio's `/gradio_api/call/<api_name>` and its event stream).

Each event's inputs are filled by the component's `elem_id` from the app's own `/config` (the rest keep the value
the page starts with), and the `gr.BrowserState` input gets the visitor's browser id: exactly the value a page
sends, which an attacker may set to anything. No Gradio in the test process: only HTTP.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 240  # two shared cores, other developers' tests beside ours: starts have taken 25-90 s
CALL_TIMEOUT = 180


@dataclass
class Reply:
    """One event's answer: its outputs, or Gradio's error; `raw` is every byte the visitor got back."""

    api_name: str
    data: list[Any] | None
    error: str | None
    raw: str
    seconds: float

    def output(self, index: int) -> Any:
        assert self.data is not None, f"/{self.api_name} answered an error: {self.error!r}"
        return self.data[index]

    def said(self, index: int) -> str:
        """An output as text: a Markdown value, or the `value` of an update."""
        value = self.output(index)
        if isinstance(value, dict):
            value = value.get("value")
        return "" if value is None else str(value)

    def choices(self, index: int) -> list[str]:
        """The values a dropdown update offers."""
        value = self.output(index)
        return [c[1] if isinstance(c, list) else c for c in (value or {}).get("choices") or []]

    def rows(self, index: int) -> list[list[Any]]:
        """A Dataframe output's rows (none when the output is empty or an update without a value)."""
        value = self.output(index)
        if isinstance(value, dict) and value.get("__type__") == "update":
            value = value.get("value")
        return list((value or {}).get("data") or [])


@dataclass
class StudioApp:
    """`python app.py` with a private data dir and port; every reply its visitors get is kept in `replies`."""

    data_dir: Path
    port: int
    log: Path
    env: Mapping[str, str]
    proc: subprocess.Popen | None = None
    replies: list[Reply] = field(default_factory=list)
    _config: dict[str, Any] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Start the app and wait until it serves its config; returns the seconds it took."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDIO_", "GRADIO_", "HF_", "SPACE_"))}
        env.update(
            STUDIO_DATA_DIR=str(self.data_dir),
            GRADIO_SERVER_PORT=str(self.port),
            GRADIO_ANALYTICS_ENABLED="False",
            HF_HUB_OFFLINE="1",
            **{k: v for k, v in os.environ.items() if k == "HF_HOME"},
            **self.env,
        )
        started = time.monotonic()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        with httpx.Client(timeout=10) as client:
            while time.monotonic() - started < START_TIMEOUT:
                assert self.proc.poll() is None, "the app stopped:\n" + self.log.read_text()[-3000:]
                try:
                    if client.get(f"{self.url}/config").status_code in (200, 401):  # 401: signing in first
                        return time.monotonic() - started
                except httpx.TransportError:
                    pass
                time.sleep(0.5)
        raise AssertionError(f"the app did not serve in {START_TIMEOUT} s:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        """End the app and the training children it started (they run in their own session and would outlive it)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        children = psutil.Process(self.proc.pid).children(recursive=True)
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()

    def config(self, client: httpx.Client) -> dict[str, Any]:
        """The page's components and events (read once; every visitor who may see the page sees the same one)."""
        if self._config is None:
            response = client.get(f"{self.url}/config")
            response.raise_for_status()
            self._config = response.json()
        return self._config


class Browser:
    """One browser tab: its cookies (a sign-in), the browser id its BrowserState sends (None: a page that has not
    got one yet), and its Gradio session, which remembers what the tab's dropdowns were offered. Gradio refuses a
    value a dropdown without custom values was not offered in this session, so another tab of the same browser is
    another `Browser` with the same id."""

    def __init__(self, app: StudioApp, browser_id: str | None) -> None:
        self.app, self.browser_id = app, browser_id
        self.session_hash = uuid.uuid4().hex[:11]
        self.http = httpx.Client(base_url=app.url, timeout=CALL_TIMEOUT)

    def tab(self) -> Browser:
        """Another tab of this browser: the same id and cookies, its own session."""
        other = Browser(self.app, self.browser_id)
        other.http.cookies = self.http.cookies
        return other

    def login(self, user: str, password: str) -> httpx.Response:
        """Gradio's login form, as its login page posts it; the session cookie stays with this visitor."""
        return self.http.post("/login", data={"username": user, "password": password})

    def upload(self, path: Path) -> dict[str, Any]:
        """A file sent through the page's upload, as the FileData an event input then carries."""
        with path.open("rb") as handle:
            response = self.http.post("/gradio_api/upload", files=[("files", (path.name, handle))])
        response.raise_for_status()
        (server_path,) = response.json()
        return {"path": server_path, "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}

    def event(self, api_name: str) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
        config = self.app.config(self.http)
        components = {c["id"]: c for c in config["components"]}
        for dependency in config["dependencies"]:
            if dependency.get("api_name") == api_name:
                return dependency, components
        raise AssertionError(f"the page has no event named {api_name!r}")

    def form(self, api_name: str) -> list[Any]:
        """An event's inputs as the page starts them, the BrowserState left out: to edit, then `call` with."""
        dependency, components = self.event(api_name)
        inputs = [components[i] for i in dependency["inputs"]]
        return [self._value(c, {}) for c in inputs if c["type"] != "browserstate"]

    def call(self, api_name: str, fields: Mapping[str, Any] | Sequence[Any] = ()) -> Reply:
        """Run an event as the page would: `fields` by elem_id (the others keep their first value), or the form's
        values in order; the BrowserState input is always this visitor's browser id."""
        dependency, components = self.event(api_name)
        inputs = [components[i] for i in dependency["inputs"]]
        if isinstance(fields, Mapping):
            known = {c["props"].get("elem_id") for c in inputs}
            assert set(fields) <= known, f"/{api_name} has no input {sorted(set(fields) - known)}"
            values = [self._value(c, fields) for c in inputs]
        else:
            form = iter(fields)
            values = [self.browser_id if c["type"] == "browserstate" else next(form) for c in inputs]
            assert next(form, None) is None, f"/{api_name} takes {len(inputs)} inputs"
        return self._run(api_name, values)

    def _value(self, component: dict[str, Any], fields: Mapping[str, Any]) -> Any:
        if component["type"] == "browserstate":
            return self.browser_id
        props = component["props"]
        value = fields.get(props.get("elem_id"), props.get("value"))
        return "" if value is None and component["type"] == "textbox" else value  # an empty box sends ""

    def _run(self, api_name: str, values: list[Any]) -> Reply:
        started = time.monotonic()
        body = {"data": values, "session_hash": self.session_hash}
        posted = self.http.post(f"/gradio_api/call/{api_name}", json=body)
        if posted.status_code != 200:
            reply = Reply(api_name, None, f"HTTP {posted.status_code}", posted.text, time.monotonic() - started)
            self.app.replies.append(reply)
            return reply
        event_id = posted.json()["event_id"]
        lines: list[str] = []
        kind, data, error = "", None, None
        with self.http.stream("GET", f"/gradio_api/call/{api_name}/{event_id}") as stream:
            for line in stream.iter_lines():
                lines.append(line)
                if line.startswith("event: "):
                    kind = line.removeprefix("event: ")
                elif line.startswith("data: ") and kind in ("complete", "error"):
                    payload = json.loads(line.removeprefix("data: "))
                    if kind == "complete":
                        data = payload
                    else:
                        error = str(payload)
                    break
        reply = Reply(api_name, data, error, "\n".join(lines), time.monotonic() - started)
        self.app.replies.append(reply)
        return reply
