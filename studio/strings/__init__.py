"""UI words per tab, in English and Korean, keyed by element."""

from __future__ import annotations

from importlib import import_module
from pathlib import PurePath

from training.visitors.access import redact

LANGUAGES = ("en", "ko")


def words(tab: str, lang: str):
    """A lookup for one tab's strings in one language; falls back to English for a missing translation."""
    table: dict[str, dict[str, str]] = import_module(f"studio.strings.{tab}").STRINGS
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: choose one of {', '.join(LANGUAGES)}")

    def lookup(key: str, **values: object) -> str:
        """The entry with its values filled in; text values (messages, paths, errors) lose their server paths
        in a shared studio (access.redact), so no reply tells a stranger how the server is laid out."""
        entry = table[key]
        shown = {k: redact(str(v)) if isinstance(v, (str, PurePath, BaseException)) else v for k, v in values.items()}
        return entry.get(lang, entry["en"]).format(**shown)

    return lookup
