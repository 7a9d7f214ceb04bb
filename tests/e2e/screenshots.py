"""Screenshots of every tab, saved by the persona walks as artefacts: `<tab>-<lang>-<state>.png` (state: empty, a
fresh page; running; finished), 1400x900 viewport shots, in $STUDIO_SCREENSHOTS_DIR or `<basetemp>/screenshots`.
With STUDIO_SAVE_SCREENSHOTS=1 each is also copied to docs/screenshots/, the README's pictures, in 256 colours
(a page of flat colours loses nothing visible, and the copy is less than half the size in git)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from studio.strings import words
from tests.e2e.helpers import ROOT, settled

DOCS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1400, "height": 900}
TABS = ("data", "augment", "configure", "train", "test", "playground", "deploy")
STATES = ("empty", "running", "finished")


def tab_name(tab: str, lang: str) -> str:
    """The tab's label on the page, from the string tables the page itself uses."""
    if tab in ("augment", "playground"):
        return words(tab, lang)("tab")
    return words("app", lang)(f"tab_{tab}")


def open_tab(page, tab: str, lang: str) -> None:
    page.get_by_role("tab", name=tab_name(tab, lang), exact=True).click()


def screenshots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("STUDIO_SCREENSHOTS_DIR") or tmp_path_factory.getbasetemp() / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_for_docs(shot: Path) -> Path:
    """A 256-colour copy of a screenshot in docs/screenshots/, under the same name."""
    DOCS.mkdir(parents=True, exist_ok=True)
    copy = DOCS / shot.name
    with Image.open(shot) as image:
        image.convert("RGB").quantize(256).save(copy, optimize=True)
    return copy


class Shots:
    """Saves what a person sees on each tab, in one language, at one state of the walk."""

    def __init__(self, page, folder: Path, lang: str) -> None:
        self.page, self.folder, self.lang = page, folder, lang

    def take(self, tab: str, state: str) -> Path:
        assert tab in TABS and state in STATES, (tab, state)
        path = self.folder / f"{tab}-{self.lang}-{state}.png"
        self.page.mouse.move(0, 0)  # no hover highlight in the picture
        self.page.screenshot(path=str(path))
        if os.environ.get("STUDIO_SAVE_SCREENSHOTS") == "1":
            save_for_docs(path)
        return path

    def every_tab(self, state: str, back_to: str, watch=None) -> list[Path]:
        """Open each tab in turn, wait until its events have answered, save it; then reopen `back_to`. `back_to` is
        taken first: the tab the walk is watching (a run's Train tab) is shot while the state still holds. `watch`
        (a PageWatch) reads each screen for emoji and English on the way."""
        taken = []
        for tab in (back_to, *(t for t in TABS if t != back_to)):
            open_tab(self.page, tab, self.lang)
            busy = settled(self.page)
            if watch is not None:
                watch.expect(not busy, f"{tab} ({state}) still busy after 60 s: {busy}")
            self.page.evaluate("window.scrollTo(0, 0)")
            if watch is not None:
                watch.screen(f"{tab} ({state})")
            taken.append(self.take(tab, state))
        open_tab(self.page, back_to, self.lang)
        return taken


@pytest.fixture(name="shots_dir", scope="session")
def shots_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return screenshots_dir(tmp_path_factory)
