"""The Augment tab's question-log section: the unlabelled questions of a log searched by BM25 and the embedding model
over a stored retrieval dataset's passages, the pairs they agree on shown one a row, then stored as the visitor's own.

The same engine calls as `python -m training pseudo-label` (training/retrieval/question_labels.py). Store keeps
what the table shows: the labelled result waits in the page's server-side state, so a changed form does not
silently store other pairs than those inspected."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from core.models.names import DEFAULT_EMBEDDING_MODEL
from datasets_spec import store, uploads
from datasets_spec.question_log import QuestionLog, read_question_log
from studio import augment_words, session, test_models
from studio.form import option_spec
from studio.strings import words
from studio.tabs import augment_common as common
from studio.widgets import option_widget
from training.retrieval.pseudo_label import REASONS, PseudoLabelOptions
from training.retrieval.question_labels import pseudo_labels, store_pseudo_labels, stored_corpus
from training.visitors import access, workspace
from training.visitors.access import Visitor

QUESTIONS_SAMPLE = (store.SAMPLE_DIR / "questions.txt").resolve()  # 615 Korean questions asked about the sample's laws
LOG_TYPES = [".txt", ".jsonl", ".gz"]
WORKSPACE = "default"  # uploads of a caller without a browser session (tests, scripts), as the Data tab's
FIELDS = tuple(f.name for f in dataclasses.fields(PseudoLabelOptions))
# The table's columns and their shares of the width: the labelled passage (id, title, its start) widest.
COLUMNS = {
    "col_question": "26%",
    "col_label": "36%",
    "col_bm25_rank": "8%",
    "col_model_rank": "8%",
    "col_margin": "8%",
    "col_negative_ids": "14%",
}
SNIPPET = 120  # characters of the labelled passage: enough to judge the label without opening the corpus
MAX_ROWS = 500  # rows shown: every kept pair of the bundled log; the summary says when a bigger log is cut
# The question log's fixed problems (datasets_spec/question_log.py, read.decode), up to " (", as string keys.
LOG_PROBLEMS = {
    "not JSON": "log_bad_json",
    "no text field": "log_no_field",
    "empty": "log_empty",
    "no question in the file": "log_no_question",
    "no such file": "log_missing",
}


@dataclass
class Labelled:
    """One press of Label, kept in the page's gr.State until Store: the corpus is read again from `source`."""

    source: str
    log: QuestionLog
    shown_as: str  # the log's file name as the visitor knows it (an upload is kept under a hashed name)
    options: PseudoLabelOptions
    examples: list[dict]
    report: dict[str, Any]


def label_options(*values) -> PseudoLabelOptions:
    """The form's values (in FIELDS order) as options; PseudoLabelOptions checks them and raises ConfigError."""
    given = dict(zip(FIELDS, values, strict=True))
    for name, value in given.items():
        if option_spec(PseudoLabelOptions, name).type is int and value is not None:
            given[name] = int(value)
    return PseudoLabelOptions(**given)


def log_path(file: str | None, who: Visitor) -> tuple[Path, str]:
    """The bundled log as it ships; an upload copied once into the visitor's uploads folder (within the size cap
    and their quota, as the Data tab keeps its uploads), with the name the visitor gave it."""
    path = Path(str(file))
    if path.resolve() == QUESTIONS_SAMPLE:
        return QUESTIONS_SAMPLE, QUESTIONS_SAMPLE.name
    workspace.check_quota(who)
    return uploads.save_upload(path, path.name, who.owner or WORKSPACE), path.name


def bundled_log() -> str:
    return common.bundled_copy(QUESTIONS_SAMPLE)


def log_problem(log: QuestionLog, name: str, lang: str) -> str:
    """The log's first problem as one sentence naming the file and the line, in the page's language."""
    w = words("augment", lang)
    first = log.problems.sorted(log.problems.errors)[0]
    key = LOG_PROBLEMS.get(first.message.split(" (")[0], "log_unreadable")
    line = w("log_line", line=first.line) if first.line is not None else ""
    more = log.problems.error_count - 1
    return w(key, file=name, line=line, message=first.message) + (w("log_more", n=more) if more else "")


