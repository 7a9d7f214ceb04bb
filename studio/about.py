"""The page's footer: the settings this studio runs with, so a visitor of a shared Space knows its limits."""

from __future__ import annotations

import gradio as gr

from core.settings import Settings
from studio.strings import words


def build(settings: Settings, lang: str) -> gr.Markdown:
    w = words("app", lang)
    cpu = w("cpu_allowed") if settings.allow_cpu_training else w("cpu_refused")
    if settings.mode == "shared":
        privacy = w(
            "privacy_shared",
            quota=f"{settings.quota_gb:g}",
            datasets=settings.quota_datasets,
            runs=settings.quota_runs,
        )
    else:
        privacy = w("privacy_local")
    text = w(
        "about_text",
        upload=f"{settings.max_upload_mb:g}",
        running=settings.max_running,
        cpu=cpu,
        privacy=privacy,
        settings=" · ".join(f"`{line}`" for line in settings.lines()),
    )
    with gr.Accordion(w("about"), open=False, elem_id="about"):
        return gr.Markdown(text, elem_id="about-settings")
