"""Data tab: pick a stored dataset or upload one first (checked, errors located, then stored), then the picked
dataset's statistics and plots. The upload's reading and storing live in data_upload.py."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from core import settings
from core.models.load import EMBEDDING_CHOICES
from datasets_spec import store, uploads
from datasets_spec.errors import DataError
from datasets_spec.load import FORMATS
from datasets_spec.split import SPLIT_BY
from datasets_spec.stats import StatsOptions
from studio import data_view, session
from studio.strings import words
from studio.tabs.data_upload import (
    AUTO,
    check_upload,
    chosen,
    compute_stats,
    dataset_choices,
    import_upload,
    stats_outputs,
    takes_corpus,
)
from studio.widgets import option_widget
from training.config.studio import StudioConfig
from training.visitors import access, workspace
from training.visitors.access import AccessDenied, Visitor

UPLOAD_TYPES = [".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet"]


def show(
    name: str, lang: str, owner: Visitor | str | None = None
) -> tuple[str, pd.DataFrame | None, pd.DataFrame | None]:
    """Summary, first rows and passages of a stored dataset, or the error a person can act on."""
    try:
        dataset = workspace.open_dataset(session.who(owner), name)
    except (DataError, FileNotFoundError, ValueError, AccessDenied) as exc:
        return words("data", lang)("error", message=exc), None, None
    private = "\n\n" + words("data", lang)("private") if dataset.manifest.get("owner") else ""
    return (
        data_view.manifest_markdown(dataset.manifest, lang) + private,
        data_view.preview_frame(dataset.task, dataset.train, dataset.corpus),
        data_view.passages_frame(dataset.corpus),
    )


def measure(
    name: str, model: str, max_len: int, min_samples: int, lang: str, owner: Visitor | str | None = None
) -> tuple:
    who = session.who(owner)
    try:
        access.check_model(who, model)
        dataset = workspace.open_dataset(who, name)
    except (DataError, FileNotFoundError, ValueError, AccessDenied):
        return stats_outputs(None, lang)
    examples = dataset.train + dataset.validation
    return stats_outputs(compute_stats(dataset.task, examples, dataset.corpus, model, max_len, min_samples), lang)


def build(lang: str, owner: gr.BrowserState) -> dict[str, gr.Component]:
    """`owner` is the page's session id: lists show what this session may see, uploads are stored as its own.
    What a person does first comes first: pick or upload; the statistics of the picked dataset follow."""
    w = words("data", lang)
    c: dict[str, gr.Component] = {}
    gr.Markdown(w("intro"))
    with gr.Row():
        c["dataset"] = gr.Dropdown(
            choices=dataset_choices(), value=store.SAMPLE_NAME, label=w("dataset"), elem_id="data-dataset", scale=3
        )
        c["use_sample"] = gr.Button(w("use_sample"), elem_id="data-use-sample", scale=1)
        c["share_dataset"] = gr.Button(w("share_dataset"), elem_id="data-share-dataset", scale=1)
    c["summary"] = gr.Markdown(elem_id="data-summary")
    build_upload(c, lang)
    with gr.Accordion(w("manage"), open=False), gr.Row():
        c["new_name"] = gr.Textbox(label=w("new_name"), elem_id="data-new-name", scale=3)
        c["rename"] = gr.Button(w("rename"), elem_id="data-rename", scale=1)
        c["delete"] = gr.Button(w("delete"), variant="stop", elem_id="data-delete", scale=1)
    gr.Markdown(w("stats_header"))
    with gr.Row():
        c["tokenizer"] = gr.Dropdown(
            choices=[m.name for m in EMBEDDING_CHOICES],
            value=StudioConfig().model.name_or_path,
            allow_custom_value=True,
            label=w("tokenizer"),
            elem_id="data-tokenizer",
            scale=3,
        )
        c["max_len"] = option_widget(StatsOptions, "max_seq_length", lang, w("max_len"), "data-max-len", scale=1)
        c["min_samples"] = option_widget(
            StatsOptions, "min_samples_per_class", lang, w("min_samples"), "data-min-samples", scale=1
        )
        c["measure"] = gr.Button(w("measure"), elem_id="data-measure", scale=1)
    c["stats"] = gr.Markdown(elem_id="data-stats")
    with gr.Row():
        c["lengths_plot"] = gr.BarPlot(
            x="length",
            y="texts",
            color="field",
            label=w("lengths_plot"),
            elem_id="data-lengths-plot",
            x_label_angle=-45,
        )
        c["dist_plot"] = gr.BarPlot(
            x="value", y="count", color="series", label=w("dist_plot"), elem_id="data-dist-plot"
        )
    c["popular"] = gr.Dataframe(label=w("popular"), interactive=False, elem_id="data-popular")
    with gr.Row():
        c["examples"] = gr.Dataframe(label=w("preview"), wrap=True, interactive=False, elem_id="data-preview")
        c["passages"] = gr.Dataframe(label=w("passages"), wrap=True, interactive=False, elem_id="data-passages")
    c["owner"] = owner
    wire(c, lang)
    return c


def build_upload(c: dict[str, gr.Component], lang: str) -> None:
    """The format first, then one slot per file it reads: the corpus slot only where the format takes one."""
    w = words("data", lang)
    with gr.Accordion(w("upload_header"), open=True):
        formats = ", ".join(FORMATS)
        gr.Markdown(w("upload_help", formats=formats, cap=f"{uploads.max_upload_bytes() / 1024 / 1024:.0f}"))
        with gr.Row():
            c["format"] = gr.Dropdown(
                choices=[(w("auto"), AUTO), *((f, f) for f in FORMATS)],
                value=AUTO,
                label=w("format"),
                elem_id="data-format",
                scale=1,
            )
            c["file"] = gr.File(label=w("file"), file_types=UPLOAD_TYPES, elem_id="data-upload-file", scale=2)
            c["corpus_file"] = gr.File(
                label=w("corpus_file"), file_types=UPLOAD_TYPES, elem_id="data-corpus-file", scale=2
            )
            c["validation_file"] = gr.File(
                label=w("validation_file"), file_types=UPLOAD_TYPES, elem_id="data-validation-file", scale=2
            )
        # Hidden in a shared studio unless the host named folders visitors may read (access.check_local_path).
        server_paths = not access.shared_mode() or bool(settings.read("data_roots"))
        c["local_path"] = gr.Textbox(
            label=w("local_path"), placeholder="/data/legal/beir", elem_id="data-local-path", visible=server_paths
        )
        with gr.Row():
            c["name"] = gr.Textbox(label=w("name"), value="my-dataset", elem_id="data-name")
            c["split_by"] = gr.Dropdown(
                choices=[AUTO, *sorted({b for bys in SPLIT_BY.values() for b in bys})], value=AUTO, label=w("split_by")
            )
            c["ratio"] = gr.Number(value=0.2, minimum=0.01, maximum=0.9, label=w("validation_ratio"))
            c["seed"] = gr.Number(value=42, precision=0, label=w("seed"))
        with gr.Row():
            c["share"] = gr.Checkbox(False, label=w("share"), elem_id="data-share")
            c["check"] = gr.Button(w("check"), elem_id="data-check")
            c["import"] = gr.Button(w("import"), variant="primary", elem_id="data-import")
        c["report"] = gr.Markdown(elem_id="data-report")


def wire(c: dict[str, gr.Component], lang: str) -> None:
    """Every event names the visitor (session.visitor: signed in, or the browser's id) for the engine's checks."""
    w = words("data", lang)
    shown = [c["summary"], c["examples"], c["passages"]]
    measured = [c["stats"], c["lengths_plot"], c["dist_plot"], c["popular"]]
    measure_inputs = [c["dataset"], c["tokenizer"], c["max_len"], c["min_samples"]]

    def show_event(name: str, owner: str | None, request: gr.Request):
        return show(name, lang, session.visitor(owner, request))

    def measure_event(name: str, model: str, max_len: int, min_samples: int, owner: str | None, request: gr.Request):
        return measure(name, model, max_len, min_samples, lang, session.visitor(owner, request))

    def use_sample(owner: str | None, request: gr.Request):
        store.resolve(store.SAMPLE_NAME)
        return gr.update(choices=dataset_choices(session.visitor(owner, request)), value=store.SAMPLE_NAME)

    def rename(old: str, new: str, owner: str | None, request: gr.Request):
        who = session.visitor(owner, request)
        try:
            workspace.rename_dataset(who, old, (new or "").strip())
        except (ValueError, FileExistsError, FileNotFoundError, AccessDenied) as exc:
            return gr.update(), w("error", message=exc)
        return gr.update(choices=dataset_choices(who), value=new.strip()), w("renamed", name=new.strip())

    def share(name: str, owner: str | None, request: gr.Request):
        try:
            workspace.share_dataset(session.visitor(owner, request), name)
        except (ValueError, FileNotFoundError, AccessDenied) as exc:
            return w("error", message=exc)
        return w("shared", name=name)

    def delete(name: str, owner: str | None, request: gr.Request):
        who = session.visitor(owner, request)
        try:
            workspace.delete_dataset(who, name)
        except (ValueError, FileNotFoundError, AccessDenied) as exc:
            return gr.update(), w("error", message=exc)
        return gr.update(choices=dataset_choices(who), value=store.SAMPLE_NAME), w("deleted", name=name)

    def check_event(file, local_path, corpus_file, validation_file, fmt, model, max_len, min_samples, owner,
                    request: gr.Request):  # fmt: skip
        form = (file, local_path, corpus_file, validation_file, fmt, model, max_len, min_samples)
        return check_upload(*form, lang, owner=session.visitor(owner, request))

    def store_upload(file, local_path, corpus_file, validation_file, fmt, name, split_by, ratio, seed, min_samples,
                     share_it, owner, request: gr.Request):  # fmt: skip
        who = session.visitor(owner, request)
        if not who.owner:  # the page has not got its id yet: storing now would share the data by accident
            return gr.update(), w("no_session")
        form = (file, local_path, corpus_file, validation_file, fmt, name, split_by, ratio, seed, min_samples)
        return import_upload(*form, lang, owner=who, share=bool(share_it))

    def file_chosen(file, fmt: str):
        return chosen(file, fmt, lang)

    def format_chosen(file, fmt: str):
        # an explicit format says it all; auto-detect reads the file again
        return chosen(file, fmt, lang) if fmt == AUTO else ("", corpus_slot(fmt))

    owner = c["owner"]
    c["dataset"].change(show_event, [c["dataset"], owner], shown).then(
        measure_event, [*measure_inputs, owner], measured
    )
    c["measure"].click(measure_event, [*measure_inputs, owner], measured)
    c["use_sample"].click(use_sample, owner, c["dataset"])
    c["rename"].click(
        rename, [c["dataset"], c["new_name"], owner], [c["dataset"], c["report"]], api_name="data_rename"
    )
    c["share_dataset"].click(share, [c["dataset"], owner], c["report"], api_name="data_share").then(
        show_event, [c["dataset"], owner], shown
    )
    c["delete"].click(delete, [c["dataset"], owner], [c["dataset"], c["report"]], api_name="data_delete")

    # A new file or format: the last check's report and preview were about another file; the picked dataset's come
    # back. Its statistics are measured again only once the file is gone: measured while a file waits, they could
    # land after the file's Check and overwrite the file's own.
    def remeasure(file, *values):
        return (gr.skip(),) * len(measured) if file is not None else measure_event(*values)

    for control, action in ((c["file"], file_chosen), (c["format"], format_chosen)):
        control.change(action, [c["file"], c["format"]], [c["report"], c["corpus_file"]]).then(
            show_event, [c["dataset"], owner], shown
        ).then(session.with_request(remeasure, len(measure_inputs) + 2), [c["file"], *measure_inputs, owner], measured)
    upload = [c["file"], c["local_path"], c["corpus_file"], c["validation_file"], c["format"]]
    c["check"].click(
        check_event,
        [*upload, c["tokenizer"], c["max_len"], c["min_samples"], owner],
        [c["report"], *measured, c["examples"]],
        api_name="data_check",
    )
    c["import"].click(
        store_upload,
        [*upload, c["name"], c["split_by"], c["ratio"], c["seed"], c["min_samples"], c["share"], owner],
        [c["dataset"], c["report"]],
        api_name="data_store",
    )


def corpus_slot(fmt: str) -> dict:
    """Shown for a format that reads a corpus; hidden and emptied for one that does not."""
    return gr.update(visible=True) if takes_corpus(fmt) else gr.update(visible=False, value=None)
