"""Trying a finished run by hand: what a run is (its facts and examples), its model loaded with its base, answers
read as JSON and held against the run's schema (the chat itself is chat.py); a text classified by both, top labels
with probabilities.

Base and tuned share one loaded model: peft's `disable_adapter()` switches the LoRA off for the base, so a run
costs one load for both, and `ModelCache` keeps it for the next prompt.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch

from core.models.load import resolve_model_path
from core.recent import Recent
from datasets_spec import store
from datasets_spec.json_answers import parse_answer, schema_errors, schema_for
from training.config.startable import model_kind
from training.config.studio import StudioConfig
from training.lifecycle import runs
from training.tasks.classification import LABELS_FILE, load_classifier
from training.tasks.sft import SCHEMA_FILE, answer_of, load_model, training_examples

TASKS = ("sft", "classification")  # embedding runs are searched on the Test tab
WHICH = ("base", "tuned")
TOP_K = 5


@dataclass(frozen=True)
class Check:
    """An answer read as JSON and held against the run's schema, with the reasons when it fails."""

    json_valid: bool
    schema_valid: bool
    json_error: str | None = None  # "not JSON: Expecting ',' delimiter at line 1 column 12"
    schema_errors: tuple[str, ...] = ()  # "$.duration_days: 'x' is not of type 'integer'", shallowest first

    def schema_text(self, shown: int = 3) -> str:
        """The first few schema errors in one line, and how many more there are."""
        more = len(self.schema_errors) - shown
        return "; ".join(self.schema_errors[:shown]) + (f" (+{more} more)" if more > 0 else "")


def check_answer(text: str, schema: dict[str, Any]) -> Check:
    """The verdicts the SFT evaluation counts (`score_answer`), with the parser's and the validator's words."""
    parsed = parse_answer(text)
    if not parsed.ok:
        return Check(False, False, parsed.error)
    errors = schema_errors(parsed.value, schema)
    return Check(True, not errors, None, tuple(errors))


@dataclass(frozen=True)
class Answer:
    """One model's reply: the text, its check, and the seconds generation took (no load); while it grows, no check
    and no end yet. `ended`: "eos" (the model ended its turn), "length" (max_new_tokens did) or "stopped"."""

    which: str
    text: str
    check: Check | None
    seconds: float
    ended: str | None = "eos"
    templated: bool = True  # False: the tokenizer has no chat template, the chat went as a "role: text" transcript

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Example:
    """A prompt of the run's dataset and what it should give: the reference answer, or the gold label."""

    prompt: str
    reference: str
    split: str


@dataclass(frozen=True)
class RunFacts:
    """What asking a run needs besides its weights, read from its directory and its dataset."""

    run_id: str
    task: str
    base_model: str
    dataset: str
    seed: int
    max_length: int
    max_new_tokens: int
    adapter: bool = True  # False: trained in full, so the base is loaded beside it
    chat_template: bool = True  # sft: False when the run's tokenizer has none (chats go as plain transcripts)
    system: str | None = None  # sft: the system message the training chats open with
    schema: dict[str, Any] = field(default_factory=dict)  # sft: the schema the run's evaluations checked against
    labels: tuple[str, ...] = ()  # classification: the head's label names in id order
    examples: tuple[Example, ...] = ()  # validation first, then training

    def reference(self, prompt: str) -> Example | None:
        """The dataset example this prompt is, if it is one (picked from the list, or pasted)."""
        return next((e for e in self.examples if e.prompt == prompt.strip()), None)


def _saved(folder: Path) -> bool:
    return any(folder.glob("*.safetensors")) or any(folder.glob("*.bin"))


def model_dir(run_dir: Path) -> Path:
    """The run's saved model, or an error that says why there is none."""
    folder = Path(run_dir) / "model"
    if not _saved(folder):
        state = runs.read_status(run_dir).get("state", "unknown")
        raise FileNotFoundError(f"run {Path(run_dir).name} ({state}) has no saved model in {folder} yet")
    return folder


def playable_runs(runs_root: str | Path) -> list[runs.RunInfo]:
    """SFT and classification runs whose model is saved and not being rewritten (finished or stopped), newest
    first."""
    return [
        r
        for r in runs.list_runs(runs_root)
        if r.status.get("task") in TASKS and r.state not in ("running", "queued") and _saved(r.path / "model")
    ]


def _task_of(run_dir: Path, config: StudioConfig) -> str:
    if config.task not in TASKS:
        raise ValueError(
            f"run {run_dir.name} is an {config.task} run; the playground asks sft and classification runs "
            "(search with an embedding run on the Test tab)"
        )
    return config.task


def _example(row: dict, split: str) -> Example:
    """A chat as its last user turn and the answer to it (a picked example opens a chat), a classification row
    as its text and label."""
    if "messages" not in row:
        return Example(row["text"].strip(), row["label"], split)
    turns = row["messages"]
    prompt = next((m["content"] for m in reversed(turns[:-1]) if m["role"] == "user"), "")
    return Example(prompt.strip(), turns[-1]["content"], split)


def _system_prompt(chats: list[dict]) -> str | None:
    """The system message the training chats open with (the most common one), so a typed prompt is asked the way
    the model learnt to answer."""
    opening = [c["messages"][0]["content"] for c in chats if c["messages"][0]["role"] == "system"]
    return Counter(opening).most_common(1)[0][0] if opening else None


