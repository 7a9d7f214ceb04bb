"""What every persona walk checks on every screen: no uncaught JavaScript error or console error for the whole walk,
no emoji in what the page shows (a stock Debian Chromium has no emoji font: they render as empty boxes), and on
/ko no English sentence.

"English sentence" is the idea of tests/e2e/test_korean_page_browser.py: three or more English words in a row that
are not code names, ids, paths, numbers or the few proper names in `NAMES`.
"""

from __future__ import annotations

import regex

# Words that stay as they are on the Korean page, and why
NAMES = {
    "tuning",
    "studio",  # "Tuning Studio", the product's name
    "hugging",
    "face",  # "Hugging Face", a company's name
    "yaml",
    "json",
    "csv",
    "gguf",
    "jsonl",  # file formats, named as their files are
    "bm25",
    "lora",  # method names written the same in Korean text
}
WORD = regex.compile(r"^[A-Za-z]+(?:[-'][A-Za-z]+)*$")  # a word, not a code name, id, path or number
END = "¶"  # the end of a line
BREAKS = ",;:"  # a list of names ("ids, flag, legal") is not a sentence
NUMBER = regex.compile(r"^[\d.,:=×/%+()~⁻⁰¹²³⁴⁵⁶⁷⁸⁹e-]+$")
# Emoji as a font draws them: a character shown as emoji by default, or any emoji-capable one asked to be (U+FE0F).
# Text marks such as ✓ ✗ · → are not emoji and render in any font.
EMOJI = regex.compile(r"\p{Emoji_Presentation}|\p{Emoji}\uFE0F")
# The page's text without code: YAML and templates in editors, `code names` in prose and the train log are the same
# in every language. innerText skips what is not displayed, so code is hidden for the reading.
READ = """() => {
    const code = [...document.querySelectorAll('code, pre, .cm-editor, .cm-line, [class*=codemirror]')]
        .filter(e => e.style.display !== 'none');
    code.forEach(e => { e.dataset.shown = e.style.display; e.style.display = 'none'; });
    const text = document.body.innerText;
    code.forEach(e => { e.style.display = e.dataset.shown; });
    return text;
}"""
# Console messages that are errors in all but name: Vega's warning when a chart is drawn from no data.
BAD_WARNINGS = ("Infinite extent",)


def english_sentences(text: str) -> list[str]:
    """Every run of three or more English words that are not names, with the line it is on."""
    found = []
    for line in text.splitlines():
        words: list[str] = []
        for token in [*line.split(), END]:
            bare = token.strip("()[]{}.,:;!?\"'`*_·–—-→")
            word = bool(bare) and WORD.match(bare) is not None and bare.lower() not in NAMES
            if word:
                words.append(bare)
            elif NUMBER.match(token) and token[-1] not in BREAKS:
                continue
            if (bare and not word) or token[-1] in BREAKS or token == END:
                if len(words) >= 3:
                    found.append(f"{' '.join(words)}  <-  {line.strip()[:160]}")
                words = []
    return found


def emoji_in(text: str) -> list[str]:
    """Each line of `text` that holds an emoji, the emoji first."""
    return [f"{hit.group()!r} in: {line.strip()[:120]}" for line in text.splitlines() if (hit := EMOJI.search(line))]


def visible_text(page) -> str:
    return page.evaluate(READ)


STREAM_CUT = ("BodyStreamBuffer was aborted", "Connection errored out")  # a page's event streams, cut by a reload


class PageWatch:
    """Everything a page says went wrong, from the moment it is attached until the walk ends: uncaught errors
    (`pageerror`), console errors, and the console warnings in BAD_WARNINGS; and what each screen checked showed."""

    def __init__(self, page, lang: str) -> None:
        self.page, self.lang = page, lang
        self.errors: list[str] = []
        self.problems: list[str] = []  # emoji and English found on screens, each with the screen's name
        self.reloading = False
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("console", self._console)

    def reload(self) -> None:
        """Reload the page as a person would. The old page's open event streams are cut by it, and Gradio logs
        that ("BodyStreamBuffer was aborted", "Connection errored out"): those two, while reloading, are not errors."""
        self.reloading = True
        try:
            self.page.reload()
        finally:
            self.reloading = False

    def _console(self, message) -> None:
        if self.reloading and any(cut in message.text for cut in STREAM_CUT):
            return
        if message.type == "error" or (message.type == "warning" and any(bad in message.text for bad in BAD_WARNINGS)):
            self.errors.append(f"console {message.type}: {message.text[:300]}")

    def screen(self, where: str) -> str:
        """Read what the page shows now; note emoji (and English on /ko). Returns the text read."""
        text = visible_text(self.page)
        self.problems += [f"[{where}] emoji {e}" for e in emoji_in(text)]
        if self.lang == "ko":
            self.problems += [f"[{where}] English {s}" for s in english_sentences(text)]
        return text

    def expect(self, ok: object, what: str) -> bool:
        """A check of what the person sees, kept and reported at the end with the others, so one failure does not
        hide the rest of the walk (the steps themselves wait and fail at once)."""
        if not ok:
            self.problems.append(f"[{self.page.url.rsplit('/', 1)[-1] or '/'}] {what}")
        return bool(ok)

    def assert_clean(self) -> None:
        """At the end of a walk: no error the whole way, no emoji and no English sentence on any screen read."""
        errors = list(dict.fromkeys(self.errors))
        problems = list(dict.fromkeys(self.problems))
        assert not errors and not problems, (
            f"{len(self.errors)} JS or console errors ({len(errors)} distinct), {len(problems)} problems seen:\n"
            + "\n".join([*errors[:20], *problems[:40]])
        )
