"""Playground tab: a multi-turn chat with a finished SFT run and its base model side by side, each keeping its own
history, every answer checked as JSON and against the run's schema, drawn under the sampling options (built from
their declaration in training/playground/sampling.py); for a classifier, both models' top 5 labels.

Every answer is `training.playground.chat.reply_stream` / `ask.top_labels`, the calls `python -m training chat`
and `ask` make; this file only turns their results into words, chat bubbles and tables.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from typing import Any

import gradio as gr
import pandas as pd

from core.knobs import ConfigError
from studio import session
from studio.config_errors import config_error
from studio.strings import words
from studio.tabs.test import share_cpu
from studio.widgets import option_widget
from training.lifecycle import runs
from training.playground.ask import TOP_K, WHICH, Check, ModelCache, RunFacts, playable_runs, run_facts, top_labels
from training.playground.chat import StopSignals, reply_stream, undo, without_answer
from training.playground.sampling import Sampling
from training.visitors import workspace
from training.visitors.access import AccessDenied, Visitor

PICKED = 200  # validation examples offered in the picker: enough to browse, few enough for a dropdown
SHOWN = 200  # characters of a reference answer quoted above the columns
EVERY = 0.25  # seconds between streamed updates: smooth to read, few enough messages for a slow link
SAMPLING = [f.name for f in dataclasses.fields(Sampling)]
OUTPUTS = ("info", "base_chat", "tuned_chat", "base_verdict", "tuned_verdict", "base_labels", "tuned_labels", "prompt")
BUTTONS = ("ask", "stop", "retry", "undo", "clear")
FAILURES = (ValueError, FileNotFoundError, AccessDenied)  # ConfigError is a ValueError, worded apart


def run_choices(owner: Visitor | str | None = None) -> list[tuple[str, str]]:
    """The SFT and classification runs with a saved model that this visitor sees."""
    seen = {r.id for r in workspace.run_list(session.who(owner))}
    return [(f"{r.id} · {r.status.get('task')}", r.id) for r in playable_runs(runs.runs_dir()) if r.id in seen]


def facts_of(run_id: str, owner: Visitor | str | None = None) -> RunFacts:
    """A run's facts and examples, for a visitor who may open it (its validation examples are its owner's data)."""
    return run_facts(workspace.run_dir(session.who(owner), run_id))


def example_choices(facts: RunFacts) -> list[tuple[str, int]]:
    """The run's validation prompts (its training ones when it has no validation split), by index in its examples."""
    split = "validation" if any(e.split == "validation" for e in facts.examples) else "train"
    found = [(i, e) for i, e in enumerate(facts.examples) if e.split == split][:PICKED]
    return [(f"{e.prompt[:90]} → {e.reference[:40]}", i) for i, e in found]


def code(text: str) -> str:
    """Text inside a Markdown code span: a backtick in it would end the span."""
    return " ".join(text.replace("`", "'").split())


def verdict_markdown(
    check: Check, seconds: float, lang: str, ended: str | None = "eos", new_tokens: int | None = None
) -> str:
    """Two ✓/✗ lines, JSON then schema, each with the parser's or the validator's words, and the time taken (and
    why the answer ended, when the model did not end it)."""
    w = words("playground", lang)
    json_line = w("json_ok") if check.json_valid else w("json_bad", error=code(check.json_error or ""))
    if not check.json_valid:
        schema_line = w("schema_unread")
    else:
        schema_line = w("schema_ok") if check.schema_valid else w("schema_bad", error=code(check.schema_text()))
    last = w("seconds", seconds=seconds)
    if ended == "length":
        last += " · " + w("ended_length", n=new_tokens)
    elif ended == "stopped":
        last += " · " + w("ended_stopped")
    return f"{json_line}  \n{schema_line}  \n{last}"


def labels_frame(top: list[tuple[str, float]], gold: str | None, lang: str) -> pd.DataFrame:
    w = words("playground", lang)
    return pd.DataFrame(
        [
            {
                w("col_rank"): rank,
                w("col_label"): label,
                w("col_probability"): round(p, 4),
                w("col_gold"): "✓" if label == gold else "",
            }
            for rank, (label, p) in enumerate(top, start=1)
        ]
    )


def schema_line(schema: dict[str, Any], lang: str) -> str:
    w = words("playground", lang)
    if not schema:
        return w("schema_empty")
    if schema.get("required"):
        return w("schema_keys", keys=", ".join(f"`{k}`" for k in schema["required"]))
    return w("schema_any", kind=schema.get("type", "JSON Schema"))


