"""UI words per tab, in English and Korean, keyed by element."""

from __future__ import annotations

from importlib import import_module

LANGUAGES = ("en", "ko")


def words(tab: str, lang: str):
    """A lookup for one tab's strings in one language; falls back to English for a missing translation."""
    table: dict[str, dict[str, str]] = import_module(f"studio.strings.{tab}").STRINGS
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: choose one of {', '.join(LANGUAGES)}")

    def lookup(key: str, **values: object) -> str:
        entry = table[key]
        return entry.get(lang, entry["en"]).format(**values)

    return lookup
