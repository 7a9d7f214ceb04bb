"""Try a retrieval model fine-tuned with Tuning Studio: settings.json names it, MODEL_ID in the environment
overrides it."""

import json
import os
from pathlib import Path

import gradio as gr
from sentence_transformers import SentenceTransformer

HERE = Path(__file__).parent
SETTINGS = json.loads((HERE / "settings.json").read_text(encoding="utf-8"))
EXAMPLES = json.loads((HERE / "examples.json").read_text(encoding="utf-8"))
MODEL_ID = os.environ.get("MODEL_ID", SETTINGS["model_id"])

model = SentenceTransformer(MODEL_ID)  # an adapter repo loads its base model too (peft is installed)
prompts = model.prompts or {}
QUERY_PROMPT = "query" if prompts.get("query") else None
PASSAGE_PROMPT = next((name for name in ("document", "passage", "corpus") if prompts.get(name)), None)


def search(query: str, passages: str, top_k: int = 5) -> list[list]:
    """The passages (separated by a blank line) ranked by cosine similarity to the query."""
    docs = [p.strip() for p in passages.split("\n\n") if p.strip()]
    if not query.strip() or not docs:
        return []
    q = model.encode([query], prompt_name=QUERY_PROMPT)
    d = model.encode(docs, prompt_name=PASSAGE_PROMPT)
    scores = model.similarity(q, d)[0].tolist()
    ranked = sorted(zip(scores, docs, strict=True), key=lambda pair: -pair[0])[: int(top_k)]
    return [[round(score, 4), doc] for score, doc in ranked]


with gr.Blocks(title=MODEL_ID) as demo:
    gr.Markdown(f"# {MODEL_ID}\nType a query; the passages below are ranked by the fine-tuned model.")
    query = gr.Textbox(label="Query", value=(EXAMPLES["queries"] or [""])[0])
    passages = gr.Textbox(
        label="Passages, separated by a blank line", lines=12, value="\n\n".join(EXAMPLES["passages"])
    )
    top_k = gr.Slider(1, 20, value=5, step=1, label="Top k")
    button = gr.Button("Search", variant="primary")
    results = gr.Dataframe(headers=["score", "passage"], wrap=True)
    button.click(search, [query, passages, top_k], results)
    query.submit(search, [query, passages, top_k], results)


if __name__ == "__main__":
    demo.launch()
