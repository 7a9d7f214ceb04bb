"""Signing in: with Hugging Face on a Space (Gradio's OAuth, `hf_oauth: true` in the README's front matter), or
with the users file of a self-hosted shared studio (STUDIO_AUTH_FILE, Gradio's `auth=`). Who a signed-in request
is, is read in session.visitor; this module only turns the settings into Gradio's options."""

from __future__ import annotations

import os
from typing import Any

import gradio as gr

from core.settings import Settings
from studio.strings import words
from training.visitors.users import password_ok, read_users


def hf_offered() -> bool:
    """Hugging Face sets OAUTH_CLIENT_ID in a Space whose card asks for `hf_oauth: true`."""
    return bool(os.environ.get("OAUTH_CLIENT_ID"))


def login_button(lang: str) -> gr.LoginButton | None:
    if not hf_offered():
        return None
    w = words("app", lang)
    return gr.LoginButton(w("sign_in"), logout_value=w("sign_out"), elem_id="sign-in")


def launch_options(settings: Settings, lang: str = "en") -> dict[str, Any]:
    """`auth=` for launch(): a check against the users file (read once here, so a bad file stops the start)."""
    if settings.auth_file is None:
        return {}
    users = read_users(settings.auth_file)
    return {
        "auth": lambda name, password: password_ok(users, name, password),
        "auth_message": words("app", lang)("auth_message"),
    }
