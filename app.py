"""Entry point: `python app.py` serves the studio with the settings core/settings.py reads from the environment
(127.0.0.1:7860 by default; the Dockerfile's CMD, with its ENV)."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: the UI and a training child share 2 cores
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import httpx  # noqa: E402

from core.settings import Settings, SettingsError  # noqa: E402

# gradio waits 3 s; the first page took longer than that with a training run on both cores (load 15, issue 16).
# Beyond this, the page is not coming and gradio's own message about an unreachable localhost is the right one.
SELF_CHECK_TIMEOUT_S = 300.0


def page_answers(url: str) -> bool:
    """gradio's start-up self-check (`gradio.networking.url_ok`) with the patience a busy machine needs.

    gradio 6.31 has no setting for it: every launch() sends HEAD requests to the local URL with a 3 s timeout, and
    the first timeout exits the app ("When localhost is not accessible, a shareable link must be created"). Under
    load the first page render is slower than that, though the server is up: launch() has already fetched its
    startup-events from the same URL, with no timeout. Same question, and the answers gradio accepts."""
    try:
        response = httpx.head(url, timeout=SELF_CHECK_TIMEOUT_S, verify=False)
    except httpx.HTTPError:
        return False
    return response.status_code in (200, 401) or response.is_redirect


def main() -> None:
    # Settings first: a bad value stops the app in a moment, before gradio and torch take seconds to load
    # (so the imports below are deferred).
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        sys.exit(f"Tuning Studio cannot start: {exc}")
    from gradio import networking  # deferred: start-up time

    from studio import page_locale, page_style, signin  # deferred: start-up time
    from studio.app import build_app  # deferred: start-up time
    from training.visitors.users import UsersFileError  # deferred: start-up time

    try:  # a users file that cannot be read stops the start, as a bad setting does
        sign_in = signin.launch_options(settings, settings.lang)
    except (OSError, UsersFileError) as exc:
        sys.exit(f"Tuning Studio cannot start: STUDIO_AUTH_FILE: {exc}")
    demo = build_app(lang=settings.lang, settings=settings)
    networking.url_ok = page_answers  # launch() looks it up on the module; see page_answers for why
    demo.queue(default_concurrency_limit=4).launch(
        server_name=settings.server_name,
        server_port=settings.server_port,
        max_file_size=int(settings.max_upload_mb * 1024 * 1024),
        css=page_style.CSS,  # readable help text (WCAG AA) and the severity marks' colours
        theme=page_style.theme(),  # a bold face with every letter (page_style.FONT_WEIGHTS)
        **page_locale.launch_options(settings.lang),  # Gradio's own words in each page's language
        **sign_in,
    )


if __name__ == "__main__":
    main()
