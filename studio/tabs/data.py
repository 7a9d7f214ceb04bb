"""Data tab: pick the bundled sample or upload passages + cases; see counts and a preview."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from datasets_spec import store
from datasets_spec.errors import DataError
from studio.strings import words


def dataset_choices() -> list[str]:
    return sorted({store.SAMPLE_NAME, *store.list_datasets()})


def describe(name: str, lang: str) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """Counts, a few training examples and a few passages of a stored dataset."""
    w = words("data", lang)
    dataset = store.load(name)
    m = dataset.manifest
    summary = w("counts", name=name, seed=m["split"]["seed"], summary=m["report"]["summary"], **m["counts"])
    examples = pd.DataFrame(
        [
            {
                "query": e["query_text"],
                "positives": ", ".join(e["positive_passages"]),
                "hard negatives": len(e["hard_negatives"]),
            }
            for e in dataset.train[:20]
        ]
    )
    passages = pd.DataFrame(
        [{"id": pid, "title": p["title"], "text": p["text"][:120]} for pid, p in list(dataset.corpus.items())[:20]]
    )
    return summary, examples, passages


def show(name: str, lang: str) -> tuple[str, pd.DataFrame | None, pd.DataFrame | None]:
    """`describe`, or the error a person can act on (a missing or damaged dataset) in place of the summary."""
    try:
        return describe(name, lang)
    except (DataError, FileNotFoundError, ValueError) as exc:
        return words("data", lang)("error", message=exc), None, None


def build(lang: str) -> dict[str, gr.Component]:
    w = words("data", lang)
    c: dict[str, gr.Component] = {}
    gr.Markdown(w("intro"))
    with gr.Row():
        c["dataset"] = gr.Dropdown(
            choices=dataset_choices(), value=store.SAMPLE_NAME, label=w("dataset"), elem_id="data-dataset", scale=3
        )
        c["use_sample"] = gr.Button(w("use_sample"), elem_id="data-use-sample", scale=1)
    c["summary"] = gr.Markdown(elem_id="data-summary")
    with gr.Row():
        c["examples"] = gr.Dataframe(label=w("examples"), wrap=True, interactive=False)
        c["passages"] = gr.Dataframe(label=w("passages"), wrap=True, interactive=False)
    with gr.Accordion(w("upload_header"), open=False):
        with gr.Row():
            c["passages_file"] = gr.File(label=w("passages_file"), file_types=[".jsonl"])
            c["cases_file"] = gr.File(label=w("cases_file"), file_types=[".jsonl"])
        c["name"] = gr.Textbox(label=w("name"), value="my-legal-data")
        c["import"] = gr.Button(w("import"), variant="primary")
    c["message"] = gr.Markdown()

    def use_sample():
        store.resolve(store.SAMPLE_NAME)
        return gr.update(choices=dataset_choices(), value=store.SAMPLE_NAME)

    def import_files(passages_file, cases_file, name: str):
        if not passages_file or not cases_file:
            return gr.update(), w("need_files")
        try:
            store.import_legal(passages_file, cases_file, name.strip())
        except (DataError, ValueError, FileExistsError) as exc:
            return gr.update(), w("error", message=exc)
        return gr.update(choices=dataset_choices(), value=name.strip()), w("stored", name=name.strip())

    c["dataset"].change(lambda name: show(name, lang), c["dataset"], [c["summary"], c["examples"], c["passages"]])
    c["use_sample"].click(use_sample, None, c["dataset"])
    c["import"].click(import_files, [c["passages_file"], c["cases_file"], c["name"]], [c["dataset"], c["message"]])
    return c
