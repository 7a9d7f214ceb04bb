"""Gradio's own words as a page shows them: its key namespaces (to catch a raw key such as common.complete) and a
script that records every text the page ever shows (its status line says "Done" for a second only)."""

from __future__ import annotations

import re
from pathlib import Path

import gradio as gr

GRADIO_ASSETS = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
# Every text the page ever shows, caught as it is added (Gradio's status line announces "Done" for a second only)
SEEN = """() => {
    window.seenTexts = [];
    new MutationObserver((changes) => {
        for (const change of changes) {
            const nodes = change.type === "characterData" ? [change.target] : [...change.addedNodes];
            for (const node of nodes) {
                const text = (node.textContent || "").trim();
                if (text) window.seenTexts.push(text);
            }
        }
    }).observe(document, {childList: true, characterData: true, subtree: true});
}"""


def gradio_namespaces() -> list[str]:
    """The first part of Gradio's own keys ("common" in common.complete), as its English table exports them."""
    (english,) = GRADIO_ASSETS.glob("en-*.js")
    return re.findall(r"\bas (\w+)\b", english.read_text(encoding="utf-8").rsplit("export{", 1)[1])
