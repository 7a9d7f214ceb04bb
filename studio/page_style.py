"""The page's own CSS, for `gr.Blocks(css=CSS)`: help text a person can read, and colours for the severity marks.

Gradio draws each field's help (`.info-text`, its `info=`) in the theme's subdued grey: neutral-400, #a1a1aa, is 2.6:1
on white, under the 4.5:1 WCAG AA asks of body text, and the Configure tab is mostly help. The colours below are
checked against the default theme's backgrounds in both themes by tests/studio/test_page_style.py.
"""

from __future__ import annotations

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