def run_facts(run_dir: str | Path) -> RunFacts:
    """The run's task, base model, prompts and checks; a deleted dataset leaves no examples and no system
    message, but the saved schema still holds."""
    run_dir = Path(run_dir)
    config = runs.load_config(run_dir)
    task = _task_of(run_dir, config)
    try:
        dataset = store.load(config.data.dataset)
    except FileNotFoundError:
        dataset = None
    facts: dict[str, Any] = {
        "run_id": run_dir.name,
        "task": task,
        "base_model": config.model.name_or_path,
        "dataset": config.data.dataset,
        "seed": config.training.seed,
        "max_length": config.model.max_seq_length,
        "max_new_tokens": config.sft.max_new_tokens,
        "adapter": (run_dir / "model" / "adapter_config.json").exists(),
    }
    if task == "sft":
        train = training_examples(config, dataset.train) if dataset else []
        saved = run_dir / SCHEMA_FILE
        schema = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else None
        facts["schema"] = schema if schema is not None else schema_for(config.sft.json_schema, map(answer_of, train))
        facts["system"] = _system_prompt(train)
        facts["chat_template"] = model_kind(str(run_dir / "model")) != "no_chat_template"
    else:
        facts["labels"] = tuple(json.loads((model_dir(run_dir) / LABELS_FILE).read_text(encoding="utf-8")))
    examples = [_example(row, split) for split in ("validation", "train") for row in getattr(dataset, split, [])]
    return RunFacts(**facts, examples=tuple(e for e in examples if e.prompt))


def device() -> str:
    return "cuda" if torch.cuda.is_available() else "cpu"


@dataclass
class Loaded:
    """A run's model and tokenizer, and its base: the same weights with the adapter off, or, for a run trained
    without LoRA, the base model loaded beside it."""

    facts: RunFacts
    model: Any
    tokenizer: Any
    base: Any | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def use(self, which: str) -> Iterator[Any]:
        if which not in WHICH:
            raise ValueError(f"which = {which!r}: choose base or tuned")
        with self.lock:  # the adapter switch is state of the shared model: one question at a time
            if which == "tuned":
                yield self.model
            elif self.base is not None:
                yield self.base
            else:
                with self.model.disable_adapter():
                    yield self.model


def _load_sft(facts: RunFacts, config: StudioConfig, folder: Path) -> Loaded:
    """The run's own tokenizer copy (its chat template); one without a template still plays, as a transcript."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    base = load_model(resolve_model_path(config.model.name_or_path), config).to(device()).eval()
    if not facts.adapter:
        return Loaded(facts, load_model(str(folder), config).to(device()).eval(), tokenizer, base=base)
    from peft import PeftModel

    return Loaded(facts, PeftModel.from_pretrained(base, folder).eval(), tokenizer)


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Torch's generator set as the run set it before drawing its new head, restored afterwards."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def _load_classifier(facts: RunFacts, config: StudioConfig, folder: Path) -> Loaded:
    """The run seeded torch right before building the model, so loading under the same seed draws the same new
    head (and pooler): with the adapter off, the base is the very model the run's step-0 evaluation scored."""
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    with _seeded(facts.seed):
        model = load_classifier(folder).to(device())
    if facts.adapter:
        return Loaded(facts, model, tokenizer)
    with _seeded(facts.seed):
        base = AutoModelForSequenceClassification.from_pretrained(
            resolve_model_path(config.model.name_or_path), config=AutoConfig.from_pretrained(folder)
        )
    return Loaded(facts, model, tokenizer, base=base.to(device()).eval())


def load_run(run_dir: str | Path) -> Loaded:
    run_dir = Path(run_dir)
    facts = run_facts(run_dir)
    config, folder = runs.load_config(run_dir), model_dir(run_dir)
    return (_load_sft if facts.task == "sft" else _load_classifier)(facts, config, folder)


class ModelCache:
    """The last few runs' loaded models, so a second prompt doesn't reload; a run saved again reloads (the key
    holds the newest time its model folder was written). Two users asking the same run at once load it once."""

    def __init__(self, capacity: int = 2) -> None:
        self.recent = Recent(capacity)

    def get(self, run_dir: str | Path) -> Loaded:
        run_dir = Path(run_dir).resolve()
        saved_at = max(p.stat().st_mtime_ns for p in model_dir(run_dir).iterdir())
        return self.recent.get((str(run_dir), saved_at), lambda: load_run(run_dir))


def top_labels(
    run_dir: str | Path, text: str, *, k: int = TOP_K, which: str = "tuned", cache: ModelCache | None = None
) -> list[tuple[str, float]]:
    """A classification run's k most likely labels for a text (or its base's), by the run's label names, with
    softmax probabilities over all of its classes, most likely first."""
    if not text.strip():
        raise ValueError("text is empty: type a text to classify")
    if k < 1:
        raise ValueError(f"k = {k}: at least 1")
    loaded = (cache or ModelCache(1)).get(run_dir)
    facts = loaded.facts
    if facts.task != "classification":
        raise ValueError(f"run {facts.run_id} is an SFT run: ask it for an answer instead")
    batch = loaded.tokenizer([text.strip()], truncation=True, max_length=facts.max_length, return_tensors="pt")
    with loaded.use(which) as model, torch.no_grad():
        logits = model(**batch.to(device())).logits[0].float()
    top = torch.topk(torch.softmax(logits, dim=-1), min(k, logits.numel()))
    return [(facts.labels[i], p) for p, i in zip(top.values.tolist(), top.indices.tolist(), strict=True)]
