"""Steps the persona walks share: a page watched from its first request, an upload, the Train tab's charts and its
state read as a person reads them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studio.strings import words
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, wait_for
from tests.e2e.page_checks import PageWatch
from tests.e2e.screenshots import VIEWPORT

PLOTS = ("train-loss-plot", "train-lr-plot", "train-grad-plot", "train-eval-plot")
# Marks Vega draws for data: a line's path, a point's symbol, a bar's rect
MARKS = "g.mark-line path, g.mark-symbol path, g.mark-rect path"


def open_page(playwright, app: AppServer, lang: str):
    """Chromium at 1400x900 on / or /ko, watched (errors, emoji, English) before the first request; waits for the
    sample's statistics. Returns (browser, page, watch)."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport=VIEWPORT, locale="ko-KR" if lang == "ko" else "en-US")
    page.set_default_timeout(120_000)  # a click waits on a renderer that shares 2 cores with training and other tests
    watch = PageWatch(page, lang)
    page.goto(f"{app.url}/ko" if lang == "ko" else app.url)
    page.get_by_text("조문 137개" if lang == "ko" else "137 passages").first.wait_for(timeout=90_000)
    return browser, page, watch


def upload(page, elem: str, path: Path) -> None:
    """Choose a file (replacing any earlier one) and wait until the component lists it."""
    clear = page.locator(f"#{elem} button[aria-label='Clear']")
    if clear.count():
        clear.first.click()
    page.locator(f"#{elem} input[type=file]").set_input_files(str(path))
    wait_for(lambda: path.stem in page.locator(f"#{elem}").inner_text(), 30, f"{path.name} to be uploaded")


def detected_note(lang: str) -> list[str]:
    """The fixed words of the Data tab's "Read as X data" note, which a chosen file brings (the page has settled)."""
    note = words("data", lang)("detected", format="\0", corpus="").replace("**", "")
    return [part.strip() for part in note.split("\0") if part.strip()]


def choose_file(page, path: Path, lang: str) -> None:
    """Choose a file on the Data tab and wait, as a person does, until the page says how it reads it."""
    upload(page, "data-upload-file", path)
    report = page.locator("#data-report")
    wait_text(report, lambda shown: all(p in shown for p in detected_note(lang)), 120, f"{path.name} to be read")


def chart_speaks(page, plot_id: str) -> bool:
    """A chart draws data, or says in words why it has none: never an empty frame without a word."""
    plot = page.locator(f"#{plot_id}")
    if not plot.is_visible():  # a chart with no point is hidden; the note under it must say why
        note = page.locator(f"#{plot_id.removesuffix('-plot')}-note")
        return note.count() > 0 and len(note.inner_text().strip()) >= 3
    if plot.locator(MARKS).count() > 0:
        return True
    said = plot.evaluate(
        """e => { const clone = e.cloneNode(true);
                  clone.querySelectorAll('label, [data-testid=block-label], svg').forEach(x => x.remove());
                  return clone.innerText.trim(); }"""
    )
    return len(said) >= 3


def blank_charts(page) -> list[str]:
    return [plot for plot in PLOTS if page.locator(f"#{plot}").count() and not chart_speaks(page, plot)]


def step_ticks(page) -> list[str]:
    """The x-axis tick labels of the loss chart (by step): whole numbers, never "0.000000" or 2.5."""
    return page.locator(
        "#train-loss-plot g.role-axis.x g.role-axis-label text, "
        "#train-loss-plot g[aria-label^='X-axis'] g.role-axis-label text"
    ).all_text_contents()


def wait_text(locator, wanted: str | Callable[[str], bool], timeout: float, what: str) -> str:
    """Wait until the element's text holds `wanted` (or satisfies it); on time-out say what it showed instead."""
    seen = [""]

    def shows() -> bool:
        seen[0] = locator.inner_text() if locator.count() else ""
        return wanted(seen[0]) if callable(wanted) else wanted in seen[0]

    try:
        wait_for(shows, timeout, what)
    except AssertionError as exc:
        raise AssertionError(f"{exc}; it shows: {seen[0][:2000]!r}") from None
    return seen[0]


def settles(predicate, timeout: float) -> bool:
    """Whether `predicate` holds within `timeout` seconds (for checks reported with the others, not failed at once)."""
    try:
        wait_for(predicate, timeout, "")
    except AssertionError:
        return False
    return True


def state_of(lang: str, state: str) -> str:
    return words("train", lang)(f"state_{state}")


def history_row(page, run_id: str) -> str:
    """The history table's row of a run, as its text (empty when the run is not listed)."""
    # Gradio draws the rows as div[role=row]; its <tr>s are a hidden sizing copy with no inner text
    rows = page.locator("#history [role=row]", has_text=run_id)
    return rows.first.inner_text() if rows.count() else ""