def run_info(facts: RunFacts, lang: str, prompt: str = "") -> str:
    """What the run is, what the base is, and how answers are asked and checked; the reference when the prompt is a
    dataset example."""
    w = words("playground", lang)
    example = facts.reference(prompt) if prompt.strip() else None
    if facts.task == "classification":
        n = len(facts.labels)
        lines = [
            w("run_cls", dataset=facts.dataset, n=n, model=facts.base_model),
            w("cls_base", seed=facts.seed, n=n, chance=1 / n),
        ]
        if example:
            lines.append(w("gold", label=example.reference))
        return "\n\n".join(lines)
    lines = [w("run_sft" if facts.adapter else "run_sft_full", dataset=facts.dataset, model=facts.base_model)]
    lines.append(w("system", system=code(facts.system)) if facts.system else w("no_system"))
    lines.append(schema_line(facts.schema, lang))
    if not facts.chat_template:
        lines.append(w("no_template"))
    if example:
        lines.append(w("reference", answer=code(example.reference[:SHOWN])))
    return "\n\n".join(lines)


def text_of(content: Any) -> str:
    """A chat message's text: Gradio hands a message back as a list of parts ({"type": "text", "text": ...})."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    return "".join(text_of(part) for part in content or [])


def plain(history: list[dict] | None) -> list[dict[str, str]]:
    """The chatbot's value as the turns the engine reads."""
    return [{"role": m["role"], "content": text_of(m.get("content"))} for m in history or []]


def sampling_of(values: list[Any]) -> Sampling:
    """The widgets' values as the declared options; an emptied box keeps its default (ConfigError when out of
    bounds)."""
    return Sampling(**{name: value for name, value in zip(SAMPLING, values, strict=True) if value is not None})


def chat_steps(
    run_id: str | None,
    message: str | None,
    histories: dict[str, list[dict]],
    system: str,
    sampling: list[Any],
    lang: str,
    cache: ModelCache,
    stop: Any = None,
    owner: Visitor | str | None = None,
) -> Iterator[dict[str, Any]]:
    """A turn of the chat, by output name, as the answers grow: `message` sent to both models (None: their last
    turn answered again, as Retry does), base first, each from its own history. `stop` (an Event) set ends the turn.
    Errors become the info line, and the chats stay as they were."""
    w = words("playground", lang)
    if not run_id:
        yield {"info": w("no_run")}
        return
    try:
        options = sampling_of(sampling)
    except ConfigError as exc:
        yield {"info": w("bad_option", message=config_error(exc, lang))}
        return
    turns = {which: plain(histories.get(which)) for which in WHICH}
    if message is None:
        turns = {which: without_answer(h) for which, h in turns.items()}
        if not all(turns.values()):
            yield {"info": w("nothing_to_retry")}
            return
    elif not message.strip():
        yield {"info": w("empty_message")}
        return
    else:
        turns = {which: [*h, {"role": "user", "content": message.strip()}] for which, h in turns.items()}
    try:
        facts = facts_of(run_id, owner)
        info = run_info(facts, lang, turns["tuned"][-1]["content"])
        run_dir = workspace.run_dir(session.who(owner), run_id)
        limit = options.max_new_tokens or facts.max_new_tokens
        share_cpu()
        shown: dict[str, Any] = {f"{which}_chat": turns[which] for which in WHICH}
        shown |= {f"{which}_verdict": "" for which in WHICH}
        for which in WHICH:
            asking, last = info + "\n\n" + w("asking", which=w(f"which_{which}")), 0.0
            yield {"info": asking, "prompt": "", **shown}
            for got in reply_stream(
                run_dir, turns[which], which=which, system=system, sampling=options, cache=cache, stop=stop
            ):
                said = {"role": "assistant", "content": got.text or w("thinking")}
                if got.check is not None:
                    said["content"] = got.text or w("empty_answer")
                    shown[f"{which}_verdict"] = verdict_markdown(got.check, got.seconds, lang, got.ended, limit)
                shown[f"{which}_chat"] = [*turns[which], said]
                if got.check is not None or time.monotonic() - last > EVERY:
                    last = time.monotonic()
                    yield {"info": asking, **shown}
        yield {"info": info, **shown}
    except ConfigError as exc:
        yield {"info": w("bad_option", message=config_error(exc, lang))}
    except FAILURES as exc:
        yield {"info": w("error", message=code(str(exc)))}