def _rank(rank: int) -> str:
    return str(rank) if rank else "—"  # 0: not in that retriever's list (rule hybrid)


def labels_frame(examples: list[dict], corpus: dict[str, dict], lang: str, k: int = MAX_ROWS) -> pd.DataFrame:
    """One row per kept question: the labelled passage (id · title, then its start), where BM25 and the model
    ranked it, the lead that kept it, and the negatives' ids."""
    columns = [words("augment", lang)(key) for key in COLUMNS]
    rows = []
    for example in examples[:k]:
        ranks, positive = example["pseudo_label"], example["positive_passages"][0]
        passage = corpus.get(positive, {})
        text = " ".join(str(passage.get("text", "")).split())
        snippet = text[:SNIPPET] + ("…" if len(text) > SNIPPET else "")
        title = f" · {passage['title']}" if passage.get("title") else ""
        cells = [
            example["query_text"],
            f"{positive}{title}\n{snippet}",
            _rank(ranks["bm25_rank"]),
            _rank(ranks["model_rank"]),
            f"{ranks['margin']:.3g}",
            ", ".join(example["hard_negatives"]) or "—",
        ]
        rows.append(dict(zip(columns, cells, strict=True)))
    return pd.DataFrame(rows, columns=columns)


def summary(labelled: Labelled, lang: str) -> str:
    """Kept of asked, left out by reason, what the model encoded: the report's numbers in the page's language."""
    w, report = words("augment", lang), labelled.report
    left = ", ".join(w(f"left_{reason}", n=report["left_out"][reason]) for reason in REASONS)
    line = w(
        "pl_summary",
        file=labelled.shown_as,
        kept=report["kept"],
        questions=augment_words.counted(report["questions"], "questions", lang),
        left=left,
        encoded=report["encoded"],
        passages=augment_words.counted(report["passages"], "passages", lang),
    )
    if labelled.log.repeats:
        line += w("pl_repeats", n=labelled.log.repeats)
    if report["kept"] > MAX_ROWS:
        line += w("pl_shown", shown=MAX_ROWS)
    return line if report["kept"] else line + "\n\n" + w("pl_none_kept")


def run_label(
    file: str | None,
    source: str,
    model: str,
    values: list,
    lang: str,
    progress: Callable[[int, int], None] | None = None,
    *,
    owner: Visitor | str | None = None,
) -> tuple[str, pd.DataFrame | None, Labelled | None]:
    """Label the log's questions over `source`'s passages: (the summary, the kept pairs or None, what Store keeps)."""
    w = words("augment", lang)
    if not file:
        return w("pl_need_log"), None, None
    model = (model or "").strip() or DEFAULT_EMBEDDING_MODEL
    who = session.who(owner)
    try:
        options = label_options(*values)
        workspace.check_dataset_name(who, source)  # a stored dataset this visitor may read, never a server path
        access.check_model(who, model)
        path, shown_as = log_path(file, who)
        log = read_question_log(path)
        if not log.problems.ok:
            return log_problem(log, shown_as, lang), None, None
        corpus = stored_corpus(source)  # a stored dataset only: never a server file named by a visitor
        examples, report = pseudo_labels(log.questions, corpus, model, options, progress=progress)
    except (ImportError, *common.ERRORS) as exc:
        return common.error_markdown(exc, lang), None, None
    labelled = Labelled(source, log, shown_as, options, examples, {**report, "repeats": log.repeats})
    return summary(labelled, lang), labels_frame(examples, corpus, lang) if examples else None, labelled


def run_store(labelled: Labelled | None, name: str | None, lang: str, *, owner: Visitor | str | None = None) -> str:
    """Store the labelled pairs as `name`, the visitor's own (listed for them only until shared)."""
    w = words("augment", lang)
    name = (name or "").strip()
    if labelled is None:
        return w("pl_need_label")
    if not labelled.examples:
        return w("pl_none_kept")
    if not name:
        return w("need_name")
    who = session.who(owner)
    try:
        workspace.check_dataset_name(who, labelled.source)  # still theirs to read (renamed, unshared since)
        stored_as = common.owner_for(who, name)
        corpus = stored_corpus(labelled.source)
        path = store_pseudo_labels(
            labelled.log, corpus, labelled.examples, labelled.report, labelled.options, name, owner=stored_as
        )
    except common.ERRORS as exc:
        return common.error_markdown(exc, lang)
    return common.stored_message(path, name, lang)


