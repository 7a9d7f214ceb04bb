"""The files of a small Gradio Space that tries a pushed model: app.py, requirements.txt, README.md (the Space's
front matter) and examples.json (texts from the run's validation split to start from).

The app is generated text, never imported by the studio (the engine doesn't import gradio); it reads MODEL_ID
from the environment first, so it also runs against a local export.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from string import Template

import yaml

from datasets_spec import store
from datasets_spec.canonical import document
from training.config.studio import StudioConfig
from training.lifecycle.runs import load_config
from training.publish import card as model_card

HEAD = Template('''"""Try $model_id, fine-tuned with Tuning Studio. MODEL_ID in the environment overrides the model."""

import json
import os
from pathlib import Path

import gradio as gr

MODEL_ID = os.environ.get("MODEL_ID", $model_literal)
KIND = $kind_literal
EXAMPLES = json.loads((Path(__file__).parent / "examples.json").read_text(encoding="utf-8"))
''')

EMBEDDING = '''from sentence_transformers import SentenceTransformer

model = SentenceTransformer(MODEL_ID)  # an adapter repo loads its base model too (peft is installed)
prompts = model.prompts or {}
QUERY_PROMPT = "query" if prompts.get("query") else None
PASSAGE_PROMPT = next((name for name in ("document", "passage", "corpus") if prompts.get(name)), None)


def search(query: str, passages: str, top_k: int = 5) -> list[list]:
    """The passages (separated by a blank line) ranked by cosine similarity to the query."""
    docs = [p.strip() for p in passages.split("\\n\\n") if p.strip()]
    if not query.strip() or not docs:
        return []
    q = model.encode([query], prompt_name=QUERY_PROMPT)
    d = model.encode(docs, prompt_name=PASSAGE_PROMPT)
    scores = model.similarity(q, d)[0].tolist()
    ranked = sorted(zip(scores, docs), key=lambda pair: -pair[0])[: int(top_k)]
    return [[round(score, 4), doc] for score, doc in ranked]


with gr.Blocks(title=MODEL_ID) as demo:
    gr.Markdown(f"# {MODEL_ID}\\nType a query; the passages below are ranked by the fine-tuned model.")
    query = gr.Textbox(label="Query", value=(EXAMPLES["queries"] or [""])[0])
    passages = gr.Textbox(
        label="Passages, separated by a blank line", lines=12, value="\\n\\n".join(EXAMPLES["passages"])
    )
    top_k = gr.Slider(1, 20, value=5, step=1, label="Top k")
    button = gr.Button("Search", variant="primary")
    results = gr.Dataframe(headers=["score", "passage"], wrap=True)
    button.click(search, [query, passages, top_k], results)
    query.submit(search, [query, passages, top_k], results)
'''

SFT = '''from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
model = AutoModelForCausalLM.from_pretrained(MODEL_ID).eval()  # an adapter repo loads its base too (peft)


def answer(prompt: str, max_new_tokens: int = $max_new_tokens) -> str:
    """The model's answer to one user message, after the system message it was trained with (if any)."""
    messages = [{"role": "system", "content": EXAMPLES["system"]}] if EXAMPLES["system"] else []
    messages.append({"role": "user", "content": prompt})
    inputs = tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    output = model.generate(**inputs, max_new_tokens=int(max_new_tokens), do_sample=False)
    return tokenizer.decode(output[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True)


with gr.Blocks(title=MODEL_ID) as demo:
    gr.Markdown(f"# {MODEL_ID}\\nWrite a prompt; the fine-tuned model answers.")
    prompt = gr.Textbox(label="Prompt", lines=4, value=(EXAMPLES["prompts"] or [""])[0])
    tokens = gr.Slider(16, 1024, value=$max_new_tokens, step=16, label="Max new tokens")
    button = gr.Button("Answer", variant="primary")
    output = gr.Textbox(label="Answer", lines=8)
    button.click(answer, [prompt, tokens], output)
    gr.Examples([[p] for p in EXAMPLES["prompts"]], [prompt])
'''

CLASSIFICATION = '''import torch
from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
if KIND == "adapter":  # the base is built from the saved config, so the head has the trained size
    from peft import PeftModel

    config = AutoConfig.from_pretrained(MODEL_ID)
    base = AutoModelForSequenceClassification.from_pretrained($base_literal, config=config)
    model = PeftModel.from_pretrained(base, MODEL_ID).eval()
else:
    model = AutoModelForSequenceClassification.from_pretrained(MODEL_ID).eval()
LABELS = model.config.id2label


def classify(text: str) -> dict[str, float]:
    """Each label's probability for the text."""
    batch = tokenizer([text], truncation=True, max_length=$max_length, return_tensors="pt")
    with torch.no_grad():
        probabilities = model(**batch).logits.softmax(-1)[0].tolist()
    return {LABELS[i]: p for i, p in enumerate(probabilities)}


with gr.Blocks(title=MODEL_ID) as demo:
    gr.Markdown(f"# {MODEL_ID}\\nType a text; the fine-tuned classifier labels it.")
    text = gr.Textbox(label="Text", lines=4, value=(EXAMPLES["texts"] or [""])[0])
    button = gr.Button("Classify", variant="primary")
    label = gr.Label(num_top_classes=5)
    button.click(classify, text, label)
    gr.Examples([[t] for t in EXAMPLES["texts"]], [text])
'''

TAIL = """

if __name__ == "__main__":
    demo.launch()
"""
PACKAGES = {
    "embedding": ["sentence-transformers", "transformers", "peft", "torch"],
    "sft": ["transformers", "peft", "accelerate", "torch"],
    "classification": ["transformers", "peft", "torch"],
}
EMOJI = {"embedding": "🔎", "sft": "💬", "classification": "🏷️"}


def validation_of(config: StudioConfig, limit: int) -> tuple[list[dict], dict[str, dict]]:
    """Up to `limit` validation examples of the run's dataset (and its corpus); none once it is deleted."""
    for folder in (Path(config.data.dataset), store.datasets_dir() / config.data.dataset):
        if limit and (folder / "manifest.json").is_file():
            data = store.load(str(folder))
            return data.validation[:limit], data.corpus
    return [], {}


def examples_of(config: StudioConfig, limit: int) -> dict:
    """Texts the demo starts from: queries and their passages, prompts (and the system message), or texts."""
    validation, corpus = validation_of(config, limit)
    if config.task == "embedding":
        ids = dict.fromkeys(pid for e in validation for pid in e["positive_passages"] if pid in corpus)
        return {"queries": [e["query_text"] for e in validation[:3]], "passages": [document(corpus[p]) for p in ids]}
    if config.task == "sft":
        first = validation[0]["messages"] if validation else []
        system = first[0]["content"] if first and first[0]["role"] == "system" else ""
        prompts = [next(m["content"] for m in reversed(e["messages"][:-1]) if m["role"] == "user") for e in validation]
        return {"system": system, "prompts": prompts}
    return {"texts": [e["text"] for e in validation]}


def requirements(task: str) -> str:
    """The libraries the model was trained with, pinned, so the Space loads it as the studio did."""
    lines = []
    for name in PACKAGES[task]:
        try:
            lines.append(f"{name}=={version(name).split('+')[0]}")
        except PackageNotFoundError:
            lines.append(name)
    return "\n".join(lines) + "\n"


def space_readme(config: StudioConfig, model_repo: str, space_id: str) -> str:
    try:
        gradio = version("gradio")
    except PackageNotFoundError:
        gradio = None
    matter = {
        "title": model_card.title_of(space_id),
        "emoji": EMOJI[config.task],
        "colorFrom": "blue",
        "colorTo": "indigo",
        "sdk": "gradio",
        **({"sdk_version": gradio} if gradio else {}),
        "app_file": "app.py",
        "pinned": False,
        "models": [model_repo],
    }
    front = yaml.safe_dump(matter, sort_keys=False, allow_unicode=True).strip()
    return (
        f"---\n{front}\n---\n\nA demo of [{model_repo}](https://huggingface.co/{model_repo}), made by Tuning Studio. "
        "The examples come from the run's validation split. If the model repo is private, add a secret named "
        "HF_TOKEN (a read token) in this Space's settings.\n"
    )


def space_files(
    run_dir: str | Path, model_repo: str, *, kind: str, space_id: str, examples: int = 20
) -> dict[str, str]:
    """name -> text of every file of the demo Space for the model this run pushed to `model_repo` as `kind`."""
    config = load_config(run_dir)
    body = {"embedding": EMBEDDING, "sft": SFT, "classification": CLASSIFICATION}[config.task]
    app = HEAD.substitute(model_id=model_repo, model_literal=json.dumps(model_repo), kind_literal=json.dumps(kind))
    app += "\n" + Template(body).substitute(
        max_new_tokens=config.sft.max_new_tokens,
        max_length=config.model.max_seq_length,
        base_literal=json.dumps(model_card.public_base(config.model.name_or_path)),
    )
    return {
        "app.py": app + TAIL,
        "requirements.txt": requirements(config.task),
        "README.md": space_readme(config, model_repo, space_id),
        "examples.json": json.dumps(examples_of(config, examples), ensure_ascii=False, indent=1) + "\n",
    }
