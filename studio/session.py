"""Who is asking, as the page knows it: a signed-in person (Hugging Face, or the users file of STUDIO_AUTH_FILE)
or else the browser's random id. `visitor()` turns a request into the engine's `access.Visitor`; every rule of
who may do what lives in training/visitors/access.py, not here.

The browser id lives in localStorage (gr.BrowserState): it survives a reload and a restart of the app. It is a
random 128-bit name: it keeps one anonymous visitor's work apart from another's. A signed-in identity comes from
the server's own session (the OAuth cookie, or Gradio's login) and cannot be claimed by sending a value.
"""

from __future__ import annotations

import inspect
import time
import uuid
from collections.abc import Callable
from typing import Any

import gradio as gr

from training.visitors import access
from training.visitors.access import Visitor

OWNER_KEY = "tuning-studio-owner"
# BrowserState encrypts with a secret that it sends to the page anyway. A fixed one keeps the id readable after a
# restart and on both language pages; gradio's default, a random secret per component, would hand each page and
# each restart a new id, and the visitor would lose sight of their own datasets.
OWNER_SECRET = "tuning-studio-owner-v1"


def owner_state() -> gr.BrowserState:
    return gr.BrowserState(None, storage_key=OWNER_KEY, secret=OWNER_SECRET)


def is_owner(value: object) -> bool:
    return access.is_browser_id(value)


def ensure_owner(owner: str | None) -> str:
    """The browser's id, or a fresh one on its first visit (or when what it sent is not an id of ours)."""
    return owner if is_owner(owner) else uuid.uuid4().hex


def visitor(owner: str | None, request: gr.Request | None = None) -> Visitor:
    """The visitor behind an event: signed in with Hugging Face, signed in with the users file, else the browser."""
    if request is not None:
        info = _oauth_info(request)
        if info:
            return access.hf_user(info["userinfo"]["preferred_username"], info.get("access_token"))
        if getattr(request, "username", None):
            return access.user(request.username)
    return access.browser(owner)


def who(owner: Visitor | str | None) -> Visitor:
    """What the tabs' functions accept as `owner`: a Visitor (from an event), a browser id (tests, older
    callers), or nothing — a page without an id yet, which sees shared things only."""
    return owner if isinstance(owner, Visitor) else access.browser(owner)


def with_request(fn: Callable[..., Any], inputs: int, *, progress: bool = False) -> Callable[..., Any]:
    """`fn(*values, request[, progress])` as an event handler of `inputs` inputs: Gradio hands a `gr.Request` (and
    a progress bar) only to named positional parameters, and a form of many fields is easier passed as *values."""

    def handler(*values: Any) -> Any:
        return fn(*values)

    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    parameters = [inspect.Parameter(f"value_{i}", kind) for i in range(inputs)]
    parameters.append(inspect.Parameter("request", kind, annotation=gr.Request))
    if progress:
        parameters.append(inspect.Parameter("progress", kind, default=gr.Progress()))
    handler.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    handler.__annotations__ = {"request": gr.Request}
    handler.__name__ = getattr(fn, "__name__", "handler")
    return handler


def _oauth_info(request: gr.Request) -> dict[str, Any] | None:
    """The Hugging Face sign-in Gradio keeps in the signed session cookie (its `oauth_info` entry), unexpired."""
    raw = getattr(request, "request", None)
    scope = getattr(raw, "scope", None)
    session = scope.get("session") if isinstance(scope, dict) else None
    info = session.get("oauth_info") if isinstance(session, dict) else None
    if not isinstance(info, dict) or not isinstance(info.get("userinfo"), dict):
        return None
    expires = info.get("expires_at")
    return None if isinstance(expires, (int, float)) and expires < time.time() else info


def visible_to(owner: str | None) -> str:
    """The store's filter for an anonymous browser: its id, or "" (shared datasets only) before the page has one."""
    return owner if is_owner(owner) else ""
