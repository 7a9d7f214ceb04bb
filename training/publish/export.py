"""A finished run's model as a folder that loads without the studio: the LoRA adapter, the merged model, or a
complete sentence-transformers model, each with its model card (README.md).

The folder is built beside its destination and renamed into place, so a failed export leaves nothing half-written
and an existing folder is replaced only when asked and only by a complete one.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from core.models.load import is_run_dir, load_embedding_model, prompts_of, resolve_model_path
from datasets_spec import store
from datasets_spec.write import atomic_folder
from training.config.studio import StudioConfig
from training.lifecycle.runs import load_config, read_status
from training.publish import card as model_card
from training.retrieval.evaluate import REPORTED, RetrievalSet, score
from training.tasks.classification import LABELS_FILE, load_classifier

KINDS = ("adapter", "merged", "sentence-transformers")
# Left out of every export: the trainer's pickled arguments are training state (with this machine's paths), not
# model, and the Hub flags pickles.
NOT_EXPORTED = shutil.ignore_patterns("training_args.bin")
# What a push sends when no kind is named: embeddings as a model that loads alone; SFT as the adapter, the
# ecosystem's norm for causal LMs (small, names its base); a classifier merged, since its head and pooler are
# trained in full anyway and `pipeline("text-classification")` needs a whole model.
DEFAULT_KIND = {"embedding": "sentence-transformers", "sft": "adapter", "classification": "merged"}


class ExportError(ValueError):
    """An export this run cannot give, or a destination it must not write to, said in words."""


def has_adapter(run_dir: Path) -> bool:
    return (run_dir / "model" / "adapter_config.json").exists()


def check_run(run_dir: Path) -> StudioConfig:
    """The run's config, once the run is known to have a finished model to export."""
    if not is_run_dir(run_dir):
        raise FileNotFoundError(f"{run_dir} is not a run directory (it needs config.yaml and status.json)")
    state = read_status(run_dir).get("state")
    if state in ("running", "queued"):
        raise ExportError(f"run {run_dir.name} is {state}; export it once it has finished or been stopped")
    model_dir = run_dir / "model"
    if not model_dir.is_dir() or not any(model_dir.iterdir()):
        raise FileNotFoundError(f"run {run_dir.name} has no trained model (no {model_dir}); it may have failed")
    return load_config(run_dir)


def check_kind(config: StudioConfig, kind: str, run_dir: Path) -> None:
    if kind not in KINDS:
        raise ExportError(f"export kind {kind!r}: choose one of {', '.join(KINDS)}")
    if kind == "sentence-transformers" and config.task != "embedding":
        raise ExportError(
            f"sentence-transformers export is for embedding runs; run {run_dir.name} is a {config.task} run: "
            "export adapter or merged"
        )
    if kind == "adapter" and not has_adapter(run_dir):
        other = "merged or sentence-transformers" if config.task == "embedding" else "merged"
        raise ExportError(
            f"run {run_dir.name} trained the whole model (lora.use_lora: false), so there is no adapter; "
            f"export {other}"
        )


