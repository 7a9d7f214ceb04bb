"""Try a chat model fine-tuned with Tuning Studio: settings.json names it, MODEL_ID in the environment overrides
it."""

import json
import os
from pathlib import Path

import gradio as gr
from transformers import AutoModelForCausalLM, AutoTokenizer

HERE = Path(__file__).parent
SETTINGS = json.loads((HERE / "settings.json").read_text(encoding="utf-8"))
EXAMPLES = json.loads((HERE / "examples.json").read_text(encoding="utf-8"))
MODEL_ID = os.environ.get("MODEL_ID", SETTINGS["model_id"])
MAX_NEW_TOKENS = int(SETTINGS["max_new_tokens"])  # the run's own answer length

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
model = AutoModelForCausalLM.from_pretrained(MODEL_ID).eval()  # an adapter repo loads its base too (peft)


def answer(prompt: str, max_new_tokens: int = MAX_NEW_TOKENS) -> str:
    """The model's answer to one user message, after the system message it was trained with (if any)."""
    messages = [{"role": "system", "content": EXAMPLES["system"]}] if EXAMPLES["system"] else []
    messages.append({"role": "user", "content": prompt})
    inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    output = model.generate(**inputs, max_new_tokens=int(max_new_tokens), do_sample=False)
    return tokenizer.decode(output[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True)


with gr.Blocks(title=MODEL_ID) as demo:
    gr.Markdown(f"# {MODEL_ID}\nWrite a prompt; the fine-tuned model answers.")
    prompt = gr.Textbox(label="Prompt", lines=4, value=(EXAMPLES["prompts"] or [""])[0])
    tokens = gr.Slider(16, 1024, value=MAX_NEW_TOKENS, step=16, label="Max new tokens")
    button = gr.Button("Answer", variant="primary")
    output = gr.Textbox(label="Answer", lines=8)
    button.click(answer, [prompt, tokens], output)
    gr.Examples([[p] for p in EXAMPLES["prompts"]], [prompt])


if __name__ == "__main__":
    demo.launch()
