"""Deploy tab: export a finished run's model (adapter, merged, sentence-transformers) with its card, and push it.

The token typed here goes straight to the engine's push call and nowhere else: not into gr.State, not into the
run, not into a log line.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import gradio as gr

from core import settings
from studio import session
from studio.strings import words
from training.lifecycle import runs
from training.publish.export import DEFAULT_KIND, KINDS
from training.publish.hub import StudioHubError
from training.visitors import access, workspace
from training.visitors.access import AccessDenied, Visitor


def deployable_runs(owner: Visitor | str | None = None) -> list[str]:
    """Runs of this visitor whose model is saved (finished, or stopped with a model), newest first."""
    return [r.id for r in workspace.run_list(session.who(owner)) if (r.path / "model").is_dir()]


def relist(owner: str | None, request: gr.Request):
    """The run picker's choices for this visitor (the app calls it when the tab opens, too)."""
    return gr.update(choices=deployable_runs(session.visitor(owner, request)))


def default_out(run_id: str, kind: str) -> str:
    """A folder under the data dir (local mode), or just a name under the visitor's own exports (shared mode)."""
    name = f"{run_id}-{kind}"
    return name if access.shared_mode() else str(settings.data_dir() / "exports" / name)


def kinds_for(run_id: str | None, owner: Visitor | str | None = None) -> tuple[list[str], str | None]:
    """The export kinds a run's task can give (sentence-transformers only for embeddings) and its default."""
    if not run_id:
        return list(KINDS), None
    try:
        task = runs.load_config(workspace.run_dir(session.who(owner), run_id)).task
    except (FileNotFoundError, AccessDenied):
        return list(KINDS), None
    return [k for k in KINDS if task == "embedding" or k != "sentence-transformers"], DEFAULT_KIND[task]


# Weights are stored as they are: float bytes hardly deflate, and deflating e5-small's 466 MB export took over a
# minute on 2 cores while the page waited for its download link. Text files (configs, card, vocab) are deflated.
STORED_AS_IS = frozenset({".safetensors", ".bin", ".pt", ".pth", ".gguf", ".onnx", ".npy"})


def zipped(folder: Path) -> Path:
    """The export as one zip file for the browser to download (a Space's disk is not the user's). In shared mode
    it sits beside the export in the visitor's own folder, where their quota counts it; locally in a temp folder,
    not beside a folder the person chose. Written under a temporary name and renamed: never a half zip."""
    parent = folder.parent if access.shared_mode() else Path(tempfile.mkdtemp(prefix="studio-export-"))
    archive = parent / f"{folder.name}.zip"
    partial = archive.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w") as out:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            kind = zipfile.ZIP_STORED if path.suffix in STORED_AS_IS else zipfile.ZIP_DEFLATED
            out.write(path, path.relative_to(folder).as_posix(), compress_type=kind)
    partial.replace(archive)
    return archive


