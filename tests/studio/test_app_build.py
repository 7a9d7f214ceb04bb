"""The app builds in both languages without launching, and the engine never needs gradio."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from studio.page_locale import LANGUAGE_NAMES
from studio.strings import words

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_app_builds_without_launching(lang: str, data_dir: Path) -> None:
    import gradio as gr

    from studio.app import build_app

    demo = build_app(lang)
    assert isinstance(demo, gr.Blocks)
    ids = {getattr(block, "elem_id", None) for block in demo.blocks.values()}
    assert {"train-start", "train-loss-plot", "test-search", "cfg-training-learning-rate"} <= ids
    assert not (data_dir / "runs").exists(), "building the UI starts nothing"
    # Each page has its own navbar with both languages (a page without one shows Gradio's "Home" and no way back)
    other = "ko" if lang == "en" else "en"
    navbars = {block.page: block for block in demo.blocks.values() if isinstance(block, gr.Navbar)}
    assert set(navbars) == {"", other}
    for navbar in navbars.values():
        assert navbar.main_page_name == LANGUAGE_NAMES[lang]
        assert [tuple(link) for link in navbar.value] == [(LANGUAGE_NAMES[other], other)]


def test_every_ui_string_exists_in_both_languages() -> None:
    for tab in ("app", "builtin", "data", "configure", "train", "test"):
        table = __import__(f"studio.strings.{tab}", fromlist=["STRINGS"]).STRINGS
        for key, entry in table.items():
            assert entry.get("en") and entry.get("ko"), f"studio/strings/{tab}.py: {key!r} lacks en or ko"
    assert words("test", "ko")("rank", rank=3) == "3위"
    with pytest.raises(ValueError, match="language 'fr'"):
        words("test", "fr")


@pytest.mark.slow
def test_engine_imports_with_gradio_blocked() -> None:
    code = (
        "import sys; sys.modules['gradio'] = None\n"
        "import training.__main__, training.lifecycle.runs, training.retrieval.evaluate\n"
        "import training.tasks.embedding, training.lifecycle.progress\n"
        "import datasets_spec.__main__, datasets_spec.store, datasets_spec.pairs\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


def test_every_field_has_a_korean_label() -> None:
    from studio.strings.fields import KO_LABELS
    from training.config.studio import field_specs

    assert {s.path for s in field_specs()} == set(KO_LABELS)
