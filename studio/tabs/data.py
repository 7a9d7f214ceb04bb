"""Data tab: stored datasets with their statistics and plots; upload, check (located errors) and store new ones."""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr
import pandas as pd

from core import settings
from core.models.load import EMBEDDING_CHOICES, token_lengths
from datasets_spec import store, uploads
from datasets_spec.canonical import Loaded
from datasets_spec.errors import DataError
from datasets_spec.load import FORMATS, load
from datasets_spec.split import SPLIT_BY
from datasets_spec.stats import RARE_BELOW, StatsOptions, statistics
from studio import data_view, session
from studio.strings import words
from studio.widgets import option_widget
from training.config.studio import StudioConfig
from training.visitors import access, workspace
from training.visitors.access import AccessDenied, Visitor

UPLOAD_TYPES = [".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet"]
WORKSPACE = "default"  # uploads of a caller without a browser session (tests, scripts)
AUTO = "auto"


def dataset_choices(owner: Visitor | str | None = None) -> list[str]:
    """The sample, the shared datasets and this visitor's own (shared ones only before the page has an id)."""
    return sorted({store.SAMPLE_NAME, *workspace.dataset_names(session.who(owner))})


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


def compute_stats(task: str, examples: list[dict], corpus: dict, model: str, max_len: int, min_samples: int) -> dict:
    """Token lengths with the model's tokenizer; characters (said so in the unit) when it cannot be loaded."""
    options = StatsOptions(int(max_len) if max_len else None, int(min_samples or RARE_BELOW))
    try:
        lengths_of, unit = token_lengths(model), f"tokens ({model})"
    except (OSError, ValueError) as exc:
        lengths_of, unit = None, access.redact(f"characters — tokenizer of {model!r} not available: {exc}")
    return statistics(
        task,
        examples,
        corpus,
        lengths_of=lengths_of,
        unit=unit,
        max_len=options.max_seq_length,
        min_samples_per_class=options.min_samples_per_class,
    )


