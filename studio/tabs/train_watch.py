"""The Train tab's "Watch a run folder" panel: a run that a cluster trains (`python -m training run CONFIG --run-dir
D`, D on storage this machine sees) joins the run list, charts live and stops from Stop
(training/lifecycle/watched.py). A local studio's only: in a shared one the panel is hidden and the engine refuses
(training/visitors/access.check_watch), since the path would be read on a visitor's behalf."""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from studio import session
from studio.strings import words
from training.lifecycle.watched import WatchError
from training.visitors import access, workspace
from training.visitors.access import AccessDenied, Visitor

Words = Callable[..., str]
Choices = Callable[[Visitor, str], list[tuple[str, str]]]


def refusal(exc: Exception, w: Words) -> str:
    """Why watching (or resuming a watched run) was refused, in the page's language where the engine named a rule;
    other refusals keep the engine's sentence."""
    if isinstance(exc, WatchError):
        return w(f"watch_{exc.rule}", **exc.values)
    if isinstance(exc, AccessDenied) and exc.rule == "watch_shared":
        return w("watch_shared")
    return str(exc)


def build(
    lang: str, owner: gr.BrowserState, run: gr.Dropdown, message: gr.Markdown, choices: Choices
) -> dict[str, gr.Component]:
    """The folder box and its button; a watched run opens in `run`, and `message` says what happened."""
    w = words("train", lang)
    c: dict[str, gr.Component] = {}
    shown = not access.shared_mode()
    with (
        gr.Accordion(w("watch_panel"), open=False, visible=shown, elem_id="train-watch-panel") as c["watch_panel"],
        gr.Row(),
    ):
        c["watch_path"] = gr.Textbox(
            label=w("watch_path"), placeholder="/shared/runs/exp1", elem_id="train-watch-path", scale=4
        )
        c["watch_button"] = gr.Button(w("watch_button"), elem_id="train-watch-button", scale=1)

    def watch(path: str | None, owner: str | None, request: gr.Request):
        who = session.visitor(owner, request)
        try:
            run_id = workspace.watch(who, path or "")
        except (WatchError, AccessDenied) as exc:
            return gr.update(), w("refused", message=refusal(exc, w))
        return gr.update(choices=choices(who, lang), value=run_id), w("watching", run=run_id)

    c["watch_button"].click(watch, [c["watch_path"], owner], [run, message], api_name="train_watch")
    return c
