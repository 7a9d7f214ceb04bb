"""The test suite's own rules: a test module never imports another (shared builders live in helper modules and
conftest fixtures), every browser test is marked e2e, and every marker used is registered, so `-m "not slow and not
e2e"` stays the quick set and `--strict-markers` passes."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from tests.architecture import imports_of

ROOT = Path(__file__).resolve().parents[1]
TESTS = sorted(p.relative_to(ROOT) for p in (ROOT / "tests").rglob("*.py") if "__pycache__" not in p.parts)


def test_no_test_module_imports_another() -> None:
    found = {
        (str(i.path), i.target)
        for path in TESTS
        for i in imports_of(ROOT, path)
        if i.target.startswith("tests.") and i.target.rpartition(".")[2].startswith("test_")
    }
    assert sorted(found) == []


def module_marks(path: Path) -> str:
    """The source of the module-level `pytestmark = ...`, or ''."""
    tree = ast.parse((ROOT / path).read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pytestmark" for t in node.targets):
            return ast.unparse(node.value)
    return ""


def test_every_browser_test_module_is_marked_e2e() -> None:
    drives_chromium = {i.path for p in TESTS for i in imports_of(ROOT, p) if i.target.split(".")[0] == "playwright"}
    browser = [p for p in TESTS if p.name.startswith("test_") and (p in drives_chromium or p.parts[1] == "e2e")]
    assert browser, "no browser tests found: the check would pass by finding nothing"
    assert [str(p) for p in sorted(set(browser)) if "pytest.mark.e2e" not in module_marks(p)] == []


def test_every_marker_used_is_registered() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]["ini_options"]
    registered = {line.split(":")[0].strip() for line in config["markers"]}
    builtin = {"parametrize", "skip", "skipif", "xfail", "usefixtures", "filterwarnings"}
    used = {m for p in TESTS for m in re.findall(r"pytest\.mark\.(\w+)", (ROOT / p).read_text("utf-8"))}
    assert used - builtin <= registered, f"unregistered markers: {sorted(used - builtin - registered)}"
    assert {"slow", "e2e"} <= registered