def classify_steps(
    run_id: str, text: str, lang: str, cache: ModelCache, owner: Visitor | str | None = None
) -> Iterator[dict[str, Any]]:
    """Both models' top labels for a text, base first (so it shows while the tuned one works)."""
    w = words("playground", lang)
    if not text.strip():
        yield {"info": w("empty_message")}
        return
    try:
        facts = facts_of(run_id, owner)
        info, gold = run_info(facts, lang, text), facts.reference(text)
        run_dir = workspace.run_dir(session.who(owner), run_id)
        share_cpu()
        shown: dict[str, Any] = {f"{which}_labels": None for which in WHICH}
        for which in WHICH:
            yield {"info": info + "\n\n" + w("asking", which=w(f"which_{which}")), **shown}
            top = top_labels(run_dir, text, k=TOP_K, which=which, cache=cache)
            shown[f"{which}_labels"] = labels_frame(top, gold.reference if gold else None, lang)
        yield {"info": info, **shown}
    except FAILURES as exc:
        yield {"info": w("error", message=code(str(exc)))}


def task_of(run_id: str | None, owner: Visitor | str | None) -> str | None:
    try:
        return facts_of(run_id, owner).task if run_id else None
    except FAILURES:
        return None  # chat_steps says why


def build(lang: str, page: gr.Tab, owner: gr.BrowserState) -> dict[str, gr.Component]:
    """`owner` is the page's browser id: a visitor sees and asks only the runs they may open."""
    w = words("playground", lang)
    c: dict[str, gr.Component] = {}
    cache = ModelCache()  # shared by every user of this app: a run's saved weights are the same for all
    stops = StopSignals()  # one per page session, keyed by Gradio's session hash
    gr.Markdown(w("intro"))
    with gr.Row():
        c["run"] = gr.Dropdown(choices=run_choices(), label=w("run"), elem_id="play-run", scale=2)
        c["pick"] = gr.Dropdown(choices=[], label=w("pick"), elem_id="play-pick", scale=3)
    c["info"] = gr.Markdown(elem_id="play-info")
    with gr.Row():
        for which, title in (("base", w("base_title", model="")), ("tuned", w("tuned_title", run=""))):
            with gr.Column():
                c[f"{which}_title"] = gr.Markdown(title, elem_id=f"play-{which}-title")
                c[f"{which}_chat"] = gr.Chatbot(
                    label=w("answer"),
                    height=360,
                    placeholder=w("chat_empty"),
                    feedback_options=None,
                    elem_id=f"play-{which}-chat",
                )
                c[f"{which}_verdict"] = gr.Markdown(elem_id=f"play-{which}-verdict")
                c[f"{which}_labels"] = gr.Dataframe(
                    label=w("labels"), interactive=False, visible=False, elem_id=f"play-{which}-labels"
                )
    with gr.Row():
        c["prompt"] = gr.Textbox(label=w("prompt"), lines=3, elem_id="play-prompt", scale=4)
        with gr.Column(scale=1, min_width=180):
            c["ask"] = gr.Button(w("send"), variant="primary", elem_id="play-ask")
            c["stop"] = gr.Button(w("stop"), variant="stop", interactive=False, elem_id="play-stop")
    with gr.Row() as c["chat_buttons"]:
        c["retry"] = gr.Button(w("retry"), size="sm", elem_id="play-retry")
        c["undo"] = gr.Button(w("undo"), size="sm", elem_id="play-undo")
        c["clear"] = gr.Button(w("clear"), size="sm", elem_id="play-clear")
    c["system"] = gr.Textbox(label=w("system_box"), info=w("system_info"), lines=1, elem_id="play-system")
    with gr.Accordion(w("sampling"), open=False, elem_id="play-sampling") as c["sampling"], gr.Row():
        for name in SAMPLING:
            c[name] = option_widget(Sampling, name, lang, w(f"s_{name}"), "play-" + name.replace("_", "-"))

    chat_parts = [c["chat_buttons"], c["system"], c["sampling"], c["stop"]]

    def on_run(run_id: str | None, owner: str | None, request: gr.Request):
        """The picked run's examples, facts and titles, a fresh chat for SFT, label tables for classification."""
        unchanged, blank = [gr.update()] * 4, [gr.update(value=None)] * 2
        try:
            facts = facts_of(run_id, session.visitor(owner, request)) if run_id else None
        except FAILURES as exc:
            return gr.update(choices=[], value=None), w("error", message=code(str(exc))), *unchanged, *blank
        if facts is None:
            return gr.update(choices=[], value=None), "", *unchanged, *blank
        sft = facts.task == "sft"
        return (
            gr.update(choices=example_choices(facts), value=None),
            run_info(facts, lang),
            w("base_title", model=facts.base_model),
            w("tuned_title", run=run_id),
            gr.update(label=w("prompt" if sft else "prompt_cls"), value=""),
            gr.update(value=w("send" if sft else "ask")),
            *[gr.update(value=[], visible=sft)] * 2,
            *[gr.update(value="")] * 2,
            *[gr.update(value=None, visible=not sft)] * 2,
            gr.update(value=facts.system or ""),
            *[gr.update(visible=sft)] * len(chat_parts),
        )

    def pick(index: int | None, run_id: str | None, owner: str | None, request: gr.Request):
        if index is None or not run_id:
            return gr.update()
        try:
            return facts_of(run_id, session.visitor(owner, request)).examples[index].prompt
        except (*FAILURES, IndexError):
            return gr.update()

    def busy(on: bool) -> list[Any]:
        """Send, Retry, Undo and Clear off while a turn is answered, Stop on; the other way round after."""
        return [gr.update(interactive=not on if key != "stop" else on) for key in BUTTONS]

    def turn(run_id, message, system, base, tuned, sampling, owner, request: gr.Request):
        who = session.visitor(owner, request)
        if task_of(run_id, who) == "classification":
            for shown in classify_steps(run_id, message, lang, cache, who):
                yield [shown.get(key, gr.update()) for key in OUTPUTS] + [gr.update()] * len(BUTTONS)
            return
        flag, shown = stops.fresh(request.session_hash or ""), {}
        try:
            histories = {"base": base, "tuned": tuned}
            for shown in chat_steps(run_id, message, histories, system, sampling, lang, cache, flag, who):
                yield [shown.get(key, gr.update()) for key in OUTPUTS] + busy(True)
        finally:
            stops.done(request.session_hash or "", flag)
        # The last message repeats the last words: it is the event's result (the API's "complete").
        yield [shown.get(key, gr.update()) for key in OUTPUTS] + busy(False)

    # The sampling widgets come as *values (one per declared option), so the request goes first, where Gradio
    # finds it by its annotation.
    def send(request: gr.Request, run_id, message, system, base, tuned, *values):
        *sampling, owner = values
        yield from turn(run_id, message, system, base, tuned, sampling, owner, request)

    def retry(request: gr.Request, run_id, system, base, tuned, *values):
        *sampling, owner = values
        yield from turn(run_id, None, system, base, tuned, sampling, owner, request)

    def stop(request: gr.Request):
        return w("stopping") if stops.stop(request.session_hash or "") else gr.update()

    def undo_turn(base: list[dict] | None, tuned: list[dict] | None):
        (kept_base, said), (kept_tuned, _) = undo(plain(base)), undo(plain(tuned))
        return kept_base, kept_tuned, "", "", said or gr.update()

    def relist(owner: str | None, request: gr.Request):
        return gr.update(choices=run_choices(session.visitor(owner, request)))

    outputs = [c[key] for key in (*OUTPUTS, *BUTTONS)]
    sampling = [c[name] for name in SAMPLING]
    chats = [c["base_chat"], c["tuned_chat"]]
    shown_for_run = [c["pick"], c["info"], c["base_title"], c["tuned_title"], c["prompt"], c["ask"]]
    for_run = [*shown_for_run, *chats, c["base_verdict"], c["tuned_verdict"], c["base_labels"], c["tuned_labels"]]
    c["run"].change(on_run, [c["run"], owner], [*for_run, c["system"], *chat_parts])
    c["pick"].change(pick, [c["pick"], c["run"], owner], c["prompt"])
    # Runs finish while the page is open: offer them when the tab is opened.
    page.select(relist, owner, c["run"])
    asked = [c["run"], c["prompt"], c["system"], *chats, *sampling, owner]
    c["ask"].click(send, asked, outputs, api_name="playground_ask")
    c["prompt"].submit(send, asked, outputs)
    c["retry"].click(retry, [c["run"], c["system"], *chats, *sampling, owner], outputs)
    c["stop"].click(stop, None, c["info"])
    c["undo"].click(undo_turn, chats, [*chats, c["base_verdict"], c["tuned_verdict"], c["prompt"]])
    c["clear"].click(lambda: ([], [], "", ""), None, [*chats, c["base_verdict"], c["tuned_verdict"]])
    return c
