"""Browser-test helpers: `python app.py` on a private data directory and port, Chromium, waiting."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from studio import widgets
from studio.form import form_fields
from studio.tabs.configure_form import section_of

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_or_skip():
    """playwright's sync API, or a skip when Debian chromium or playwright is missing."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api").sync_playwright


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`python app.py` as a user starts it, on a private data directory and port; `env` adds or overrides
    environment variables (a shared studio's settings, a Hub stand-in), and a None value unsets one."""

    def __init__(
        self,
        data_dir: Path,
        port: int,
        log: Path,
        env: Mapping[str, str | None] | None = None,
        start_timeout: float = 300.0,  # a loaded 2-core machine has taken over 90 s to start the app
    ) -> None:
        self.data_dir, self.port, self.log = data_dir, port, log
        self.env = dict(env or {})
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "STUDIO_DATA_DIR": str(self.data_dir),
            "GRADIO_SERVER_PORT": str(self.port),
            "HF_HUB_OFFLINE": "1",
            "GRADIO_ANALYTICS_ENABLED": "False",
            **{k: v for k, v in self.env.items() if v is not None},
        }
        for name in [k for k, v in self.env.items() if v is None]:
            env.pop(name, None)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.time() + self.start_timeout
        while time.time() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"the app did not start in {self.start_timeout:.0f} s:\n" + self.log.read_text()[-3000:])

    def kill(self) -> None:
        """Kill the UI the hard way: the training child must not care."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)


def line_points(page, plot_id: str) -> int:
    """Points of the first line a Vega chart draws: its SVG path has one M or L command per point."""
    paths = page.locator(f"#{plot_id} g.mark-line path")
    if paths.count() == 0:
        return 0
    d = paths.first.get_attribute("d") or ""
    return d.count("L") + d.count("M")


def wait_for(predicate, timeout: float, what: str, shown: Callable[[], str] | None = None) -> None:
    """Poll `predicate` until it holds; on timeout say what was awaited and, given `shown`, what the page showed."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    seen = f"; it shows:\n{shown()}" if shown else ""
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}{seen}")


def open_group_of(page, elem: str) -> None:
    """Open the Configure accordion that holds the field `elem` when it is closed (only the basics start open)."""
    spec = next((s for s in form_fields() if widgets.elem_id(s) == elem), None)
    if spec is None or page.locator(f"#{elem}").count() and page.locator(f"#{elem}").first.is_visible():
        return
    page.locator(f"#cfg-group-{section_of(spec.path)} button").first.click()
    page.locator(f"#{elem}").first.wait_for(state="visible", timeout=30_000)


def set_field(page, elem: str, value: str) -> None:
    """Type into a form field and commit it: Enter for text, Tab for numbers (Enter would not blur a number)."""
    open_group_of(page, elem)
    box = page.locator(f"#{elem} input, #{elem} textarea").first
    box.fill(value)
    box.press("Enter" if page.locator(f"#{elem} input[type=number]").count() == 0 else "Tab")


# Gradio's status trackers of events still pending or running (an idle one carries the class "hide"), each named
# by the nearest element with an id
BUSY_TRACKERS = """() => [...document.querySelectorAll('[data-testid=status-tracker]')]
    .filter((t) => !t.classList.contains('hide') && t.offsetParent !== null)
    .map((t) => `${t.closest('[id]')?.id ?? '?'}: ${t.innerText.replace(/\\s+/g, ' ').slice(0, 80)}`)"""


def settled(page, timeout: float = 60) -> list[str]:
    """Wait until no visible Gradio event is pending or running (what a tab shows once it has opened); returns the
    busy ones still showing after `timeout` seconds (empty once settled), for the caller to report."""
    busy: list[str] = []

    def quiet() -> bool:
        busy[:] = page.evaluate(BUSY_TRACKERS)
        return not busy

    try:
        wait_for(quiet, timeout, "")
    except AssertionError:
        return busy
    return []


def field_value(page, elem: str) -> str:
    return page.locator(f"#{elem} input, #{elem} textarea").first.input_value()


def set_fields(page, values: dict[str, str], rounds: int = 3) -> None:
    """Set each field, then read them all back and set again any that lost its value: on a loaded machine the first
    field filled in a just-opened accordion was seen back at its default (its value set again as it mounted)."""
    for _ in range(rounds):
        for elem, value in values.items():
            if field_value(page, elem) != value:
                set_field(page, elem, value)
        if all(field_value(page, elem) == value for elem, value in values.items()):
            return
    shown = {elem: field_value(page, elem) for elem in values}
    raise AssertionError(f"fields did not keep their values after {rounds} tries: {shown}")


def open_studio(playwright, app: AppServer, height: int = 1600):
    """Chromium on the studio's first page, once the bundled sample is shown; returns (browser, page)."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1400, "height": height})
    page.goto(app.url)
    page.get_by_text("137 passages").wait_for(timeout=60_000)
    return browser, page


def configure_tiny_run(page, model: Path, fields: list[tuple[str, str]]) -> None:
    """On the Configure tab: the tiny model at 32 tokens, then each (element, value); waits until the YAML holds
    the last edit (each edit re-validates the form, and they land in order)."""
    page.get_by_role("tab", name="2. Configure").click()
    set_field(page, "cfg-model-name-or-path", str(model))
    for elem, value in [("cfg-model-max-seq-length", "32"), *fields]:
        set_field(page, elem, value)
    last_elem, last_value = fields[-1]
    key = last_elem.removeprefix("cfg-").split("-", 1)[1].replace("-", "_")
    wait_for(lambda: f"{key}: {last_value}" in page.locator("#cfg-yaml").inner_text(), 60, "the YAML to follow")
