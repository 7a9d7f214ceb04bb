"""Try a classifier fine-tuned with Tuning Studio: settings.json names it, MODEL_ID in the environment overrides
it."""

import json
import os
from pathlib import Path

import gradio as gr
import torch
from peft import PeftModel
from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

HERE = Path(__file__).parent
SETTINGS = json.loads((HERE / "settings.json").read_text(encoding="utf-8"))
EXAMPLES = json.loads((HERE / "examples.json").read_text(encoding="utf-8"))
MODEL_ID = os.environ.get("MODEL_ID", SETTINGS["model_id"])
KIND = SETTINGS["kind"]  # "adapter": LoRA weights over SETTINGS["base"]; else a whole model
MAX_LENGTH = int(SETTINGS["max_length"])  # the run's max_seq_length

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
if KIND == "adapter":  # the base is built from the saved config, so the head has the trained size
    config = AutoConfig.from_pretrained(MODEL_ID)
    base = AutoModelForSequenceClassification.from_pretrained(SETTINGS["base"], config=config)
    model = PeftModel.from_pretrained(base, MODEL_ID).eval()
else:
    model = AutoModelForSequenceClassification.from_pretrained(MODEL_ID).eval()
LABELS = model.config.id2label


def classify(text: str) -> dict[str, float]:
    """Each label's probability for the text."""
    batch = tokenizer([text], truncation=True, max_length=MAX_LENGTH, return_tensors="pt")
    with torch.no_grad():
        probabilities = model(**batch).logits.softmax(-1)[0].tolist()
    return {LABELS[i]: p for i, p in enumerate(probabilities)}


with gr.Blocks(title=MODEL_ID) as demo:
    gr.Markdown(f"# {MODEL_ID}\nType a text; the fine-tuned classifier labels it.")
    text = gr.Textbox(label="Text", lines=4, value=(EXAMPLES["texts"] or [""])[0])
    button = gr.Button("Classify", variant="primary")
    label = gr.Label(num_top_classes=5)
    button.click(classify, text, label)
    gr.Examples([[t] for t in EXAMPLES["texts"]], [text])


if __name__ == "__main__":
    demo.launch()
