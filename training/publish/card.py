"""The README.md every export carries: Hub front matter, what was trained on what, the scores before and after,
the config, and the code that loads this exact folder.

Everything comes from the run directory (config.yaml, status.json, metrics.jsonl) and the stored dataset's
manifest, so a card written today and one written after a restart of the studio say the same thing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from datasets_spec import store
from training.config.groups import OFFLINE_SMOLLM2
from training.config.studio import OFFLINE_E5, StudioConfig, load_yaml
from training.lifecycle.metrics import read_metrics

# The studio's offline conversions stand for these public models: the id an exported adapter names as its base.
PUBLIC_BASE = {
    OFFLINE_E5: "intfloat/multilingual-e5-small",
    OFFLINE_SMOLLM2: "HuggingFaceTB/SmolLM2-135M-Instruct",
}
# Licenses of the bases the studio offers, from their model cards; a fine-tune is published under its base's.
LICENSES = {
    "intfloat/multilingual-e5-small": "mit",
    "intfloat/multilingual-e5-base": "mit",
    "intfloat/multilingual-e5-large": "mit",
    "BAAI/bge-m3": "mit",
    "sentence-transformers/all-MiniLM-L6-v2": "apache-2.0",
    "HuggingFaceTB/SmolLM2-135M-Instruct": "apache-2.0",
    "HuggingFaceTB/SmolLM2-360M-Instruct": "apache-2.0",
    "Qwen/Qwen2.5-0.5B-Instruct": "apache-2.0",
    "Qwen/Qwen2.5-1.5B-Instruct": "apache-2.0",
}
# Validation scores shown per task, in the names metrics.jsonl uses.
CARD_METRICS = {
    "embedding": ["ndcg@10", "recall@1", "recall@5", "recall@10", "mrr@10"],
    "classification": ["accuracy", "macro_f1", "loss"],
    "sft": ["loss", "json_valid", "schema_valid", "field_match"],
}
PIPELINE_TAG = {"embedding": "sentence-similarity", "sft": "text-generation", "classification": "text-classification"}
WHAT = {
    "embedding": "a retrieval embedding model (queries near the passages that answer them)",
    "sft": "a chat model answering prompts the way its training answers do",
    "classification": "a text classifier",
}
KIND_WHAT = {
    "adapter": "the LoRA adapter alone; it loads on top of the base model",
    "merged": "the whole model, with the LoRA adapter merged into the base weights",
    "sentence-transformers": "a complete sentence-transformers model (adapter merged, prompts and length kept)",
}
MODEL_ID_LINE = re.compile(r'^model_id = ".*"$', re.MULTILINE)
TITLE_LINE = re.compile(r"^# .*$", re.MULTILINE)


def public_base(name_or_path: str) -> str:
    """The base an exported model names: the public id of an offline conversion, else the configured id or path."""
    return PUBLIC_BASE.get(name_or_path, name_or_path)


def is_hub_id(name: str) -> bool:
    """`owner/name` that is not a local folder: what the Hub accepts as `base_model`."""
    return bool(re.fullmatch(r"[\w.-]+/[\w.-]+", name)) and not Path(name).exists()


def eval_rows(run_dir: Path) -> list[dict[str, Any]]:
    return [r for r in read_metrics(run_dir)[0] if any(k.startswith("eval_") for k in r)]


def saved_step(config: StudioConfig, status: dict) -> int | None:
    """The step of the weights in run/model: the best checkpoint's when the trainer loaded it at the end (it does so
    on a stop too), else the step training ended at; None when status.json does not say."""
    best = status.get("best_checkpoint")
    if best and config.early_stopping.load_best_model_at_end:
        return int(str(best).rstrip("/").rsplit("-", 1)[-1])
    step = status.get("step")
    return int(step) if isinstance(step, int) else None


def before_after(run_dir: Path, config: StudioConfig, status: dict) -> tuple[dict | None, dict | None]:
    """The base model's scores (the evaluation at step 0) and those logged for the exported weights: the evaluation
    at their step, None when none was logged there (a run stopped between evaluations). A status without a step
    (written before it was recorded) falls back to the last evaluation."""
    rows = eval_rows(run_dir)
    if not rows:
        return None, None
    before = next((r for r in rows if r.get("step") == 0), None)
    step = saved_step(config, status)
    if step is None:
        return before, rows[-1]
    return before, next((r for r in reversed(rows) if r.get("step") == step), None)


def measured_row(step: int | None, scores: dict[str, float]) -> dict[str, Any]:
    """Scores taken at export (plain metric names), in the shape of a logged evaluation and marked as measured."""
    return {"step": step, "measured": True, **{f"eval_{k}": v for k, v in scores.items()}}


def dataset_facts(name: str) -> dict[str, Any] | None:
    """The stored dataset's manifest, read without installing or converting anything; None once it is deleted."""
    for folder in (Path(name), store.datasets_dir() / name):
        manifest = folder / "manifest.json"
        if manifest.is_file():
            return json.loads(manifest.read_text(encoding="utf-8"))
    return None


