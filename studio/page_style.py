"""The page's own CSS and theme: help text a person can read, colours for the severity marks, a bold that draws.

Gradio draws each field's help (`.info-text`, its `info=`) in the theme's subdued grey: neutral-400, #a1a1aa, is 2.6:1
on white, under the 4.5:1 WCAG AA asks of body text, and the Configure tab is mostly help. The colours below are
checked against the default theme's backgrounds in both themes by tests/studio/test_page_style.py.
"""

from __future__ import annotations

import gradio as gr
from gradio.themes.utils.fonts import LocalFont

# Gradio 6.31 ships Source Sans Pro's SemiBold (600, the theme's bold) as a 5 KB subset without most Latin letters
# and digits: "**BM25**" drew its B in the page font and "M25" in a larger fallback. The Bold file is whole, and a
# browser asked for 600 with only 400 and 700 on offer draws 700.
FONT_WEIGHTS = (400, 700)


def theme() -> gr.themes.Base:
    return gr.themes.Default(font=(LocalFont("Source Sans Pro", weights=FONT_WEIGHTS), "ui-sans-serif", "sans-serif"))


# zinc-600 on white 7.7:1; zinc-300 on the dark theme's blocks (zinc-800) 10.1:1 and on its page (#0f0f11) 13:1
HELP_LIGHT, HELP_DARK = "#52525b", "#d4d4d8"

# The Train tab's ASCII severity marks (studio/tabs/doctor_panel.py ICONS): red, amber and blue, each over 6:1
MARKS_LIGHT = {"error": "#b91c1c", "warning": "#92400e", "info": "#1d4ed8"}
MARKS_DARK = {"error": "#fca5a5", "warning": "#fcd34d", "info": "#93c5fd"}

CSS = "\n".join(
    [
        f".info-text {{ color: {HELP_LIGHT} !important; }}",
        f".dark .info-text {{ color: {HELP_DARK} !important; }}",
        ".mark { font-family: ui-monospace, monospace; font-weight: 700; white-space: nowrap; }",
        *(f".mark-{severity} {{ color: {colour}; }}" for severity, colour in MARKS_LIGHT.items()),
        *(f".dark .mark-{severity} {{ color: {colour}; }}" for severity, colour in MARKS_DARK.items()),
    ]
)
