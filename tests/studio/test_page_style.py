"""The page's help text and severity marks meet WCAG AA (4.5:1) on every background the default theme puts under
them, in the light and the dark theme: the colours are read from the CSS the page is given, the backgrounds from
Gradio's own theme, and the ratio is WCAG 2.x's formula."""

from __future__ import annotations

import re

import gradio as gr
import pytest

from studio.page_style import CSS

AA = 4.5  # WCAG 2.x level AA, normal-size text
# Where help and marks sit: a field's block, the page, and the secondary fill (accordions, table rows).
BACKGROUNDS = ("block_background_fill", "body_background_fill", "background_fill_secondary")


def relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def theme_colour(theme: gr.themes.Base, name: str, dark: bool) -> str:
    """A theme variable's colour, references followed as Gradio does: in the dark theme `*x` is `x_dark` if set."""
    value = getattr(theme, f"{name}_dark", None) if dark else None
    value = value or getattr(theme, name)
    if value.startswith("*"):
        return theme_colour(theme, value[1:], dark)
    return {"white": "#ffffff", "black": "#000000"}.get(value, value)


def css_colours(selector: str) -> str:
    """The colour the page's CSS gives one selector (exactly that selector)."""
    found = re.findall(rf"(?m)^{re.escape(selector)} \{{ color: (#[0-9a-f]{{6}})", CSS)
    assert len(found) == 1, (selector, CSS)
    return found[0]


def test_the_formula_gives_the_known_ratios() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    # Gradio's own help grey on white: what the issue found hard to read
    assert contrast(theme_colour(gr.themes.Default(), "block_info_text_color", False), "#ffffff") < AA


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize(
    "selector", [".info-text", ".mark-error", ".mark-warning", ".mark-info"], ids=lambda s: s.lstrip(".")
)
def test_help_and_marks_meet_wcag_aa_on_every_background(selector: str, dark: bool) -> None:
    theme = gr.themes.Default()
    colour = css_colours(f".dark {selector}" if dark else selector)
    for background in BACKGROUNDS:
        behind = theme_colour(theme, background, dark)
        assert contrast(colour, behind) >= AA, (selector, background, colour, behind, contrast(colour, behind))


@pytest.mark.parametrize("selector", [".info-text", ".dark .info-text"])
def test_the_help_colour_wins_over_the_themes_own(selector: str) -> None:
    """Gradio scopes its `.info-text` rule by a component class (`.info-text.svelte-…`), more specific than ours:
    only !important lets the page's colour through."""
    assert re.search(rf"(?m)^{re.escape(selector)} \{{ color: #[0-9a-f]{{6}} !important; \}}$", CSS), CSS
