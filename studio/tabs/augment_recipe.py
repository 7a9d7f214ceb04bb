"""The Augment tab's legal-recipe section: the corpus, a question log and/or cases, the label rule and the training
minutes; Start hands them to training.visitors.recipes.start, which starts `python -m training recipe legal … --job`
as its own process (minutes to an hour: never inside a Gradio event). The section then reads the job's progress
from its last offset on a timer that ticks only while the job runs; the job is on disk, so opening the section
after a reload shows the visitor's latest one."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import gradio as gr

from core.models.names import DEFAULT_EMBEDDING_MODEL
from datasets_spec import store, uploads
from studio import recipe_view, session, test_models
from studio.strings import words
from studio.tabs import augment_common as common
from studio.widgets import option_widget
from training.recipes.jobs import RecipeBusy
from training.retrieval.pseudo_label import PseudoLabelOptions
from training.visitors import recipes, workspace
from training.visitors.access import AccessDenied, Visitor, redact

QUESTIONS_SAMPLE = (store.SAMPLE_DIR / "questions.txt").resolve()
CASES_SAMPLE = (store.SAMPLE_DIR / "cases.jsonl").resolve()
LOG_TYPES = [".txt", ".jsonl", ".gz"]
CASES_TYPES = [".jsonl", ".json", ".gz"]
WORKSPACE = "default"  # uploads of a caller without a browser session (tests, scripts), as the Data tab's
TICK_SECONDS = 3.0  # each tick costs the browser a re-read of the page's outputs; stages speak every 15 s anyway
ERRORS = (*common.ERRORS, AccessDenied, RecipeBusy)
EMPTY = {"job": None, "offset": 0, "stages": {}, "shown": ""}  # what the page has read of its job


def saved(file: str | None, who: Visitor) -> str | None:
    """A file box's value as the engine takes it: the bundled files as they ship, an upload copied once into the
    visitor's uploads folder (within the size cap and their quota)."""
    if not file:
        return None
    path = Path(str(file))
    if path.resolve() in (QUESTIONS_SAMPLE, CASES_SAMPLE):
        return str(path.resolve())
    workspace.check_quota(who)
    return str(uploads.save_upload(path, path.name, who.owner or WORKSPACE))