def build(c: dict[str, gr.Component], lang: str) -> None:
    """The section's components, added to the tab's dict (which holds the page's `owner`), and their events."""
    w = words("augment", lang)
    with gr.Accordion(w("pl_header"), open=False):
        gr.Markdown(w("pl_help"))
        with gr.Row():
            c["pl_file"] = gr.File(label=w("pl_file"), file_types=LOG_TYPES, elem_id="aug-pl-file", scale=2)
            with gr.Column(scale=1):
                c["pl_sample"] = gr.Button(w("pl_sample"), elem_id="aug-pl-sample")
                c["pl_source"] = gr.Dropdown(
                    choices=common.retrieval_choices(), value=store.SAMPLE_NAME, label=w("pl_source")
                )
                c["pl_model"] = gr.Dropdown(
                    choices=test_models.known_models(lang),
                    value=DEFAULT_EMBEDDING_MODEL,
                    allow_custom_value=True,
                    label=w("pl_model"),
                    elem_id="aug-pl-model",
                )
        with gr.Row():
            for name in FIELDS:
                c[f"pl.{name}"] = option_widget(
                    PseudoLabelOptions, name, lang, w(f"pl_{name}"), f"aug-pl-{name.replace('_', '-')}"
                )
        with gr.Row():
            c["pl_label"] = gr.Button(w("pl_label"), elem_id="aug-pl-label", scale=1)
            c["pl_name"] = gr.Textbox(value="legal-ko-log-pairs", label=w("name"), elem_id="aug-pl-name", scale=3)
            c["pl_store"] = gr.Button(w("save"), variant="primary", elem_id="aug-pl-store", scale=1)
        c["pl_report"] = gr.Markdown(w("pl_empty"), elem_id="aug-pl-report")
        c["pl_table"] = common.preview_table(w, COLUMNS, w("pl_pairs"), "aug-pl-table", visible=False)
        c["pl_stored"] = gr.Markdown(elem_id="aug-pl-stored")
        c["pl_state"] = gr.State(None)
    wire(c, lang)


def wire(c: dict[str, gr.Component], lang: str) -> None:
    w = words("augment", lang)
    inputs = [c["pl_file"], c["pl_source"], c["pl_model"], *(c[f"pl.{name}"] for name in FIELDS)]

    # The page's browser id comes last, then the request and the progress bar (session.with_request).
    def label_log(file, source, model, *values):
        *options, owner, request, progress = values
        bar = lambda done, total: progress((done, total), desc=w("pl_encoding"))  # noqa: E731
        message, frame, labelled = run_label(
            file, source, model, options, lang, bar, owner=session.visitor(owner, request)
        )
        table = gr.update(value=frame, visible=True) if frame is not None else gr.update(visible=False)
        return message, table, labelled, ""

    def store_labels(labelled, name, owner, request):
        return run_store(labelled, name, lang, owner=session.visitor(owner, request))

    def refresh(owner: str | None, request: gr.Request):
        return gr.update(choices=common.retrieval_choices(session.visitor(owner, request)))

    def refresh_both(owner: str | None, request: gr.Request):
        return refresh(owner, request), refresh(owner, request)

    owner = c["owner"]
    c["pl_sample"].click(bundled_log, None, c["pl_file"])
    labelling = [*inputs, owner]
    c["pl_label"].click(
        session.with_request(label_log, len(labelling), progress=True),
        labelling,
        [c["pl_report"], c["pl_table"], c["pl_state"], c["pl_stored"]],
    )
    storing = [c["pl_state"], c["pl_name"], owner]
    c["pl_store"].click(session.with_request(store_labels, len(storing)), storing, c["pl_stored"]).then(
        refresh_both,
        owner,
        [c["pl_source"], c["source"]],  # mine it next
    )
    c["pl_source"].focus(refresh, owner, c["pl_source"])  # datasets stored above since the page loaded