def check_out(out: Path, run_dir: Path, force: bool) -> None:
    """Refuse a destination that holds files (unless forced) or that would swallow the run itself."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; name a folder to export into")
    if out == run_dir or run_dir.is_relative_to(out) or out.is_relative_to(run_dir / "model"):
        raise ExportError(f"{out} holds the run {run_dir.name} or its model; export somewhere else")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ExportError(f"{out} is not empty; choose a new folder, or force to replace it")


def _embedding_prompts(folder: Path) -> dict[str, str]:
    """The query / passage prompts a sentence-transformers folder declares (for the card), read without loading."""
    path = folder / "config_sentence_transformers.json"
    prompts = json.loads(path.read_text(encoding="utf-8")).get("prompts", {}) if path.exists() else {}
    passage = next((prompts[n] for n in ("passage", "document", "corpus") if prompts.get(n)), "")
    return {"query": prompts.get("query") or "", "passage": passage}


def write_adapter(run_dir: Path, config: StudioConfig, staging: Path) -> dict[str, str]:
    """The run's adapter folder as saved (weights, tokenizer, labels, module files), naming its public base: the
    adapter was saved naming the local folder it was trained on, which exists on this machine only."""
    model_dir = run_dir / "model"
    shutil.copytree(model_dir, staging, dirs_exist_ok=True, ignore=NOT_EXPORTED)
    adapter_path = staging / "adapter_config.json"
    adapter = json.loads(adapter_path.read_text(encoding="utf-8"))
    adapter["base_model_name_or_path"] = model_card.public_base(config.model.name_or_path)
    adapter_path.write_text(json.dumps(adapter, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return _embedding_prompts(model_dir) if config.task == "embedding" else {}


def merged_embedding_model(run_dir: Path, config: StudioConfig):
    """The run's SentenceTransformer with the adapter merged into the transformer's weights (peft's
    merge_and_unload), built the way `load_embedding_model` builds it, so both give the same embeddings."""
    from peft import PeftModel
    from sentence_transformers import SentenceTransformer

    model_dir = run_dir / "model"
    if not has_adapter(run_dir):
        model = SentenceTransformer(str(model_dir))
    else:
        model = SentenceTransformer(resolve_model_path(config.model.name_or_path))
        transformer = model[0]
        transformer.model = PeftModel.from_pretrained(transformer.model, str(model_dir)).merge_and_unload()
    model.max_seq_length = config.model.max_seq_length  # saved in the tokenizer config: loading restores it
    return model


def write_sentence_transformers(run_dir: Path, config: StudioConfig, staging: Path) -> dict[str, str]:
    model = merged_embedding_model(run_dir, config)
    model.save(str(staging))
    prompts = prompts_of(model)
    return {"query": prompts.query, "passage": prompts.passage}


def write_merged(run_dir: Path, config: StudioConfig, staging: Path) -> dict[str, str]:
    """A whole model: for embeddings the sentence-transformers folder (also a plain transformers model at its
    root), for SFT and classification the base with the adapter merged in, saved with the tokenizer."""
    if config.task == "embedding":
        return write_sentence_transformers(run_dir, config, staging)
    model_dir = run_dir / "model"
    if not has_adapter(run_dir):  # full fine-tuning already saved a whole model
        shutil.copytree(model_dir, staging, dirs_exist_ok=True, ignore=NOT_EXPORTED)
        return {}
    from transformers import AutoTokenizer

    if config.task == "sft":
        from peft import PeftModel
        from transformers import AutoModelForCausalLM

        # The base in the dtype it is stored in: the merged model is as large as the base, no larger.
        base = AutoModelForCausalLM.from_pretrained(resolve_model_path(config.model.name_or_path), dtype="auto")
        model = PeftModel.from_pretrained(base, str(model_dir)).merge_and_unload()
    else:
        model = load_classifier(model_dir).merge_and_unload()
        shutil.copy2(model_dir / LABELS_FILE, staging / LABELS_FILE)
    model.save_pretrained(str(staging))
    AutoTokenizer.from_pretrained(str(model_dir)).save_pretrained(str(staging))
    return {}


def scores_at_export(run_dir: Path, config: StudioConfig) -> dict | None:
    """The exported weights scored on the run's validation split, for a card whose run logged no evaluation at the
    step of those weights (stopped between evaluations); None when one was logged or none can be taken.

    Embeddings only: they are scored by the evaluator training and `python -m training eval` use, on the run's own
    model (its adapter on the base), whose embeddings every export kind reproduces to float rounding."""
    status = read_status(run_dir)
    if config.task != "embedding" or model_card.before_after(run_dir, config, status)[1] is not None:
        return None
    if model_card.dataset_facts(config.data.dataset) is None:  # deleted: nothing to score on (and no install)
        return None
    dataset = store.load(config.data.dataset)
    if not dataset.validation:
        return None
    results = score(load_embedding_model(str(run_dir)), RetrievalSet.from_dataset(dataset, "validation"))
    return model_card.measured_row(model_card.saved_step(config, status), {k: results[k] for k in REPORTED})


WRITERS: dict[str, Callable[[Path, StudioConfig, Path], dict[str, str]]] = {
    "adapter": write_adapter,
    "merged": write_merged,
    "sentence-transformers": write_sentence_transformers,
}


def export(
    run_dir: str | Path, to: str, out: str | Path, *, force: bool = False, model_ref: str | None = None
) -> Path:
    """Write the run's model as `to` (adapter, merged or sentence-transformers) into the folder `out`, with its
    model card; returns `out`. `model_ref` is what the card's loading code names (default: the folder's path).

    Raises ExportError (a ValueError) for a kind this run cannot give or a destination that is not empty (unless
    `force`), FileNotFoundError for a path that is no run or a run without a model.
    """
    run_dir, out = Path(run_dir).resolve(), Path(out).resolve()
    config = check_run(run_dir)
    check_kind(config, to, run_dir)
    check_out(out, run_dir, force)
    with atomic_folder(out, overwrite=True) as staging:
        prompts = WRITERS[to](run_dir, config, staging)
        measured = scores_at_export(run_dir, config)
        card = model_card.render(run_dir, to, model_ref=model_ref or str(out), prompts=prompts, measured=measured)
        (staging / "README.md").write_text(card, encoding="utf-8")
    return out
