"""Augment tab: slot-template JSON tasks, legal pseudo-queries, hard-negative mining, (in their own modules) a
question log's labels, the whole legal recipe as a background job and model-written variants, previewed then stored.

Every button is one engine call; this file only turns the engine's objects into tables and messages."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pandas as pd
import yaml

from datasets_spec import store
from datasets_spec.augment.legal import build as statutes_build
from datasets_spec.augment.legal.cli import preview as statutes_preview
from datasets_spec.augment.slots import generate as slots
from datasets_spec.augment.slots.options import SlotOptions
from datasets_spec.mining.negatives import MineReport, mine_source
from datasets_spec.mining.options import MineOptions
from studio import augment_words, session
from studio.augment_words import phrase
from studio.form import option_spec
from studio.strings import words
from studio.tabs import augment_llm, augment_questions, augment_recipe
from studio.tabs.augment_common import (
    ERRORS,
    bullets,
    count,
    error_markdown,
    name_and_button,
    owner_for,
    preview_table,
    retrieval_choices,
    stored_message,
    with_warnings,
)
from studio.widgets import option_widget
from training.visitors import access, workspace
from training.visitors.access import Visitor

SAMPLES = Path(__file__).resolve().parents[2] / "datasets_spec" / "samples"
SLOT_SPEC = SAMPLES / "json_task_ko" / "slots.yaml"
LEGAL_CORPUS = SAMPLES / "legal_ko" / "passages.jsonl"
LEGAL_CASES = SAMPLES / "legal_ko" / "cases.jsonl"  # filled in: the case generator runs on the sample at once
SHOWN = 8  # rows of a preview: enough to judge the wording, few enough to read
TEXT_WIDTH = 160  # characters of a passage shown next to its query
# The previews' columns and their shares of the width: each readable at 1400 px, the passages (longest) widest.
SLOT_COLUMNS = {"col_split": "9%", "col_slots": "25%", "col_user": "30%", "col_answer": "36%"}
LEGAL_COLUMNS = {"col_generator": "10%", "col_query": "35%", "col_positive": "55%"}
MINE_COLUMNS = {"col_query": "22%", "col_positive": "34%", "col_negatives": "44%"}
MINE_FIELDS = ("method", "range_min", "range_max", "num_negatives", "relative_margin", "sampling_strategy", "seed")


def ratio_or_none(text) -> float | None:
    """The holdout box: empty means the spec's ratio (a gr.Number cannot be empty: it sends 0)."""
    text = str(text or "").strip()
    try:
        return float(text) if text else None
    except ValueError:
        raise ValueError(f"holdout_ratio = {text!r}: a share from 0 to 0.9, or empty for the spec's") from None