def stats_outputs(stats: dict | None, lang: str) -> tuple:
    """Markdown, the two plots (value and bar order together) and the popular-positives table."""
    if stats is None:
        return "", gr.update(value=None), gr.update(value=None), None
    lengths, length_order = data_view.lengths_frame(stats)
    dist, dist_order = data_view.distribution_frame(stats)
    w = words("data", lang)
    return (
        data_view.stats_markdown(stats, lang),
        gr.update(value=lengths, sort=length_order or None, x_title=w("lengths_axis", unit=stats["length_unit"])),
        gr.update(value=dist, sort=dist_order or None),
        data_view.popular_frame(stats),
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


def _saved(file: str | None, workspace: str, saved: list[Path] | None = None) -> Path | None:
    """An uploaded file copied once into the workspace (Gradio's temp copy may vanish); `saved` collects the
    copies, so a store that is refused can remove them."""
    if not file:
        return None
    path = uploads.save_upload(file, Path(file).name, workspace)
    if saved is not None:
        saved.append(path)
    return path


def _source(file: str | None, local_path: str, folder: str, who: Visitor, saved: list[Path] | None = None) -> Path:
    """A path on this machine (a file or a folder such as BEIR's, which a browser cannot upload; in shared mode
    only under STUDIO_DATA_ROOTS) wins over an upload; uploads are copied into the visitor's folder first."""
    local = (local_path or "").strip()
    return access.check_local_path(who, local) if local else _saved(file, folder, saved)


def load_upload(
    file,
    local_path: str,
    corpus_file,
    validation_file,
    fmt: str,
    owner: Visitor | str | None = None,
    saved: list[Path] | None = None,
) -> tuple[Loaded, Loaded | None]:
    """The examples (and an optional validation file, read in the same format) as Check and Store both see them;
    ValueError when an upload is over the size cap. A visitor's uploads go to their own folder."""
    who = session.who(owner)
    folder = who.owner or WORKSPACE
    workspace.check_quota(who)  # an upload is kept (once) in the visitor's folder: it counts
    corpus = _saved(corpus_file, folder, saved)
    loaded = load(_source(file, local_path, folder, who, saved), format=None if fmt == AUTO else fmt, corpus=corpus)
    validation = None
    if validation_file:
        validation = load(_saved(validation_file, folder, saved), format=loaded.format, corpus=corpus)
    return loaded, validation


def check_upload(
    file,
    local_path: str,
    corpus_file,
    validation_file,
    fmt: str,
    model: str,
    max_len: int,
    min_samples: int,
    lang: str,
    *,
    owner: Visitor | str | None = None,
):
    """Report (errors or a clean bill plus warnings), statistics and preview of an upload; nothing is stored."""
    w = words("data", lang)
    if not file and not (local_path or "").strip():
        return (w("need_file"), *stats_outputs(None, lang), None)
    try:
        access.check_model(session.who(owner), model)
        loaded, validation = load_upload(file, local_path, corpus_file, validation_file, fmt, owner)
    except (ValueError, AccessDenied) as exc:  # over the size cap, a server path in shared mode
        return (w("error", message=exc), *stats_outputs(None, lang), None)
    reports = []
    for part in (loaded, validation):
        if part is None:
            continue
        if part.problems.ok:
            reports.append(
                w(
                    "clean",
                    file=part.source.name,
                    format=part.format,
                    task=part.task,
                    examples=len(part.examples),
                    encoding=part.encoding,
                )
            )
        reports.append(data_view.problems_markdown(part.problems, lang))
    report = "\n\n".join(r for r in reports if r)
    if not loaded.problems.ok:
        return (report, *stats_outputs(None, lang), None)
    stats = compute_stats(loaded.task, loaded.examples, loaded.corpus, model, max_len, min_samples)
    return (report, *stats_outputs(stats, lang), data_view.preview_frame(loaded.task, loaded.examples, loaded.corpus))


def import_upload(
    file,
    local_path: str,
    corpus_file,
    validation_file,
    fmt: str,
    name: str,
    split_by: str,
    ratio: float,
    seed: int,
    min_samples: int,
    lang: str,
    *,
    owner: Visitor | str | None = None,
    share: bool = False,
):
    """Store the upload under `name`; errors come back located and nothing is written. With a visitor's `owner`
    the dataset is listed only for them unless `share`; without one (a script, local mode) it is shared."""
    w = words("data", lang)
    if not file and not (local_path or "").strip():
        return gr.update(), w("need_file")
    name = (name or "").strip()
    who = session.who(owner)
    saved: list[Path] = []
    try:
        stored_as = workspace.check_can_store(who, name)
        loaded, validation = load_upload(file, local_path, corpus_file, validation_file, fmt, who, saved)
        by = split_by if split_by in SPLIT_BY[loaded.task] else None
        target = store.store_loaded(
            loaded,
            name,
            validation=validation,
            split_by=by,
            validation_ratio=float(ratio),
            seed=int(seed),
            min_samples_per_class=int(min_samples or 0),
            owner=None if share else stored_as,
        )
    except store.DatasetRejected as exc:
        _discard(saved, who)
        return gr.update(), data_view.problems_markdown(exc.problems, lang)
    except (ValueError, FileExistsError, AccessDenied) as exc:
        _discard(saved, who)
        return gr.update(), w("error", message=exc)
    dropped = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["dropped_classes"]
    note = w("dropped_classes", count=len(dropped), labels=", ".join(dropped[:20])) if dropped else ""
    shared = "" if not stored_as else w("stored_shared") if share else w("stored_private")
    return gr.update(choices=dataset_choices(who), value=name), w("stored", name=name) + note + shared


def _discard(saved: list[Path], who: Visitor) -> None:
    """A refused store leaves nothing behind: its upload copies go (the browser still holds the file)."""
    for path in saved:
        uploads.discard_upload(path, who.owner or WORKSPACE)


def build(lang: str, owner: gr.BrowserState) -> dict[str, gr.Component]:
    """`owner` is the page's session id: lists show what this session may see, uploads are stored as its own."""
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
    with gr.Accordion(w("manage"), open=False), gr.Row():
        c["new_name"] = gr.Textbox(label=w("new_name"), elem_id="data-new-name", scale=3)
        c["rename"] = gr.Button(w("rename"), elem_id="data-rename", scale=1)
        c["delete"] = gr.Button(w("delete"), variant="stop", elem_id="data-delete", scale=1)
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
        c["passages"] = gr.Dataframe(label=w("passages"), wrap=True, interactive=False)
    with gr.Accordion(w("upload_header"), open=True):
        formats = ", ".join(FORMATS)
        gr.Markdown(w("upload_help", formats=formats, cap=f"{uploads.max_upload_bytes() / 1024 / 1024:.0f}"))
        with gr.Row():
            c["file"] = gr.File(label=w("file"), file_types=UPLOAD_TYPES, elem_id="data-upload-file")
            c["corpus_file"] = gr.File(label=w("corpus_file"), file_types=UPLOAD_TYPES, elem_id="data-corpus-file")
            c["validation_file"] = gr.File(label=w("validation_file"), file_types=UPLOAD_TYPES)
        # Hidden in a shared studio unless the host named folders visitors may read (access.check_local_path).
        server_paths = not access.shared_mode() or bool(settings.read("data_roots"))
        c["local_path"] = gr.Textbox(
            label=w("local_path"), placeholder="/data/legal/beir", elem_id="data-local-path", visible=server_paths
        )
        with gr.Row():
            c["format"] = gr.Dropdown(
                choices=[(w("auto"), AUTO), *((f, f) for f in FORMATS)],
                value=AUTO,
                label=w("format"),
                elem_id="data-format",
            )
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
    c["owner"] = owner
    wire(c, lang)
    return c


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
