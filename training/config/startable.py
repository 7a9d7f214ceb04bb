"""Can this run start? Every rule the engine can check before a step is taken, cheaply, in one place.

A config that passes them all starts: the task fits the data (read from the dataset's manifest, no full load), the
model fits the task where that is known without loading it, and every cross-field rule the trainers would enforce
later (LoRA targets, files, enough rows and classes, and the config's own cross-field rules in rules.py: precision,
the machines of a multi-node job, the early-stopping metric, the schedule) holds. Each rule returns a `Blocker`: its
id, the config fields that conflict and the numbers; the studio says them in English and Korean.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.models.load import EMBEDDING_CHOICES, SFT_CHOICES, resolve_model_path
from datasets_spec import store
from training.config import hardware
from training.config.groups import OFFLINE_SMOLLM2
from training.config.rules import Blocker, machines_rule, metric_rules, precision_rule, schedule_rule
from training.config.studio import StudioConfig
from training.doctor.preflight import DATA_TASK, TASK_OF_DATA
from training.insight.lora_size import _architecture, adapted, matches, spans
from training.insight.schedule import horizon
from training.tasks import task_module
from training.tasks.hard_negatives import of_config
from training.visitors import access

MIN_ROWS = {"embedding": 2, "sft": 1, "classification": 1}  # contrastive training needs a second pair as negative
CHAT_MODELS = {m.name for m in SFT_CHOICES}
ENCODERS = {m.name for m in EMBEDDING_CHOICES}  # they embed or classify; their tokenizers carry no chat template


@dataclass
class Facts:
    """What the rules read, gathered once: the dataset's manifest (None when it is not stored) and the device."""

    config: StudioConfig
    manifest: dict | None
    cuda: bool
    cpu_bf16: bool = False

    @property
    def data_fits(self) -> bool:
        return self.manifest is not None and self.manifest.get("task") == DATA_TASK[self.config.task]


def manifest_of(name: str) -> dict | None:
    try:
        return store.read_manifest(store.resolve(name))
    except FileNotFoundError:
        return None


def dataset_task(name: str) -> str | None:
    """The kind of example a stored dataset holds (retrieval, sft, classification), from its manifest alone; None
    when it is not stored."""
    manifest = manifest_of(name)
    return manifest.get("task") if manifest else None


def dataset_rules(f: Facts) -> list[Blocker]:
    config = f.config
    if f.manifest is None:
        stored = store.list_datasets("" if access.shared_mode() else None)  # strangers hear shared names only
        return [Blocker("dataset_missing", ("data.dataset",), {"dataset": config.data.dataset, "stored": stored})]
    if f.data_fits:
        return []
    holds = f.manifest.get("task")
    values = {
        "task": config.task,
        "dataset": config.data.dataset,
        "holds": holds,
        "needs": DATA_TASK[config.task],
        "fits": TASK_OF_DATA.get(holds),
    }
    return [Blocker("task_data", ("task", "data.dataset"), values)]


def model_kind(name: str) -> str | None:
    """`chat` (a causal LM with a chat template), `encoder` (a known embedding model) or `no_chat_template` (a local
    folder whose tokenizer has none); None when it cannot be told without a download."""
    if name in CHAT_MODELS:
        return "chat"
    if name in ENCODERS:
        return "encoder"
    folder = Path(name)
    tokenizer_config = folder / "tokenizer_config.json"
    if not tokenizer_config.is_file():
        return None
    if (folder / "chat_template.jinja").is_file() or (folder / "chat_template.json").is_file():
        return "chat"
    try:
        template = json.loads(tokenizer_config.read_text(encoding="utf-8")).get("chat_template")
    except (OSError, ValueError):
        return None
    return "chat" if template else "no_chat_template"


def model_task(f: Facts) -> list[Blocker]:
    """SFT renders the data with the tokenizer's chat template and refuses a model without one (tasks/sft.py).
    Embedding and classification do start on a causal LM (sentence-transformers pools it, transformers gives it a
    score head), so only SFT is held to a kind of model."""
    name = f.config.model.name_or_path
    kind = model_kind(name)
    if f.config.task != "sft" or kind in (None, "chat"):
        return []
    values = {"task": f.config.task, "model": name, "kind": kind, "suggest": OFFLINE_SMOLLM2}
    return [Blocker("model_task", ("task", "model.name_or_path"), values)]


def linear_names(model: str, task: str) -> list[str] | None:
    """The linear layers of the model class the task's run builds (read from config.json, no weights); None when
    the model cannot be read here (a Hub id offline, an offline default not converted yet)."""
    try:
        return [name for name, _, _ in _architecture(resolve_model_path(model, convert=False), task)[1]]
    except (OSError, ValueError):
        return None


