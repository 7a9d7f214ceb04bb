"""Who is asking: a per-browser owner id, so that one visitor's uploads stay out of another visitor's lists.

The id lives in the browser's localStorage (gr.BrowserState): it survives a reload and a restart of the app. It is a
random 128-bit name, not a login: it keeps lists apart on a shared Space; it does not guard a dataset whose name is
known (see datasets_spec/store.py).
"""

from __future__ import annotations

import re
import uuid

import gradio as gr

OWNER_KEY = "tuning-studio-owner"
# BrowserState encrypts with a secret that it sends to the page anyway. A fixed one keeps the id readable after a
# restart and on both language pages; gradio's default, a random secret per component, would hand each page and
# each restart a new id, and the visitor would lose sight of their own datasets.
OWNER_SECRET = "tuning-studio-owner-v1"
_OWNER_ID = re.compile(r"^[0-9a-f]{32}$")


def owner_state() -> gr.BrowserState:
    return gr.BrowserState(None, storage_key=OWNER_KEY, secret=OWNER_SECRET)


def is_owner(value: object) -> bool:
    return isinstance(value, str) and bool(_OWNER_ID.match(value))


def ensure_owner(owner: str | None) -> str:
    """The browser's id, or a fresh one on its first visit (or when what it sent is not an id of ours)."""
    return owner if is_owner(owner) else uuid.uuid4().hex


def visible_to(owner: str | None) -> str:
    """The store's filter for this session: its id, or "" (shared datasets only) before the page has one."""
    return owner if is_owner(owner) else ""


def stored_owner(owner: str | None) -> str | None:
    """Whom a dataset stored from this page belongs to: the session, until shared; a caller without a valid id
    (a script, a test) stores a shared one, as the CLI does."""
    return owner if is_owner(owner) else None
