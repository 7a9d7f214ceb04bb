"""The Augment tab's optional section: variants written by a local causal LM, filtered, previewed, then stored.

Collapsed and idle until someone presses a button with a model named; one engine call
(`datasets_spec.augment.llm.variants`), the same the CLI's `augment llm` makes."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from datasets_spec import store
from datasets_spec.augment.llm.options import LlmOptions
from datasets_spec.augment.llm.variants import (
    Variants,
    check_target,
    generate_variants,
    store_variants,
)
from studio import augment_words, session
from studio.strings import words
from studio.tabs import augment_common as common
from studio.widgets import option_widget
from training.config.groups import DEFAULT_EMBEDDING_MODEL, OFFLINE_SMOLLM2
from training.visitors import access, workspace
from training.visitors.access import Visitor

# The preview's columns and their shares of the width: all four readable at 1400 px
COLUMNS = {"col_source_query": "30%", "col_variant": "36%", "col_score": "10%", "col_result": "24%"}
MAX_ROWS = 200  # candidates shown: a preview is for reading, the report has the counts
DEFAULTS = LlmOptions(model=OFFLINE_SMOLLM2, limit=10)  # 10 queries: about a minute with the 135M model on a CPU


def score_or_none(text) -> float | None:
    """The min-score box: empty means no cosine threshold (a gr.Number cannot be empty: it sends 0)."""
    text = str(text or "").strip()
    try:
        return float(text) if text else None
    except ValueError:
        raise ValueError(f"min_score = {text!r}: a cosine from -1 to 1, or empty for none") from None


def llm_frame(variants: Variants, lang: str, k: int = MAX_ROWS) -> pd.DataFrame:
    """One row per written text: its source query, the cleaned variant, its score and what became of it."""
    w = words("augment", lang)
    columns = [w(key) for key in COLUMNS]
    rows = []
    for c in variants.candidates[:k]:
        score = "" if c.score is None else f"{c.score:.3f} (#{c.rank})"
        result = w("kept") if c.dropped is None else w("dropped", filter=w(f"filter_{c.dropped}"), why=c.why)
        rows.append(dict(zip(columns, [c.source_query, c.text, score, result], strict=True)))
    return pd.DataFrame(rows, columns=columns)


def run_llm(
    source: str,
    model: str,
    kind: str,
    per_example,
    limit,
    seed,
    embedding_model: str,
    min_score,
    name: str | None,
    lang: str,
    progress=None,
    *,
    owner: Visitor | str | None = None,
):
    """Preview (name None) or store, as `owner`'s own when that is a session id; returns (message, table or None)
    like the tab's other actions."""
    if not (model or "").strip():
        return words("augment", lang)("need_model"), None
    try:
        options = LlmOptions(
            model=model.strip(),
            kind=kind,
            per_example=int(per_example or 1),
            limit=common.count(limit),
            seed=int(seed or 0),
            embedding_model=(embedding_model or "").strip() or None,
            min_score=score_or_none(min_score),
        )
        who = session.who(owner)
        workspace.check_dataset_name(who, source)
        access.check_model(who, options.model)
        access.check_model(who, options.embedding_model or "")
        stored_as = common.owner_for(who, name)
        if name:
            check_target(name)
        variants = generate_variants(source, options, progress=progress)
        message = common.with_warnings(
            common.bullets(augment_words.llm_lines(variants.report, lang)), variants.loaded, lang
        )
        if name:
            path = store_variants(variants, name, owner=stored_as)
            message += "\n\n" + common.stored_message(path, name, lang)
    except (ImportError, *common.ERRORS) as exc:
        return common.error_markdown(exc, lang), None
    return message, llm_frame(variants, lang)


def build(c: dict[str, gr.Component], lang: str) -> None:
    """The section's components, added to the tab's dict, and their events."""
    w = words("augment", lang)

    def field(name: str, key: str, **given) -> gr.Component:  # declared in LlmOptions, its Korean label in strings
        return option_widget(LlmOptions, name, lang, w(key), "aug-llm-" + name.replace("_", "-"), **given)

    with gr.Accordion(w("llm_header"), open=False):
        gr.Markdown(w("llm_help"))
        with gr.Row():
            c["llm_source"] = gr.Dropdown(
                choices=common.retrieval_choices(), value=store.SAMPLE_NAME, label=w("source"), scale=2
            )
            c["llm_model"] = field("model", "llm_model", value=DEFAULTS.model, scale=3)
            c["llm_kind"] = field("kind", "llm_kind", scale=1)
        with gr.Row():
            c["llm_per_example"] = field("per_example", "llm_per_example")
            c["llm_limit"] = field("limit", "llm_limit", value=DEFAULTS.limit)
            c["llm_seed"] = field("seed", "seed")
            c["llm_embedding"] = field("embedding_model", "llm_embedding", value=DEFAULT_EMBEDDING_MODEL, scale=2)
            c["llm_min_score"] = field("min_score", "llm_min_score", placeholder="0.85")
        common.name_and_button(w, c, "llm", "legal-ko-variants")
        c["llm_report"] = gr.Markdown(elem_id="aug-llm-report")
        c["llm_table"] = common.preview_table(w, COLUMNS, w("llm_variants"), "aug-llm-table")
    inputs = [
        c[key]
        for key in ("llm_source", "llm_model", "llm_kind", "llm_per_example", "llm_limit", "llm_seed")
        + ("llm_embedding", "llm_min_score")
    ]
    outputs = [c["llm_report"], c["llm_table"]]

    # The page's browser id comes last, then the request and the progress bar (session.with_request).
    def preview(*values):
        *form, owner, request, progress = values
        bar = lambda d, t, what: progress((d, t), desc=what)  # noqa: E731
        return run_llm(*form, None, lang, bar, owner=session.visitor(owner, request))

    def save(*values):
        *form, name, owner, request, progress = values
        if not (name or "").strip():
            return w("need_name"), gr.update()
        bar = lambda d, t, what: progress((d, t), desc=what)  # noqa: E731
        return run_llm(*form, name.strip(), lang, bar, owner=session.visitor(owner, request))

    def refresh(owner: str | None, request: gr.Request):
        return gr.update(choices=common.retrieval_choices(session.visitor(owner, request)))

    def refresh_both(owner: str | None, request: gr.Request):
        return refresh(owner, request), refresh(owner, request)

    previewing, saving = [*inputs, c["owner"]], [*inputs, c["llm_name"], c["owner"]]
    c["llm_preview"].click(session.with_request(preview, len(previewing), progress=True), previewing, outputs)
    c["llm_save"].click(session.with_request(save, len(saving), progress=True), saving, outputs).then(
        refresh_both,
        c["owner"],
        [c["llm_source"], c["source"]],  # mine it next
    )
    c["llm_source"].focus(refresh, c["owner"], c["llm_source"])  # datasets stored above since the page loaded
