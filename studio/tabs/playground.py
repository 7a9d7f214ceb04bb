"""Playground tab: one prompt, the base model's and the fine-tuned run's answers side by side, each checked as JSON
and against the run's schema; for a classifier, both models' top 5 labels with probabilities.

Every answer is `training.playground.ask.answer` / `top_labels`, the calls `python -m training ask` makes; this
file only turns their results into words and tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr
import pandas as pd

from studio import session
from studio.strings import words
from studio.tabs.test import share_cpu
from training.lifecycle import runs
from training.playground.ask import (
    TOP_K,
    WHICH,
    Check,
    ModelCache,
    RunFacts,
    answer,
    playable_runs,
    run_facts,
    top_labels,
)
from training.visitors import workspace
from training.visitors.access import AccessDenied, Visitor

PICKED = 200  # validation examples offered in the picker: enough to browse, few enough for a dropdown
SHOWN = 200  # characters of a reference answer quoted above the columns
OUTPUTS = ("info", "base_answer", "base_verdict", "base_labels", "tuned_answer", "tuned_verdict", "tuned_labels")


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


def verdict_markdown(check: Check, seconds: float, lang: str) -> str:
    """Two ✓/✗ lines, JSON then schema, each with the parser's or the validator's words, and the time taken."""
    w = words("playground", lang)
    json_line = w("json_ok") if check.json_valid else w("json_bad", error=code(check.json_error or ""))
    if not check.json_valid:
        schema_line = w("schema_unread")
    else:
        schema_line = w("schema_ok") if check.schema_valid else w("schema_bad", error=code(check.schema_text()))
    return f"{json_line}  \n{schema_line}  \n{w('seconds', seconds=seconds)}"


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
    if example:
        lines.append(w("reference", answer=code(example.reference[:SHOWN])))
    return "\n\n".join(lines)


def ask_steps(
    run_id: str | None,
    prompt: str,
    max_new_tokens: float | None,
    lang: str,
    cache: ModelCache,
    owner: Visitor | str | None = None,
) -> Iterator[dict[str, Any]]:
    """The outputs after each model has answered (base first, so it shows while the tuned one works), by name;
    an error becomes the info line."""
    w = words("playground", lang)
    if not run_id:
        yield {"info": w("no_run")}
        return
    try:
        facts = facts_of(run_id, owner)
        info = run_info(facts, lang, prompt)
        run_dir, limit = workspace.run_dir(session.who(owner), run_id), int(max_new_tokens or 0) or None
        share_cpu()
        shown: dict[str, Any] = {key: None for key in OUTPUTS[1:]}  # the last prompt's answers go at once
        for which in WHICH:
            yield {"info": info + "\n\n" + w("asking", which=w(f"which_{which}")), **shown}
            if facts.task == "sft":
                reply = answer(run_dir, prompt, which=which, max_new_tokens=limit, cache=cache)
                shown[f"{which}_answer"] = reply.text or w("empty_answer")
                shown[f"{which}_verdict"] = verdict_markdown(reply.check, reply.seconds, lang)
            else:
                gold = facts.reference(prompt)
                top = top_labels(run_dir, prompt, k=TOP_K, which=which, cache=cache)
                shown[f"{which}_labels"] = labels_frame(top, gold.reference if gold else None, lang)
        yield {"info": info, **shown}
    except (ValueError, FileNotFoundError, AccessDenied) as exc:
        yield {"info": w("error", message=exc)}


def build(lang: str, page: gr.Tab, owner: gr.BrowserState) -> dict[str, gr.Component]:
    """`owner` is the page's browser id: a visitor sees and asks only the runs they may open."""
    w = words("playground", lang)
    c: dict[str, gr.Component] = {}
    cache = ModelCache()  # shared by every user of this app: a run's saved weights are the same for all
    gr.Markdown(w("intro"))
    with gr.Row():
        c["run"] = gr.Dropdown(choices=run_choices(), label=w("run"), elem_id="play-run", scale=2)
        c["pick"] = gr.Dropdown(choices=[], label=w("pick"), elem_id="play-pick", scale=3)
    with gr.Row():
        c["prompt"] = gr.Textbox(label=w("prompt"), lines=3, elem_id="play-prompt", scale=4)
        with gr.Column(scale=1, min_width=160):
            c["max_new_tokens"] = gr.Number(
                value=0, minimum=0, precision=0, label=w("max_new_tokens"), elem_id="play-max-new-tokens"
            )
            c["ask"] = gr.Button(w("ask"), variant="primary", elem_id="play-ask")
    c["info"] = gr.Markdown(elem_id="play-info")
    with gr.Row():
        for which, title in (("base", w("base_title", model="")), ("tuned", w("tuned_title", run=""))):
            with gr.Column():
                c[f"{which}_title"] = gr.Markdown(title, elem_id=f"play-{which}-title")
                c[f"{which}_answer"] = gr.Textbox(
                    label=w("answer"), lines=6, interactive=False, elem_id=f"play-{which}-answer"
                )
                c[f"{which}_verdict"] = gr.Markdown(elem_id=f"play-{which}-verdict")
                c[f"{which}_labels"] = gr.Dataframe(
                    label=w("labels"), interactive=False, visible=False, elem_id=f"play-{which}-labels"
                )

    def on_run(run_id: str | None, owner: str | None, request: gr.Request):
        """The picked run's examples, facts and titles; answer boxes for SFT, label tables for classification."""
        unchanged, blank = [gr.update()] * 4, [gr.update(value=None)] * 6
        try:
            facts = facts_of(run_id, session.visitor(owner, request)) if run_id else None
        except (ValueError, FileNotFoundError, AccessDenied) as exc:
            return gr.update(choices=[], value=None), w("error", message=exc), *unchanged, *blank
        if facts is None:
            return gr.update(choices=[], value=None), "", *unchanged, *blank
        sft = facts.task == "sft"
        text, table = gr.update(value=None, visible=sft), gr.update(value=None, visible=not sft)
        return (
            gr.update(choices=example_choices(facts), value=None),
            run_info(facts, lang),
            w("base_title", model=facts.base_model),
            w("tuned_title", run=run_id),
            gr.update(label=w("prompt" if sft else "prompt_cls"), value=""),
            gr.update(visible=sft),  # answer length means nothing to a classifier
            *(text, gr.update(value="", visible=sft), table) * 2,
        )

    def pick(index: int | None, run_id: str | None, owner: str | None, request: gr.Request):
        if index is None or not run_id:
            return gr.update()
        try:
            return facts_of(run_id, session.visitor(owner, request)).examples[index].prompt
        except (ValueError, FileNotFoundError, AccessDenied, IndexError):
            return gr.update()

    def ask(run_id: str | None, prompt: str, max_new_tokens: float | None, owner: str | None, request: gr.Request):
        who = session.visitor(owner, request)
        for shown in ask_steps(run_id, prompt, max_new_tokens, lang, cache, who):
            yield [shown.get(key, gr.update()) for key in OUTPUTS]

    def relist(owner: str | None, request: gr.Request):
        return gr.update(choices=run_choices(session.visitor(owner, request)))

    columns = [c[f"{which}_{part}"] for which in WHICH for part in ("answer", "verdict", "labels")]
    shown_for_run = [c["pick"], c["info"], c["base_title"], c["tuned_title"], c["prompt"], c["max_new_tokens"]]
    c["run"].change(on_run, [c["run"], owner], [*shown_for_run, *columns])
    c["pick"].change(pick, [c["pick"], c["run"], owner], c["prompt"])
    # Runs finish while the page is open: offer them when the tab is opened.
    page.select(relist, owner, c["run"])
    c["ask"].click(
        ask,
        [c["run"], c["prompt"], c["max_new_tokens"], owner],
        [c[key] for key in OUTPUTS],
        api_name="playground_ask",
    )
    return c