def lora_rules(f: Facts) -> list[Blocker]:
    """peft refuses an adapter that matches no module, by name or by layer index (lora_size.py counts the same way)."""
    lora, model = f.config.lora, f.config.model.name_or_path
    names = linear_names(model, f.config.task) if lora.use_lora else None
    if not names:
        return []
    unmatched = [t for t in lora.target_modules if not any(matches(n, [t]) for n in names)]
    if unmatched:
        leaves = sorted({n.rsplit(".", 1)[-1] for n in names})
        values = {"unmatched": unmatched, "linears": leaves, "model": model}
        return [Blocker("lora_targets", ("lora.target_modules", "model.name_or_path"), values)]
    layers = sorted(set(lora.layers_to_transform))
    if not layers or adapted(names, lora.target_modules, layers):
        return []
    targeted = adapted(names, lora.target_modules)
    numbers = sorted({int(p) for n in targeted for p in n.split(".") if p.isdigit()})
    found = [i for i in numbers if adapted(targeted, lora.target_modules, [i])]
    values = {"layers": layers, "found": spans(found) if found else "", "model": model}
    return [Blocker("lora_layers", ("lora.layers_to_transform", "model.name_or_path"), values)]


def file_rules(f: Facts) -> list[Blocker]:
    """Files a field names must exist: the SFT schema is read before training, the launcher config at launch."""
    t, found = f.config.training, []
    paths = [("sft.json_schema", f.config.sft.json_schema if f.config.task == "sft" else "")]
    paths.append(("training.accelerate_config", t.accelerate_config if t.total_processes > 1 else ""))
    for path, value in paths:
        if value.strip() and not Path(value).is_file():
            found.append(Blocker("file_missing", (path,), {"field": path, "path": value}))
    return found


def config_rules(f: Facts) -> list[Blocker]:
    """The config's own cross-field rules (rules.py): precision against the device; the machines' rank and address;
    the early-stopping metric only when there is a validation split to evaluate; the schedule where its length is
    known."""
    found = precision_rule(f.config, f.cuda, f.cpu_bf16) + machines_rule(f.config)
    evaluates = f.data_fits and f.manifest.get("counts", {}).get("validation")
    found += metric_rules(f.config) if evaluates else []
    return found + schedule_rules(f)


def schedule_rules(f: Facts) -> list[Blocker]:
    """warmup + decay within the run: its length is max_steps, or counted from the rows when the data fits."""
    config = f.config
    if config.training.lr_scheduler_type != "warmup_stable_decay":
        return []
    if config.training.max_steps > 0:
        return schedule_rule(config, horizon(config))
    if not f.data_fits:
        return []
    return schedule_rule(config, horizon(config, task_module(config.task).training_row_count(config)))


def row_rules(f: Facts) -> list[Blocker]:
    """Enough rows to train on, counted the way the task builds them; classification also needs two classes and a
    head at least as large as their number."""
    if not f.data_fits:
        return []
    config = f.config
    data, cap = config.data, config.data.max_train_samples
    if config.task == "classification":
        return class_rules(f)
    rows = task_module(config.task).training_row_count(config)
    if rows >= MIN_ROWS[config.task]:
        return []
    fields = ["data.dataset", *(["data.max_train_samples"] if cap else [])]
    found = of_config(config)  # named only where hard negatives cost rows: examples without one are left out
    hard = bool(found and found.on and found.with_negatives < found.examples)
    fields += ["loss.use_hard_negatives"] if hard else []
    values = {"dataset": data.dataset, "rows": rows, "needs": MIN_ROWS[config.task], "cap": cap, "hard": hard}
    return [Blocker("too_few_rows", tuple(fields), values)]


def class_rules(f: Facts) -> list[Blocker]:
    config = f.config
    classification = task_module("classification")
    dataset = store.load(config.data.dataset)
    c = config.classification
    try:
        examples = classification.select_examples(
            dataset.train,
            [],
            min_samples_per_class=c.min_samples_per_class,
            max_train_samples=config.data.max_train_samples,
            seed=config.training.seed,
        )
    except ValueError:  # fewer than 2 classes left: select_examples says so in English, the numbers are here
        values = {
            "classes": f.manifest.get("counts", {}).get("classes"),
            "min_samples": c.min_samples_per_class,
            "cap": config.data.max_train_samples,
        }
        return [Blocker("too_few_classes", ("classification.min_samples_per_class", "data.max_train_samples"), values)]
    n, head = len(examples.labels), config.model.num_labels
    if head and head < n:
        return [Blocker("num_labels", ("model.num_labels",), {"num_labels": head, "classes": n})]
    return []


RULES = [dataset_rules, model_task, lora_rules, config_rules, file_rules, row_rules]


def blockers(config: StudioConfig, *, cuda: bool | None = None, cpu_bf16: bool | None = None) -> list[Blocker]:
    """Every reason this config's run cannot start; empty when it can. `cuda` and `cpu_bf16` default to this
    machine's."""
    cuda = hardware.cuda() if cuda is None else cuda
    cpu_bf16 = hardware.cpu_bf16() if cpu_bf16 is None else cpu_bf16
    facts = Facts(config, manifest_of(config.data.dataset), cuda, cpu_bf16)
    return [b for rule in RULES for b in rule(facts)]


def task_data(config: StudioConfig) -> list[Blocker]:
    """The task ↔ data rule alone (a manifest read): what the CLI checks before it builds a trainer, and what the
    studio checks before it counts rows the task's way. A dataset that is not stored passes here."""
    facts = Facts(config, manifest_of(config.data.dataset), cuda=False)
    return [b for b in dataset_rules(facts) if b.rule == "task_data"]
