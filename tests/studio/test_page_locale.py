"""Gradio's own words in each page's language (studio/page_locale.py): the launch options, the installed Gradio they
rely on, a launched app serving both pages with the switch, and in Chromium the words a person reads.

The browser test runs on a one-component app, not the studio, so it takes seconds: the studio's own /ko reading
is tests/e2e/test_korean_page_browser.py."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import httpx
import pytest
from gradio import networking

import app as entry
from studio import page_locale
from studio.strings.builtin import STRINGS as BUILTIN
from tests.e2e.gradio_words import GRADIO_ASSETS, SEEN, gradio_namespaces
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for

CONFIG = re.compile(r"window\.gradio_config = (.*?);</script>", re.S)


@pytest.mark.parametrize(("lang", "pages"), [("en", {"": "en", "ko": "ko"}), ("ko", {"": "ko", "en": "en"})])
def test_each_page_switches_gradio_to_its_own_language(lang: str, pages: dict[str, str]) -> None:
    assert page_locale.page_languages(lang) == pages
    options = page_locale.launch_options(lang)
    assert json.dumps(pages, ensure_ascii=False) in options["head"]
    assert options["head"].startswith("<script>") and options["head"].endswith("</script>")
    words_of = options["i18n"].translations_dict
    assert words_of["en"]["common.complete"] == "Done" and words_of["ko"]["common.complete"] == "완료"
    assert set(words_of["en"]) == set(words_of["ko"]) == set(BUILTIN)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_navbar_names_each_language_in_its_own(lang: str) -> None:
    other = page_locale.other_language(lang)
    navbar = page_locale.navbar(lang)
    assert navbar.main_page_name == page_locale.LANGUAGE_NAMES[lang]
    assert [tuple(link) for link in navbar.value] == [(page_locale.LANGUAGE_NAMES[other], other)]


def test_the_installed_gradio_has_what_the_switch_calls() -> None:
    """The head script imports Gradio's i18n module (assets/core-<hash>.js) and calls its `changeLocale`; Gradio's
    status line asks for `common.complete`; and the keys strings/builtin.py fills are Gradio's own namespaces."""
    cores = list(GRADIO_ASSETS.glob("core-*.js"))
    assert len(cores) == 1, [c.name for c in cores]
    assert re.search(r"\bas changeLocale\b", cores[0].read_text(encoding="utf-8"))
    assert any("`common.complete`" in f.read_text(encoding="utf-8") for f in GRADIO_ASSETS.glob("statustracker-*.js"))
    namespaces = gradio_namespaces()
    assert {"common", "upload_text", "dataframe", "chatbot", "chat_interface", "status"} <= set(namespaces)
    assert {key.split(".")[0] for key in BUILTIN} <= set(namespaces)


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """A one-upload app with the studio's two pages (English main page, /ko), launched as app.py launches."""
    with gr.Blocks() as demo:
        page_locale.navbar("en")
        gr.File(elem_id="upload")
        said = gr.Textbox(elem_id="said")
        gr.Button("Go", elem_id="go").click(lambda: "ok", None, said)
    with demo.route(page_locale.LANGUAGE_NAMES["ko"], "ko", show_in_navbar=False):
        page_locale.navbar("en")
        gr.File(elem_id="upload")
        said = gr.Textbox(elem_id="said")
        gr.Button("가기", elem_id="go").click(lambda: "ok", None, said)
    original = networking.url_ok
    networking.url_ok = entry.page_answers  # as app.py does: gradio's 3 s self-check fails on a busy machine
    try:
        port = free_port()
        demo.launch(prevent_thread_lock=True, server_port=port, quiet=True, **page_locale.launch_options("en"))
        yield f"http://127.0.0.1:{port}"
    finally:
        networking.url_ok = original
        demo.close()


def test_a_launched_app_serves_each_page_with_its_language(served: str) -> None:
    for path, page in (("/", ""), ("/ko", "ko")):
        config = json.loads(CONFIG.search(httpx.get(served + path, timeout=60).text).group(1))
        assert config["current_page"] == page
        assert config["head"] == page_locale.head("en")
        assert config["i18n_translations"]["ko"]["common.complete"] == "완료"


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("browser_locale", "path", "lang"),
    [("en-US", "/ko", "ko"), ("ko-KR", "/", "en")],
    ids=["english-browser-on-ko", "korean-browser-on-en"],
)
def test_gradio_speaks_the_page_language_not_the_browser(
    served: str, browser_locale: str, path: str, lang: str
) -> None:
    """Each browser is set to the other language, so only the switch can make Gradio's words the page's."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    expected = {
        "ko": {"drop": "파일을 여기에 드롭", "footer": "API를 통해 사용", "done": "완료", "link": "English"},
        "en": {"drop": "Drop File Here", "footer": "Use via API", "done": "Done", "link": "한국어"},
    }[lang]
    unexpected = {"ko": "Drop File Here", "en": "파일을 여기에 드롭"}[lang]
    raw_key = re.compile(rf"^(?:{'|'.join(gradio_namespaces())})\.[a-z_]+$")
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale=browser_locale)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.add_init_script(f"({SEEN})()")
        page.goto(served + path)
        upload = page.locator("#upload")
        wait_for(lambda: expected["drop"] in upload.inner_text(), 60, f"the upload area in {lang}")
        assert unexpected not in page.locator("body").inner_text()
        wait_for(lambda: expected["footer"] in page.locator("footer").inner_text(), 30, f"the footer in {lang}")
        # The status line's word for a finished event (Gradio's "common.complete"), and never a raw key
        page.locator("#go").click()
        wait_for(lambda: page.locator("#said textarea").input_value() == "ok", 30, "the event")
        seen = lambda: page.evaluate("window.seenTexts")  # noqa: E731
        wait_for(lambda: expected["done"] in seen(), 30, f"the status line's {expected['done']!r}")
        assert not [text for text in seen() if raw_key.match(text)]
        # The navbar leads to the other language's page
        page.get_by_role("link", name=expected["link"]).first.click()
        page.wait_for_url(lambda url: url.rstrip("/").endswith("/ko") == (lang == "en"), timeout=30_000)
        other_drop = "Drop File Here" if lang == "ko" else "파일을 여기에 드롭"
        wait_for(lambda: other_drop in page.locator("#upload").inner_text(), 60, "the other page's words")
        browser.close()
    assert not errors, errors