def front_matter(config: StudioConfig, kind: str) -> dict[str, Any]:
    base = public_base(config.model.name_or_path)
    library = "peft" if kind == "adapter" else {"embedding": "sentence-transformers"}.get(config.task, "transformers")
    tags = ["tuning-studio", config.task]
    if config.lora.use_lora:
        tags += ["lora", "peft"] if kind == "adapter" else ["lora"]
    if config.task == "embedding":
        tags += ["sentence-transformers", "feature-extraction", "sentence-similarity"]
    matter: dict[str, Any] = {"library_name": library}
    if is_hub_id(base):
        matter["base_model"] = base
    if base in LICENSES:
        matter["license"] = LICENSES[base]
    matter["tags"] = tags
    matter["pipeline_tag"] = PIPELINE_TAG[config.task]
    return matter


def _number(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else "–"


def results_section(
    config: StudioConfig,
    before: dict | None,
    after: dict | None,
    *,
    step: int | None = None,
    last_logged: int | None = None,
) -> list[str]:
    """The scores table; `after` is a logged evaluation or one measured at export. Without either, say which step
    the exported weights are from and which one the last scores were logged at."""
    if after is None and last_logged is None:
        return ["No validation scores were recorded (the dataset has no validation split)."]
    if after is None:
        return [
            f"The exported weights (step {step}) were not evaluated: the last validation scores were logged at step "
            f"{last_logged}, for other weights, so none are shown."
        ]
    how = ", measured at export" if after.get("measured") else ""
    head = f"after (step {after.get('step')}{how})"
    lines = [f"| metric | before (base model) | {head} | change |", "|---|---|---|---|"]
    for name in CARD_METRICS[config.task]:
        key = f"eval_{name}"
        if key not in after:
            continue
        old = before.get(key) if before else None
        new = after[key]
        change = f"{new - old:+.4f}" if isinstance(old, (int, float)) and isinstance(new, (int, float)) else "–"
        lines.append(f"| {name} | {_number(old)} | {_number(new)} | {change} |")
    if before is None:
        lines.append("\nThe base model was not evaluated before training (no evaluation at step 0).")
    if after.get("measured"):
        lines.append(
            f"\nNo evaluation was logged at step {after.get('step')}, where the run saved these weights: they were "
            "scored on the validation split when exported, as `python -m training eval` scores them."
        )
    return lines


def data_section(config: StudioConfig) -> list[str]:
    facts = dataset_facts(config.data.dataset)
    if facts is None:
        return [f"Dataset `{config.data.dataset}` (no longer in the studio's data directory: no statistics)."]
    counts = facts.get("counts", {})
    lines = ["| | |", "|---|---|", f"| dataset | `{facts.get('name', config.data.dataset)}` |"]
    lines.append(f"| format | {facts.get('source_format', facts.get('format', '–'))} |")
    for key in ("train", "validation", "passages", "classes"):
        if key in counts:
            lines.append(f"| {key} | {counts[key]:,} |")
    split = facts.get("split") or {}
    if split.get("by") == "file":
        lines.append("| validation split | a separate file |")
    elif split:
        lines.append(
            f"| validation split | {split.get('validation_ratio')} by {split.get('by')}, seed {split.get('seed')} |"
        )
    if config.data.max_train_samples:
        lines.append(f"| training capped at | {config.data.max_train_samples:,} examples |")
    if facts.get("dropped_classes"):
        lines.append(f"| classes dropped as rare | {', '.join(map(str, facts['dropped_classes']))} |")
    return lines


def usage_section(config: StudioConfig, kind: str, model_ref: str, prompts: dict[str, str]) -> list[str]:
    """Code that loads this folder as exported; `model_id` is the one line a push rewrites to the repo id."""
    base = public_base(config.model.name_or_path)
    code = [f'model_id = "{model_ref}"']
    if config.task == "embedding":
        note = {"adapter": f"  # loads {base} and applies the adapter (needs peft)"}.get(kind, "")
        query = ', prompt_name="query"' if prompts.get("query") else ""
        passage = ', prompt_name="passage"' if prompts.get("passage") else ""
        code = [
            "from sentence_transformers import SentenceTransformer",
            "",
            *code,
            f"model = SentenceTransformer(model_id){note}",
            f'queries = model.encode(["손해배상 청구의 요건"]{query})',
            f'passages = model.encode(["불법행위의 내용\\n고의 또는 과실로 인한 위법행위로"]{passage})',
            "print(model.similarity(queries, passages))",
        ]
    elif config.task == "sft":
        loader = "AutoPeftModelForCausalLM" if kind == "adapter" else "AutoModelForCausalLM"
        module = "peft" if kind == "adapter" else "transformers"
        code = [
            f"from {module} import {loader}",
            "from transformers import AutoTokenizer",
            "",
            *code,
            f"model = {loader}.from_pretrained(model_id)",
            "tokenizer = AutoTokenizer.from_pretrained(model_id)",
            'messages = [{"role": "user", "content": "..."}]',
            "inputs = tokenizer.apply_chat_template(",
            '    messages, add_generation_prompt=True, return_tensors="pt", return_dict=True',
            ")",
            f"output = model.generate(**inputs, max_new_tokens={config.sft.max_new_tokens})",
            'print(tokenizer.decode(output[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True))',
        ]
    elif kind == "adapter":
        code = [
            "from peft import PeftModel",
            "from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer",
            "",
            *code,
            "config = AutoConfig.from_pretrained(model_id)  # the head's size and label names",
            f'base = AutoModelForSequenceClassification.from_pretrained("{base}", config=config)',
            "model = PeftModel.from_pretrained(base, model_id).eval()",
            "tokenizer = AutoTokenizer.from_pretrained(model_id)",
            'logits = model(**tokenizer(["..."], return_tensors="pt")).logits',
            "print(config.id2label[int(logits.argmax(-1)[0])])",
        ]
    else:
        code = [
            "from transformers import pipeline",
            "",
            *code,
            'classifier = pipeline("text-classification", model=model_id)',
            'print(classifier("..."))',
        ]
    return ["```python", *code, "```"]


def with_model_id(card: str, model_id: str) -> str:
    """The same card titled and loading `model_id`: a pushed export names its Hub repo, not the local folder."""
    card = TITLE_LINE.sub(f"# {title_of(model_id)}", card, count=1)
    return MODEL_ID_LINE.sub(f'model_id = "{model_id}"', card)


def title_of(model_ref: str) -> str:
    return model_ref.rstrip("/").rsplit("/", 1)[-1]


def render(
    run_dir: str | Path,
    kind: str,
    *,
    model_ref: str,
    prompts: dict[str, str] | None = None,
    measured: dict[str, Any] | None = None,
) -> str:
    """The whole README.md for an export of this run as `kind`; `model_ref` (a Hub id or a folder) is what the
    loading code names. `measured` (from `measured_row`) holds the exported weights' scores taken at export, shown
    when no evaluation was logged at their step."""
    run_dir = Path(run_dir)
    config = load_yaml(run_dir / "config.yaml")
    status_path = run_dir / "status.json"
    status = json.loads(status_path.read_text(encoding="utf-8")) if status_path.exists() else {}
    prompts = prompts or {}
    base = public_base(config.model.name_or_path)
    before, after = before_after(run_dir, config, status)
    after = after or measured
    logged = eval_rows(run_dir)
    last_logged = logged[-1].get("step") if logged else None
    method = (
        f"LoRA (r {config.lora.r}, alpha {config.lora.lora_alpha}, on {', '.join(config.lora.target_modules)})"
        if config.lora.use_lora
        else "full fine-tuning"
    )
    lines = [
        "---",
        yaml.safe_dump(front_matter(config, kind), sort_keys=False, allow_unicode=True).strip(),
        "---",
        "",
        f"# {title_of(model_ref)}",
        "",
        f"{WHAT[config.task].capitalize()}: `{base}` fine-tuned with {method} in Tuning Studio. "
        f"This folder is {KIND_WHAT[kind]}.",
    ]
    if base != config.model.name_or_path:
        lines.append(
            f"\nTrained on `{config.model.name_or_path}`, the studio's offline copy of `{base}` (dequantised from a "
            "compressed file); the original weights differ from it only by that rounding."
        )
    labels = run_dir / "model" / "labels.json"
    if config.task == "classification" and labels.exists():
        names = json.loads(labels.read_text(encoding="utf-8"))
        lines.append(f"\nLabels ({len(names)}, in id order): {', '.join(map(str, names))}.")
    if config.task == "embedding":
        shown = ", ".join(f'{k} "{v}"' for k, v in prompts.items() if v) or "none"
        lines.append(f"\nPrompts: {shown}. Texts are cut at {config.model.max_seq_length} tokens.")
    lines += ["", "## Data", "", *data_section(config), ""]
    lines += [
        "## Results on the validation split",
        "",
        *results_section(config, before, after, step=saved_step(config, status), last_logged=last_logged),
        "",
    ]
    ran = f"{status.get('step', '?')} steps, run {status.get('state', 'unknown')}"
    lines += ["## Training", "", f"Task `{config.task}`, {ran}. The run's config:", "", "```yaml"]
    lines += [(run_dir / "config.yaml").read_text(encoding="utf-8").strip(), "```", ""]
    lines += ["## Use", "", *usage_section(config, kind, model_ref, prompts), ""]
    return "\n".join(lines)
