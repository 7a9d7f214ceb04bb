"""Bold Latin text draws in one face: Gradio 6.31's bundled Source Sans Pro SemiBold, the theme's bold, is a
subset without most letters and digits, so "**BM25**" drew a plain B and a larger fallback "M25"
(studio/page_style.py)."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import AppServer, chromium_or_skip, open_studio, wait_for

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()

LATIN_BOLD = """() => [...document.querySelectorAll('#experiment-summary strong')]
    .findIndex((node) => /^[\\x20-\\x7e]+$/.test(node.innerText) && /[A-Za-z]/.test(node.innerText))"""


def test_bold_latin_draws_in_the_page_font(app: AppServer) -> None:
    with sync_playwright() as p:
        browser, page = open_studio(p, app)
        wait_for(lambda: page.evaluate(LATIN_BOLD) >= 0, 60, "a bold dataset or model name above the tabs")
        index = page.evaluate(LATIN_BOLD)
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "#experiment-summary strong"})
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": nodes["nodeIds"][index]})["fonts"]
        families = {font["familyName"] for font in fonts}
        # The Bold file names itself "Source Sans 3" (Pro's successor); a fallback would be DejaVu or Nanum
        assert families and all(family.startswith("Source Sans") for family in families), families
        assert page.evaluate(
            "(i) => getComputedStyle(document.querySelectorAll('#experiment-summary strong')[i]).fontWeight", index
        ) in ("600", "700")
        browser.close()