def whole_or_none(text) -> int | None:
    """The first-N box: empty (or 0) means all; anything but a whole number raises ValueError."""
    text = str(text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(text)
    return int(text) or None


def _resolved(text: str | None) -> Path | None:
    text = (text or "").strip()
    return Path(text).expanduser().resolve() if text else None


def legal_path(who: Visitor, text: str | None) -> Path | None:
    """A corpus or cases file named in the form: the bundled sample's files for everyone (they ship with the
    studio), any other path as access.check_local_path allows it."""
    resolved = _resolved(text)
    if resolved is None or resolved in (LEGAL_CORPUS, LEGAL_CASES):
        return resolved
    return access.check_local_path(who, text.strip())


def parse_slot_spec(text: str) -> dict:
    """The editor's YAML as the mapping the engine validates; yaml.YAMLError names the line."""
    data = yaml.safe_load(text or "")
    return data if data is not None else {}


def slot_frame(generated: slots.Generated, lang: str, k: int = SHOWN) -> pd.DataFrame:
    """The first k examples of each split: slot values, the user's words and the JSON answer."""
    w = words("augment", lang)
    parts = [("train", generated.train[:k]), ("validation", generated.validation[: max(1, k // 4)])]
    columns = [w(key) for key in SLOT_COLUMNS]
    rows = [
        [
            w(f"split_{split}"),
            " · ".join(f"{s}={v}" for s, v in example["slots"].items()),
            next(m["content"] for m in example["messages"] if m["role"] == "user"),
            example["messages"][-1]["content"],
        ]
        for split, examples in parts
        for example in examples
    ]
    return pd.DataFrame(rows, columns=columns)


def statutes_frame(loaded, seed: int, lang: str, k: int = SHOWN) -> pd.DataFrame:
    """k pairs drawn under the seed across the generators (the CLI's --preview), each with its article's start."""
    w = words("augment", lang)
    columns = [w(key) for key in LEGAL_COLUMNS]
    rows = [
        {
            columns[0]: row["generator"],
            columns[1]: row["query_text"],
            columns[2]: f"{row['positive_passages'][0]}: {row['positive_text']}",
        }
        for row in statutes_preview(loaded, k, seed)
    ]
    return pd.DataFrame(rows, columns=columns)


def _passage(p: dict) -> str:
    rank = "" if p.get("rank") is None else f"#{p['rank']} "
    score = "" if p.get("score") is None else f"({p['score']:.3f}) "
    return f"{rank}{score}{p['id']}: {p['text']}"


def mined_frame(report: MineReport, corpus: dict[str, dict], lang: str, k: int = SHOWN) -> pd.DataFrame:
    """One row per query: its positives and its mined negatives, with rank and score where the method has them."""
    w = words("augment", lang)
    columns = [w(key) for key in MINE_COLUMNS]
    rows = [
        {
            columns[0]: q["query"],
            columns[1]: "\n".join(_passage(p) for p in q["positives"]),
            columns[2]: "\n".join(_passage(n) for n in q["negatives"]) or "— " + phrase(q["short"], lang),
        }
        for q in report.preview(corpus, k, width=TEXT_WIDTH)
    ]
    return pd.DataFrame(rows, columns=columns)


def counts_markdown(report: MineReport, lang: str) -> str:
    counts = report.counts()
    return words("augment", lang)(
        "counts",
        queries=augment_words.counted(counts["queries"], "queries", lang),
        found=augment_words.counted(counts["negatives_found"], "negatives", lang),
        asked=counts["negatives_asked"],
        short=augment_words.counted(counts["queries_short"], "queries", lang),
        reasons=augment_words.mine_reasons(report, lang),
    )


def mine_options(*values) -> MineOptions:
    """The form's values (in MINE_FIELDS order) as options; MineOptions checks them and raises ConfigError."""
    given = dict(zip(MINE_FIELDS, values, strict=True))
    for name, value in given.items():
        if option_spec(MineOptions, name).type is int and value is not None:
            given[name] = int(value)
    return MineOptions(**given)


# The actions: each returns (message, table or None); `name` set means store, as `owner`'s own (a visitor, or a
# browser id; none: a shared dataset, as the CLI stores).


def run_slots(
    text: str, n, mode: str, seed, holdout, name: str | None, lang: str, *, owner: Visitor | str | None = None
):
    if not (text or "").strip():
        return words("augment", lang)("need_spec"), None
    try:
        ratio = ratio_or_none(holdout)
        generated = slots.generate(
            parse_slot_spec(text), count(n), mode=mode, seed=int(seed or 0), holdout_ratio=ratio
        )
        message = bullets(augment_words.slot_lines(generated.report, lang))
        if name:
            path = slots.store_generated(generated, name, owner=owner_for(owner, name))
            message += "\n\n" + stored_message(path, name, lang)
    except (yaml.YAMLError, *ERRORS) as exc:
        return error_markdown(exc, lang), None
    return message, slot_frame(generated, lang)


def run_statutes(
    corpus: str,
    cases: str,
    generators,
    multiply,
    seed,
    limit,
    name: str | None,
    lang: str,
    *,
    owner: Visitor | str | None = None,
):
    who = session.who(owner)
    try:
        first = whole_or_none(limit)
    except ValueError:
        return words("augment", lang)("bad_limit", value=str(limit)), None
    chosen = list(generators or [])
    try:
        loaded, report, made_by = statutes_build.from_files(
            legal_path(who, corpus) or LEGAL_CORPUS,
            # the box is filled with the sample's cases: read only when the case generator runs (none ticked: all)
            legal_path(who, cases) if "case" in chosen or not chosen else None,
            generators=chosen or None,
            multiply=int(multiply or 1),
            limit=first,
            seed=int(seed or 0),
        )
        message = with_warnings(bullets(augment_words.statutes_lines(report, lang)), loaded, lang)
        if name:
            path = statutes_build.store_statutes(
                loaded, name, seed=int(seed or 0), made_by=made_by, owner=owner_for(who, name)
            )
            message += "\n\n" + stored_message(path, name, lang)
    except ERRORS as exc:
        return error_markdown(exc, lang), None
    return message, statutes_frame(loaded, int(seed or 0), lang)


def run_mining(
    source: str, values: list, name: str | None, lang: str, progress=None, *, owner: Visitor | str | None = None
):
    who = session.who(owner)
    try:
        options = mine_options(*values)
        workspace.check_dataset_name(who, source)
        access.check_model(who, options.model or "")
        result = mine_source(source, options, name=name, progress=progress, owner=owner_for(who, name))
        message = counts_markdown(result.report, lang)
        if result.stored:
            message += "\n\n" + stored_message(result.stored, name, lang)
    except (ImportError, *ERRORS) as exc:
        return error_markdown(exc, lang), None
    return message, mined_frame(result.report, result.corpus, lang)


def build(lang: str, owner: gr.BrowserState) -> dict[str, gr.Component]:
    """`owner` is the page's session id: the mining sources are the datasets this session may see."""
    w = words("augment", lang)
    c: dict[str, gr.Component] = {}
    gr.Markdown(w("intro"))
    with gr.Accordion(w("slots_header"), open=True):
        gr.Markdown(w("slots_help"))
        c["spec"] = gr.Code(
            value=SLOT_SPEC.read_text(encoding="utf-8"), language="yaml", label=w("spec"), elem_id="aug-spec"
        )
        with gr.Row():
            c["n"] = option_widget(SlotOptions, "n", lang, w("n"), "aug-n")
            c["mode"] = option_widget(SlotOptions, "mode", lang, w("mode"), "aug-mode")
            c["seed"] = option_widget(SlotOptions, "seed", lang, w("seed"), "aug-seed")
            c["holdout"] = option_widget(
                SlotOptions, "holdout_ratio", lang, w("holdout_ratio"), "aug-holdout", placeholder="0.2"
            )
        name_and_button(w, c, "slots", "json-task-slots")
        c["slots_report"] = gr.Markdown(elem_id="aug-slots-report")
        c["slots_table"] = preview_table(w, SLOT_COLUMNS, w("examples"), "aug-slots-table")
    with gr.Accordion(w("legal_header"), open=False):
        gr.Markdown(w("legal_help"))
        with gr.Row():
            c["corpus"] = gr.Textbox(value=str(LEGAL_CORPUS), label=w("corpus_path"), elem_id="aug-corpus", scale=3)
            c["cases"] = gr.Textbox(value=str(LEGAL_CASES), label=w("cases_path"), elem_id="aug-cases", scale=2)
        with gr.Row():
            c["generators"] = gr.CheckboxGroup(
                choices=list(statutes_build.GENERATORS), value=["cloze", "title"], label=w("generators")
            )
            c["multiply"] = gr.Number(value=1, minimum=1, maximum=10, precision=0, label=w("multiply"))
            c["legal_seed"] = gr.Number(value=42, precision=0, label=w("seed"))
            # a text box: a gr.Number cannot be empty (it shows and sends 0); empty means all (whole_or_none)
            c["limit"] = gr.Textbox(value="", placeholder=w("limit_all"), label=w("limit"), elem_id="aug-limit")
        name_and_button(w, c, "legal", "statutes-ko")
        c["legal_report"] = gr.Markdown(elem_id="aug-legal-report")
        c["legal_table"] = preview_table(w, LEGAL_COLUMNS, w("pairs"), "aug-legal-table")
    with gr.Accordion(w("mine_header"), open=False):
        gr.Markdown(w("mine_help"))
        c["source"] = gr.Dropdown(
            choices=retrieval_choices(), value=store.SAMPLE_NAME, label=w("source"), elem_id="aug-mine-source"
        )
        with gr.Row():
            for name in MINE_FIELDS:
                c[f"mine.{name}"] = option_widget(
                    MineOptions, name, lang, w(f"mine_{name}"), f"aug-mine-{name.replace('_', '-')}"
                )
        name_and_button(w, c, "mine", "legal-ko-mined")
        c["mine_report"] = gr.Markdown(elem_id="aug-mine-report")
        c["mine_table"] = preview_table(w, MINE_COLUMNS, w("mined"), "aug-mine-table")
    c["owner"] = owner
    augment_questions.build(c, lang)  # after the mine section: its Store refreshes the mining sources
    augment_recipe.build(c, lang)
    augment_llm.build(c, lang)
    wire(c, lang)
    return c


def wire(c: dict[str, gr.Component], lang: str) -> None:
    w = words("augment", lang)
    slot_inputs = [c["spec"], c["n"], c["mode"], c["seed"], c["holdout"]]
    legal_inputs = [c["corpus"], c["cases"], c["generators"], c["multiply"], c["legal_seed"], c["limit"]]
    mine_inputs = [c["source"], *(c[f"mine.{name}"] for name in MINE_FIELDS)]

    def named(name: str) -> str | None:
        return (name or "").strip() or None

    # Every handler gets the page's browser id last and the request after it (session.with_request): the engine
    # checks the visitor behind each preview and save.
    def save_slots(*values):
        *form, name, owner, request = values
        who = session.visitor(owner, request)
        return run_slots(*form, named(name), lang, owner=who) if named(name) else (w("need_name"), gr.update())

    def preview_legal(*values):
        *form, owner, request = values
        return run_statutes(*form, None, lang, owner=session.visitor(owner, request))

    def save_legal(*values):
        *form, name, owner, request = values
        if not named(name):
            return w("need_name"), gr.update()
        return run_statutes(*form, named(name), lang, owner=session.visitor(owner, request))

    def preview_mine(source: str, *values):
        *options, owner, request, progress = values
        bar = lambda d, t, what: progress((d, t), desc=what)  # noqa: E731
        return run_mining(source, options, None, lang, bar, owner=session.visitor(owner, request))

    def save_mine(source: str, *values):
        *options, name, owner, request, progress = values
        if not named(name):
            return w("need_name"), gr.update()
        bar = lambda d, t, what: progress((d, t), desc=what)  # noqa: E731
        return run_mining(source, options, named(name), lang, bar, owner=session.visitor(owner, request))

    def refresh_sources(owner: str | None, request: gr.Request):
        return gr.update(choices=retrieval_choices(session.visitor(owner, request)))

    owner = c["owner"]
    slot_out = [c["slots_report"], c["slots_table"]]
    c["slots_preview"].click(lambda *v: run_slots(*v, None, lang), slot_inputs, slot_out)
    saving = [*slot_inputs, c["slots_name"], owner]
    c["slots_save"].click(session.with_request(save_slots, len(saving)), saving, slot_out).then(
        refresh_sources, owner, c["source"]
    )
    legal_out = [c["legal_report"], c["legal_table"]]
    previewing = [*legal_inputs, owner]
    c["legal_preview"].click(session.with_request(preview_legal, len(previewing)), previewing, legal_out)
    saving = [*legal_inputs, c["legal_name"], owner]
    c["legal_save"].click(session.with_request(save_legal, len(saving)), saving, legal_out).then(
        refresh_sources, owner, c["source"]
    )
    mine_out = [c["mine_report"], c["mine_table"]]
    previewing = [*mine_inputs, owner]
    c["mine_preview"].click(session.with_request(preview_mine, len(previewing), progress=True), previewing, mine_out)
    saving = [*mine_inputs, c["mine_name"], owner]
    c["mine_save"].click(session.with_request(save_mine, len(saving), progress=True), saving, mine_out).then(
        refresh_sources, owner, c["source"]
    )
