"""What every section of the Augment tab shares (slots, statutes, mining in augment.py, model-written variants in
augment_llm.py): error words, report bullets, the store message, the mining sources and the preview / save row."""

from __future__ import annotations

import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import gradio as gr
import yaml

from datasets_spec import store
from studio import data_view, session
from studio.strings import words
from training.visitors import workspace
from training.visitors.access import Visitor

ERRORS = (ValueError, FileExistsError, FileNotFoundError, OSError)  # DataError, ConfigError, DatasetRejected too


def error_markdown(exc: Exception, lang: str) -> str:
    """What went wrong in words, located where the engine located it; never a traceback."""
    if isinstance(exc, store.DatasetRejected):
        return data_view.problems_markdown(exc.problems, lang)
    if isinstance(exc, yaml.YAMLError):
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        return words("augment", lang)("bad_yaml", message=where + (getattr(exc, "problem", None) or str(exc)))
    return words("augment", lang)("error", message=exc)


def bullets(lines: list[str]) -> str:
    """Markdown list; `<` escaped, or the report's "<spec>" would be taken for an HTML tag and vanish."""
    return "\n".join(f"- {line}".replace("<", "&lt;") for line in lines)


def with_warnings(message: str, loaded, lang: str) -> str:
    """A report, then the generated data's warnings (counted, located) under a heading in the page's language."""
    warned = data_view.problems_markdown(loaded.problems, lang) if loaded.problems.warning_count else ""
    return message + ("\n\n" + warned if warned else "")


def count(value) -> int | None:
    """An empty gr.Number (None) or 0 means 'not set'."""
    return int(value) if value else None


def stored_message(path: Path, name: str, lang: str) -> str:
    """Where it went and, read back from the manifest, whether only this browser sees it."""
    loaded = store.load(str(path))
    w = words("augment", lang)
    message = w("stored", name=name, examples=len(loaded.train) + len(loaded.validation), path=str(path))
    return message + (" " + w("stored_private") if loaded.manifest.get("owner") else "")


@lru_cache(maxsize=1)
def _private_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="tuning-studio-sample-"))  # 0700, a name nobody can guess or plant


def bundled_copy(path: Path) -> str:
    """A bundled file as a file box's value: a copy in this process's own temp folder, because Gradio hands a
    page only files under the working directory or the temp folder, and the studio may run from anywhere."""
    target = _private_folder() / path.name
    if not target.is_file():  # first use, or the temp folder was cleaned meanwhile
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return str(target)


def retrieval_choices(owner: Visitor | str | None = None) -> list[str]:
    """Datasets to mine from: the sample, the shared ones and this visitor's own."""
    return sorted({store.SAMPLE_NAME, *workspace.dataset_names(session.who(owner))})


def owner_for(owner: Visitor | str | None, name: str | None) -> str | None:
    """Whom a dataset about to be stored belongs to, once the engine allows the visitor to store it (session,
    name, quota: workspace.check_can_store); nothing to ask for a preview."""
    return workspace.check_can_store(session.who(owner), name) if name else None


def preview_table(w, columns: dict[str, str], label: str, elem_id: str, *, visible: bool = True) -> gr.Dataframe:
    """A read-only preview whose columns ({string key: share of the width}) are named before the first preview
    (an unnamed empty table shows "1 2 3") and share the width as set: unset, the first column took 85% at
    1400 px and pushed the passages off screen. Long cells wrap."""
    return gr.Dataframe(
        headers=[w(key) for key in columns],
        column_widths=list(columns.values()),
        label=label,
        wrap=True,
        interactive=False,
        elem_id=elem_id,
        visible=visible,
    )


def name_and_button(w, c: dict, prefix: str, default: str) -> None:
    """Preview, the name to store under, Save: the row under every section."""
    with gr.Row():
        c[f"{prefix}_preview"] = gr.Button(w("preview"), elem_id=f"aug-{prefix}-preview", scale=1)
        c[f"{prefix}_name"] = gr.Textbox(value=default, label=w("name"), elem_id=f"aug-{prefix}-name", scale=3)
        c[f"{prefix}_save"] = gr.Button(w("save"), variant="primary", elem_id=f"aug-{prefix}-save", scale=1)