def folder_size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def build(lang: str, owner: gr.BrowserState) -> dict[str, gr.Component]:
    """`owner` is the page's browser id; a signed-in visitor is read from the request (session.visitor)."""
    w = words("deploy", lang)
    shared = access.shared_mode()
    c: dict[str, gr.Component] = {}
    gr.Markdown(w("intro"))
    with gr.Row():
        c["run"] = gr.Dropdown(choices=deployable_runs(), value=None, label=w("run"), elem_id="deploy-run", scale=3)
        c["refresh"] = gr.Button(w("refresh"), elem_id="deploy-refresh", scale=1)
    with gr.Row():
        c["kind"] = gr.Radio(choices=list(KINDS), label=w("kind"), info=w("kind_info"), elem_id="deploy-kind")
        c["out"] = gr.Textbox(label=w("out_shared" if shared else "out"), elem_id="deploy-out", scale=2)
    c["force"] = gr.Checkbox(False, label=w("force"), elem_id="deploy-force", visible=not shared)
    c["export"] = gr.Button(w("export"), variant="primary", elem_id="deploy-export")
    c["export_status"] = gr.Markdown(elem_id="deploy-export-status")
    c["download"] = gr.File(label=w("download"), interactive=False, elem_id="deploy-download")
    with gr.Accordion(w("card"), open=False):
        c["card"] = gr.Markdown(elem_id="deploy-card")
    gr.Markdown(f"### {w('push_title')}")
    with gr.Row():
        c["repo"] = gr.Textbox(label=w("repo"), info=w("repo_info"), elem_id="deploy-repo", scale=2)
        c["private"] = gr.Checkbox(True, label=w("private"), elem_id="deploy-private", scale=1)
    c["token"] = gr.Textbox(label=w("token"), info=w("token_info"), type="password", elem_id="deploy-token")
    c["space"] = gr.Textbox(label=w("space"), info=w("space_info"), elem_id="deploy-space")
    c["push"] = gr.Button(w("push"), elem_id="deploy-push")
    c["push_status"] = gr.Markdown(elem_id="deploy-push-status")

    def pick_run(run_id: str | None, owner: str | None, request: gr.Request):
        choices, kind = kinds_for(run_id, session.visitor(owner, request))
        return gr.update(choices=choices, value=kind), default_out(run_id, kind) if run_id and kind else ""

    def pick_kind(run_id: str | None, kind: str | None) -> str:
        return default_out(run_id, kind) if run_id and kind else ""

    def do_export(run_id: str | None, kind: str | None, out: str, force: bool, owner: str | None, request: gr.Request):
        if not run_id or not kind:
            return w("no_run"), None, ""
        who = session.visitor(owner, request)
        try:
            folder = workspace.export_run(who, run_id, kind, out or default_out(run_id, kind), force=bool(force))
        except (ValueError, FileNotFoundError, OSError) as exc:  # AccessDenied is a PermissionError (OSError)
            return w("failed", action=w("action_export"), message=str(exc)), None, ""
        files = sum(1 for p in folder.rglob("*") if p.is_file())
        shown = folder.name if access.shared_mode() else folder
        status = w("exported", kind=kind, run=run_id, out=shown, files=files, mib=f"{folder_size_mib(folder):.1f}")
        card = access.redact((folder / "README.md").read_text(encoding="utf-8"))  # a base model named by its folder
        return status, str(zipped(folder)), card

    def do_push(run_id: str | None, kind: str | None, repo: str, private: bool, token: str, space: str,
                owner: str | None, request: gr.Request):  # fmt: skip
        if not run_id:
            return w("no_run")
        repo, space = (repo or "").strip(), (space or "").strip()
        if not repo:
            return w("no_repo")
        who = session.visitor(owner, request)
        try:
            pushed = workspace.push_run(
                who, run_id, repo, private=bool(private), token=token, kind=kind or None, demo_space_id=space
            )
        except (StudioHubError, ValueError, FileNotFoundError, AccessDenied) as exc:
            return w("failed", action=w("action_push"), message=str(exc))
        lines = [w("pushed", files=len(pushed[0].files), repo=pushed[0].repo_id, url=pushed[0].url)]
        lines += [w("space_pushed", repo=made.repo_id, url=made.url) for made in pushed[1:]]
        return "\n\n".join(lines)

    c["refresh"].click(relist, owner, c["run"])
    c["run"].change(pick_run, [c["run"], owner], [c["kind"], c["out"]])
    c["kind"].input(pick_kind, [c["run"], c["kind"]], c["out"])
    c["export"].click(
        do_export,
        [c["run"], c["kind"], c["out"], c["force"], owner],
        [c["export_status"], c["download"], c["card"]],
        api_name="deploy_export",
    )
    c["push"].click(
        do_push,
        [c["run"], c["kind"], c["repo"], c["private"], c["token"], c["space"], owner],
        c["push_status"],
        api_name="deploy_push",
    )
    return c
