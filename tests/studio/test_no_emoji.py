"""No emoji in anything the studio shows: a stock Debian Chromium has no emoji font, and there an emoji status mark
(a check in a green box, a red cross, a warning sign) is an empty box. Text marks (✓ ✗ · → ⚠ without its emoji
selector) render in any font. Every word the page shows comes from studio/strings/; the marks a view adds beside
them are string literals in studio/. Each failure lists every offender with where it is."""

from __future__ import annotations

import ast
import pkgutil
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import regex

import studio.strings

ROOT = Path(__file__).resolve().parents[2]
# Emoji as a font draws them: a character shown as emoji by default, or any emoji-capable one asked to be (U+FE0F)
EMOJI = regex.compile(r"\p{Emoji_Presentation}|\p{Emoji}\uFE0F")


def strings_in(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a table (dicts, lists, tuples, sets, nested), with its place: NAME['key']['ko']."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key, f"{where} (a key)")
            yield from strings_in(item, f"{where}[{key!r}]")
    elif isinstance(value, (list, tuple, set, frozenset)):
        for i, item in enumerate(value):
            yield from strings_in(item, f"{where}[{i}]")


def table_offenders() -> list[str]:
    found = []
    for info in pkgutil.iter_modules(studio.strings.__path__):
        module = import_module(f"studio.strings.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("_") or not isinstance(value, (str, dict, list, tuple, set, frozenset)):
                continue
            for where, text in strings_in(value, name):
                if mark := EMOJI.search(text):
                    found.append(f"studio/strings/{info.name}.py {where}: {mark.group()!r} in {text[:80]!r}")
    return found


def literal_offenders() -> list[str]:
    """String literals (not comments) in studio/ with an emoji, as file:line."""
    found = []
    for path in sorted((ROOT / "studio").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and (mark := EMOJI.search(node.value)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {mark.group()!r} in {node.value[:80]!r}")
    return found


def test_the_emoji_pattern_tells_emoji_from_text_marks() -> None:
    for emoji in ("✅", "❌", "⚠️", "ℹ️", "🔒", "🛑", "🚀", "⏳"):
        assert EMOJI.search(f"mark {emoji} here"), emoji
    for text_mark in ("✓", "✗", "·", "→", "⚠", "ℹ", "×", "…", "①", "—", "한국어", "≤ 0.5"):
        assert not EMOJI.search(text_mark), text_mark


def test_no_string_table_holds_an_emoji() -> None:
    found = table_offenders()
    assert not found, f"{len(found)} emoji in the string tables (use a text mark or CSS):\n" + "\n".join(found)


def test_no_string_literal_in_the_studio_holds_an_emoji() -> None:
    found = literal_offenders()
    assert not found, f"{len(found)} emoji in studio/ string literals (use a text mark or CSS):\n" + "\n".join(found)
