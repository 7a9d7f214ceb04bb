"""Gradio's own words in the page's language, whatever the browser's.

Gradio words its components (an upload area's "Drop File Here", the status line, the footer) in the browser's
language (svelte-i18n, `navigator.language`), read once as the page starts. Our pages have their language in their
address instead: the main page speaks `lang` and the route named after the other language (/ko or /en) speaks that
one. So a small script in the page's head, which Gradio runs once the app is up, switches Gradio's locale to the
page's through `changeLocale`, the export Gradio's own Settings panel calls to switch languages (the running frontend
module is imported again by its address, so the one that holds the locale is the one switched). Where it cannot
find that module the page keeps the browser's language; tests/e2e/test_korean_page_browser.py reads the words.

`launch_options` is what `launch()` takes for it: the head script and Gradio's missing words (strings/builtin.py)."""

from __future__ import annotations

import json
from typing import Any

import gradio as gr

from studio.strings import LANGUAGES
from studio.strings.builtin import STRINGS as BUILTIN

# The navbar's names for the languages, each in its own language
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}

SWITCH = """<script>
(() => {
  // Page (Gradio's current_page: "" for the main page) -> its language; see studio/page_locale.py
  const pages = %(pages)s;
  const lang = pages[(window.gradio_config || {}).current_page || ""];
  if (!lang) return;
  // Gradio's i18n module ("core-<hash>.js"), loaded before this script runs: its address from the page's resources
  const isCore = (url) => /\\/assets\\/core-[\\w-]+\\.js$/.test(new URL(url, location.href).pathname);
  const loaded = [
    ...performance.getEntriesByType("resource").map((entry) => entry.name),
    ...[...document.querySelectorAll("link[rel=modulepreload]")].map((link) => link.href),
  ];
  const core = loaded.find(isCore);
  if (!core) return console.warn("page_locale: Gradio's i18n module not found; Gradio's words follow the browser");
  import(core).then((module) => module.changeLocale?.(lang));
})();
</script>"""


def other_language(lang: str) -> str:
    return "ko" if lang == "en" else "en"


def page_languages(lang: str) -> dict[str, str]:
    """Each page's path (as Gradio names it: "" for the main page) and its language: the main page speaks `lang`,
    the other language's page is routed at its code (build_app's demo.route)."""
    other = other_language(lang)
    return {"": lang, other: other}


def navbar(lang: str) -> gr.Navbar:
    """The same two links on both pages (a page without its own Navbar shows Gradio's default, "Home" and no way
    back): the main page by its language's name, and the other page."""
    other = other_language(lang)
    return gr.Navbar(value=[(LANGUAGE_NAMES[other], other)], main_page_name=LANGUAGE_NAMES[lang])


def head(lang: str) -> str:
    return SWITCH % {"pages": json.dumps(page_languages(lang), ensure_ascii=False)}


def gradio_words() -> gr.I18n:
    """strings/builtin.py as Gradio takes it: per language, Gradio's key -> the words."""
    return gr.I18n(**{code: {key: entry[code] for key, entry in BUILTIN.items()} for code in LANGUAGES})


def launch_options(lang: str) -> dict[str, Any]:
    return {"head": head(lang), "i18n": gradio_words()}
