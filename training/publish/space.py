"""The files of a small Gradio Space that tries a pushed model: app.py, settings.json (what differs per export:
the model id, its kind and base, the run's lengths), examples.json (texts from the run's validation split to start
from), requirements.txt and README.md (the Space's front matter).

app.py is space_template/<task>.py as it is, a Python file linted and tested like any other, never imported by the
studio (the engine doesn't import gradio); it reads MODEL_ID from the environment first, so it also runs against a
local export.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

from datasets_spec import store
from datasets_spec.canonical import document
from training.config.studio import StudioConfig
from training.lifecycle.runs import load_config
from training.publish import card as model_card

TEMPLATES = Path(__file__).parent / "space_template"  # one app per task, copied as the Space's app.py
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
    settings = {
        "model_id": model_repo,
        "kind": kind,
        "base": model_card.public_base(config.model.name_or_path),
        "max_new_tokens": config.sft.max_new_tokens,
        "max_length": config.model.max_seq_length,
    }
    return {
        "app.py": (TEMPLATES / f"{config.task}.py").read_text(encoding="utf-8"),
        "settings.json": json.dumps(settings, ensure_ascii=False, indent=1) + "\n",
        "requirements.txt": requirements(config.task),
        "README.md": space_readme(config, model_repo, space_id),
        "examples.json": json.dumps(examples_of(config, examples), ensure_ascii=False, indent=1) + "\n",
    }
