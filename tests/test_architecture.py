"""The house's layering, read from the source: studio → training → datasets_spec → core (app.py above all),
gradio only in studio/, no first-party import inside a function without a `# deferred:` reason, no import cycles
between files. A made-up tree proves each check reports what it must."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture import (
    Import,
    alike_openings,
    all_imports,
    cycles,
    gradio_below_studio,
    in_functions,
    long_modules,
    product_files,
    upward,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return all_imports(ROOT)


def test_the_scan_sees_every_layer_and_its_imports(imports: list[Import]) -> None:
    files = {path.parts[0] for path in product_files(ROOT)}
    assert {"core", "datasets_spec", "training", "studio", "app.py"} <= files
    assert any(i.importer.startswith("studio.") and i.target == "gradio" for i in imports)  # not vacuous
    assert any(i.importer == "app" and i.target.startswith("studio") for i in imports)


def test_each_layer_imports_only_the_layers_below_it(imports: list[Import]) -> None:
    assert upward(imports) == []


def test_the_engine_and_the_data_never_import_gradio(imports: list[Import]) -> None:
    assert gradio_below_studio(imports) == []


def test_no_first_party_import_inside_a_function_without_a_reason(imports: list[Import]) -> None:
    found = in_functions(imports)
    assert found == [], f"{len(found)} imports inside functions:\n" + "\n".join(found)


def test_no_import_cycles_between_files(imports: list[Import]) -> None:
    found = cycles(imports)
    assert found == [], "\n".join(" ↔ ".join(group) for group in found)


def test_no_module_over_400_lines() -> None:
    """Split by job when a module grows past ~400 lines (string tables and tests aside)."""
    assert long_modules(ROOT) == []


def test_no_two_modules_open_with_nearly_the_same_docstring() -> None:
    assert alike_openings(ROOT) == []


def test_the_size_and_docstring_checks_report_what_they_must(tmp_path: Path) -> None:
    (tmp_path / "training").mkdir()
    (tmp_path / "studio" / "strings").mkdir(parents=True)
    said = "What a config implies but does not state: effective batch, steps, warmup and the final learning rate."
    (tmp_path / "training" / "derived.py").write_text(f'"""{said}"""\n' + "x = 1\n" * 400, encoding="utf-8")
    (tmp_path / "training" / "quantities.py").write_text(f'"""{said[:-1]}, in one place."""\n', encoding="utf-8")
    (tmp_path / "studio" / "strings" / "words.py").write_text("x = 1\n" * 900, encoding="utf-8")
    assert long_modules(tmp_path) == ["training/derived.py: 401 lines"]
    assert alike_openings(tmp_path)[0].startswith("training/derived.py ~ training/quantities.py")


TREE = {
    "app.py": "import studio.ui\n\n\ndef main():\n    from studio import ui\n",
    "core/__init__.py": "",
    "core/base.py": "from training import engine\n",
    "datasets_spec/__init__.py": "",
    "datasets_spec/read.py": "import gradio as gr\nfrom core import base\n",
    "training/__init__.py": "",
    "training/engine.py": (
        "from typing import TYPE_CHECKING\n\n"
        "if TYPE_CHECKING:\n    from studio import ui\n\n\n"
        "def run():\n    from core import base\n\n\n"
        "def cli():\n    from datasets_spec import (  # deferred: start-up time\n        read,\n    )\n"
    ),
    "training/a.py": "from training import b\n",
    "training/b.py": "from . import a\nimport json\n",
    "studio/__init__.py": "",
    "studio/ui.py": "import gradio\nfrom training.engine import run\n",
}


def test_the_checks_report_an_upward_import_an_inner_import_gradio_and_a_cycle(tmp_path: Path) -> None:
    for name, text in TREE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = all_imports(tmp_path)

    assert upward(found) == [
        "core/base.py:1 imports training.engine",
        "training/engine.py:4 imports studio.ui",  # under TYPE_CHECKING it still points the wrong way
    ]
    assert gradio_below_studio(found) == ["datasets_spec/read.py:1 imports gradio"]
    # the deferred one, whose comment sits on the first line of three, passes
    assert in_functions(found) == [
        "training/engine.py:8 imports core.base inside a function",
        "app.py:5 imports studio.ui inside a function",
    ]
    # `from . import a` resolves to training.a; the TYPE_CHECKING import and the ones in functions make no cycle
    assert cycles(found) == [["training.a", "training.b"]]