def whole_or_none(text: Any) -> int | None:
    """The fixed-steps box: empty (or 0) sizes the run by the minutes; anything but a whole number is ValueError."""
    text = str(text if text is not None else "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(text)
    return int(text) or None


def run_start(
    corpus: str,
    name: str,
    questions: str | None,
    cases: str | None,
    rule: str,
    minutes: float | None,
    model: str | None,
    steps: Any,
    max_seq_length: float | None,
    score_corpus: float | None,
    lang: str,
    *,
    owner: Visitor | str | None = None,
) -> tuple[str, dict[str, Any] | None]:
    """Start the visitor's recipe: (the message, the page's fresh view of the new job, or None when refused)."""
    w = words("augment_recipe", lang)
    try:
        fixed = whole_or_none(steps)
    except ValueError:
        return w("bad_steps", value=str(steps)), None
    who = session.who(owner)
    try:
        job = recipes.start(
            who,
            corpus=corpus or "",
            name=name or "",
            questions=saved(questions, who),
            cases=saved(cases, who),
            rule=rule or "agree",
            minutes=float(minutes or 0),
            steps=fixed,
            model=(model or "").strip() or DEFAULT_EMBEDDING_MODEL,
            max_seq_length=int(max_seq_length or 128),
            score_corpus=int(score_corpus or 5000),
        )
    except (*ERRORS, ImportError) as exc:
        return recipe_view.refusal(exc, lang), None
    command = shlex.join(recipes.open_job(who, job.name).status.get("command") or [])
    return w("started", command=redact(command)), {**EMPTY, "job": job.name}


def follow(view: dict[str, Any] | None, lang: str, *, owner: Visitor | str | None = None) -> tuple[dict, bool]:
    """The page's view of its job after reading what the job appended since the last look, and whether it runs."""
    view = dict(view or EMPTY)
    if not view.get("job"):
        return {**view, "shown": words("augment_recipe", lang)("empty")}, False
    try:
        job, lines, offset = recipes.progress(session.who(owner), view["job"], view["offset"])
    except (FileNotFoundError, AccessDenied):  # deleted meanwhile, or a job id this visitor may not read
        return {**EMPTY, "shown": words("augment_recipe", lang)("empty")}, False
    stages = recipe_view.merged(view["stages"], lines)
    shown = recipe_view.job_markdown(job.status, stages, lang)
    return {"job": job.id, "offset": offset, "stages": stages, "shown": shown}, job.state == "running"


def latest(lang: str, *, owner: Visitor | str | None = None) -> tuple[dict, bool]:
    """The visitor's newest job read from its first stage: what opening the section shows, also after a reload."""
    job = recipes.latest(session.who(owner))
    return follow({**EMPTY, "job": job.id if job else None}, lang, owner=owner)


def build(c: dict[str, gr.Component], lang: str) -> None:
    """The section's components, added to the tab's dict (which holds the page's `owner`), and their events."""
    w = words("augment_recipe", lang)
    with gr.Accordion(w("header"), open=False) as section:
        gr.Markdown(w("help"))
        with gr.Row():
            c["rc_corpus"] = gr.Dropdown(
                choices=common.retrieval_choices(), value=store.SAMPLE_NAME, label=w("corpus"), elem_id="aug-rc-corpus"
            )
            c["rc_name"] = gr.Textbox(value="legal-recipe", label=w("name"), elem_id="aug-rc-name")
        with gr.Row():
            with gr.Column():
                c["rc_questions"] = gr.File(label=w("questions"), file_types=LOG_TYPES, elem_id="aug-rc-questions")
                c["rc_questions_sample"] = gr.Button(w("questions_sample"), elem_id="aug-rc-questions-sample")
            with gr.Column():
                c["rc_cases"] = gr.File(label=w("cases"), file_types=CASES_TYPES, elem_id="aug-rc-cases")
                c["rc_cases_sample"] = gr.Button(w("cases_sample"), elem_id="aug-rc-cases-sample")
        with gr.Row():
            c["rc_rule"] = option_widget(PseudoLabelOptions, "rule", lang, w("rule"), "aug-rc-rule")
            c["rc_minutes"] = gr.Number(
                value=20,
                minimum=1,
                maximum=recipes.MAX_MINUTES,
                label=w("minutes"),
                elem_id="aug-rc-minutes",
            )
        with gr.Accordion(w("more"), open=False), gr.Row():
            c["rc_model"] = gr.Dropdown(
                choices=test_models.known_models(lang),
                value=DEFAULT_EMBEDDING_MODEL,
                allow_custom_value=True,
                label=w("model"),
                elem_id="aug-rc-model",
            )
            # a text box: a gr.Number cannot be empty (it shows and sends 0); empty sizes by the minutes
            c["rc_steps"] = gr.Textbox(value="", label=w("steps"), elem_id="aug-rc-steps")
            c["rc_max_seq_length"] = gr.Number(
                value=128, minimum=16, maximum=512, precision=0, label=w("max_seq_length"), elem_id="aug-rc-len"
            )
            c["rc_score_corpus"] = gr.Number(
                value=5000,
                minimum=100,
                maximum=200_000,
                precision=0,
                label=w("score_corpus"),
                elem_id="aug-rc-score-corpus",
            )
        c["rc_start"] = gr.Button(w("start"), variant="primary", elem_id="aug-rc-start")
        c["rc_message"] = gr.Markdown(elem_id="aug-rc-message")
        c["rc_progress"] = gr.Markdown(w("empty"), elem_id="aug-rc-progress")
        c["rc_view"] = gr.State(dict(EMPTY))
        c["rc_timer"] = gr.Timer(TICK_SECONDS, active=False)
    c["rc_section"] = section
    wire(c, lang)


def wire(c: dict[str, gr.Component], lang: str) -> None:
    form = [
        c["rc_corpus"],
        c["rc_name"],
        c["rc_questions"],
        c["rc_cases"],
        c["rc_rule"],
        c["rc_minutes"],
        c["rc_model"],
        c["rc_steps"],
        c["rc_max_seq_length"],
        c["rc_score_corpus"],
    ]
    owner = c["owner"]
    shown = [c["rc_progress"], c["rc_view"], c["rc_timer"]]

    def outputs(view: dict, running: bool, before: str | None = None) -> tuple:
        """The progress only when it changed (every output costs the browser a redraw), the view, the timer."""
        text = gr.skip() if view["shown"] == before else view["shown"]
        return text, view, gr.Timer(active=running)

    # The page's browser id comes last, then the request (session.with_request).
    def start(*values):
        *fields, owner_id, request = values
        who = session.visitor(owner_id, request)
        message, view = run_start(*fields, lang, owner=who)
        if view is None:
            return message, gr.skip(), gr.skip(), gr.skip()
        return message, *outputs(*follow(view, lang, owner=who))

    def tick(view: dict, owner_id: str | None, request: gr.Request):
        before = (view or {}).get("shown")
        return outputs(*follow(view, lang, owner=session.visitor(owner_id, request)), before)

    def opened(owner_id: str | None, request: gr.Request):
        who = session.visitor(owner_id, request)
        corpus = gr.update(choices=common.retrieval_choices(who))
        return *outputs(*latest(lang, owner=who)), corpus

    c["rc_questions_sample"].click(lambda: common.bundled_copy(QUESTIONS_SAMPLE), None, c["rc_questions"])
    c["rc_cases_sample"].click(lambda: common.bundled_copy(CASES_SAMPLE), None, c["rc_cases"])
    starting = [*form, owner]
    c["rc_start"].click(
        session.with_request(start, len(starting)),
        starting,
        [c["rc_message"], *shown],
        api_name="recipe_start",
        concurrency_limit=1,  # two presses at once: the engine's lock lets one start, the other hears it is busy
    )
    c["rc_timer"].tick(tick, [c["rc_view"], owner], shown, show_progress="hidden", trigger_mode="always_last")
    c["rc_section"].expand(opened, owner, [*shown, c["rc_corpus"]], show_progress="hidden", api_name="recipe_open")
