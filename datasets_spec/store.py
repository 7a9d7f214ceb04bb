"""Stored datasets: validated data goes in once, under a name, and training reads only what is stored here.

Layout: datasets/<name>/ holds manifest.json, train.jsonl, validation.jsonl and, for retrieval, corpus.jsonl
(the ID format). The bundled samples are stored the first time something names them. Uploads, and what each
visitor keeps on the disk, are datasets_spec/uploads.py's.

A manifest's `owner` names the browser session that stored the dataset (an upload, or data made on the Augment
tab); such a dataset is listed only for that session until it is shared (owner null). Bundled samples and
everything the CLI stores are shared.
Names stay one namespace: the owner decides who sees a dataset in a list, not who may open it by name.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core import atomic
from core.locks import held
from core.settings import data_dir
from datasets_spec.canonical import Loaded, document
from datasets_spec.checks import check_leakage
from datasets_spec.errors import DataError, Problems
from datasets_spec.formats.classification import keep_frequent, one_class
from datasets_spec.jsonl import read_jsonl, write_jsonl
from datasets_spec.load import load as load_file
from datasets_spec.split import SPLIT_BY, split_examples
from datasets_spec.write import atomic_folder

SAMPLE_DIR = Path(__file__).parent / "samples" / "legal_ko"
SAMPLE_NAME = "legal-ko-sample"
JSON_TASK_SAMPLE = "json-task-ko-sample"  # SFT: situation → a challenge recommended as JSON
CLASSIFICATION_SAMPLE = "classification-ko-sample"
_SAFE_NAME = re.compile(r"^[\w][\w.-]{0,63}$")


def datasets_dir() -> Path:
    return data_dir() / "datasets"


def runs_dir() -> Path:
    return data_dir() / "runs"


@dataclass
class StoredDataset:
    """A stored dataset: retrieval in the ID format (a corpus plus examples pointing into it), SFT as chat
    messages, classification as text + label."""

    path: Path
    manifest: dict
    corpus: dict[str, dict]  # passage id -> {"title", "text", ...}; empty for SFT and classification
    train: list[dict]
    validation: list[dict]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def task(self) -> str:
        return self.manifest.get("task", "retrieval")


def check_name(name: str) -> str:
    if not _SAFE_NAME.match(name or ""):
        raise ValueError(f"name {name!r}: use letters, digits, '.', '-' or '_' (at most 64), no slashes")
    return name


def resolve(name_or_path: str) -> Path:
    """A stored dataset by name, or a dataset folder given by path."""
    candidate = Path(name_or_path)
    if candidate.is_dir() and (candidate / "manifest.json").exists():
        return candidate.resolve()
    stored = datasets_dir() / name_or_path
    if (stored / "manifest.json").exists():
        return stored
    if name_or_path in BUNDLED:
        return install_bundled(name_or_path)
    known = ", ".join(list_datasets()) or "none yet"
    raise FileNotFoundError(f"dataset {name_or_path!r} not found in {datasets_dir()} (stored: {known})")


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def list_datasets(visible_to: str | None = None) -> list[str]:
    """Every stored dataset (the CLI's view: whoever runs it owns the machine), or those a browser session may see:
    the shared ones and its own. A session without an id yet (`""`) sees only the shared ones."""
    root = datasets_dir()
    if not root.exists():
        return []
    stored = [p for p in root.iterdir() if (p / "manifest.json").exists() and not p.name.startswith(".")]
    if visible_to is not None:
        stored = [p for p in stored if read_manifest(p).get("owner") in (None, visible_to)]
    return sorted(p.name for p in stored)


def load(name_or_path: str) -> StoredDataset:
    path = resolve(name_or_path)
    manifest = read_manifest(path)
    corpus_path = path / "corpus.jsonl"
    corpus = {obj["id"]: obj for _, obj in read_jsonl(corpus_path)} if corpus_path.exists() else {}
    train = [obj for _, obj in read_jsonl(path / "train.jsonl")]
    validation = [obj for _, obj in read_jsonl(path / "validation.jsonl")]
    return StoredDataset(path, manifest, corpus, train, validation)


class DatasetRejected(ValueError):
    """Data with errors: nothing is stored; every located error (up to the cap) travels with the exception."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__("\n".join(problems.lines()))


def store_loaded(
    loaded: Loaded,
    name: str,
    *,
    validation: Loaded | None = None,
    split_by: str | None = None,
    validation_ratio: float = 0.2,
    seed: int = 42,
    min_samples_per_class: int = 0,
    overwrite: bool = False,
    made_by: dict | None = None,
    owner: str | None = None,
) -> Path:
    """Store checked data under `name`: split (or the given validation file), leakage-checked, written atomically.

    `made_by` records how generated data was made (generator, parameters, seed, source datasets) in the manifest;
    `owner` (a browser session's id) keeps it out of other sessions' lists until it is shared.

    The folder is built beside its final place and renamed in one step, so a failure leaves nothing half-written
    and an existing dataset of that name is replaced only by a complete one.
    """
    target = datasets_dir() / check_name(name)
    if owner is not None:
        check_name(owner)
    if target.exists() and not overwrite:
        raise FileExistsError(f"dataset {name!r} already exists in {datasets_dir()}; pick another name")
    for part in (loaded, validation):
        if part is not None and not part.problems.ok:
            raise DatasetRejected(part.problems)
    examples, dropped_classes = loaded.examples, []
    if loaded.task == "classification" and min_samples_per_class > 1:
        examples, dropped_classes = keep_frequent(examples, min_samples_per_class)
    if loaded.task == "classification" and (message := one_class(examples, dropped_classes, min_samples_per_class)):
        problems = Problems()
        problems.error(loaded.source, None, "label", message, loaded.unit)
        raise DatasetRejected(problems)
    split_by = split_by or SPLIT_BY[loaded.task][0]
    if validation is not None:
        train, held_out = examples, validation.examples
        split = {"by": "file", "file": str(validation.source)}
    else:
        train, held_out = split_examples(loaded.task, examples, split_by, validation_ratio, seed)
        split = {"by": split_by, "validation_ratio": validation_ratio, "seed": seed}
    corpus = dict(loaded.corpus)
    if validation is not None and loaded.task == "retrieval":
        corpus, held_out = merge_corpus(corpus, validation)
    leaked = check_leakage(train, held_out, loaded.task)
    counts = {"train": len(train), "validation": len(held_out)}
    if loaded.task == "retrieval":
        counts["passages"] = len(corpus)
    if loaded.task == "classification":
        counts["classes"] = len({e["label"] for e in examples})
    manifest = {
        "name": name,
        "task": loaded.task,
        "format": {"retrieval": "ids", "sft": "chat", "classification": "classification"}[loaded.task],
        "source_format": loaded.format,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "source": {"examples": str(loaded.source), "corpus": str(loaded.corpus_source or "")},
        "split": split,
        "counts": counts,
        "warnings": loaded.problems.lines("warnings"),
        "leaked": leaked[:20],
        "leaked_count": len(leaked),
        "dropped_classes": dropped_classes,
        "owner": owner,
    }
    if made_by:
        manifest["made_by"] = made_by
    with atomic_folder(target, overwrite=overwrite, what=f"dataset {name!r}") as staging:
        if loaded.task == "retrieval":
            write_jsonl(staging / "corpus.jsonl", ({"id": pid, **p} for pid, p in corpus.items()))
        write_jsonl(staging / "train.jsonl", train)
        write_jsonl(staging / "validation.jsonl", held_out)
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def merge_corpus(corpus: dict[str, dict], validation: Loaded) -> tuple[dict[str, dict], list[dict]]:
    """The training corpus plus the validation file's passages, and its examples re-pointed to them.

    Inline-text formats number passages p1, p2, ... per file, so equal ids in two files need not be equal passages:
    passages are matched by their text, and a colliding id with another text gets a new one.
    """
    merged = dict(corpus)
    by_text = {document(p): pid for pid, p in merged.items()}
    remap: dict[str, str] = {}
    for pid, passage in validation.corpus.items():
        text = document(passage)
        if text in by_text:
            remap[pid] = by_text[text]
            continue
        new, n = pid, 1
        while new in merged:
            new, n = f"{pid}-validation-{n}", n + 1
        merged[new], by_text[text], remap[pid] = passage, new, new
    examples = [
        {
            **e,
            "positive_passages": [remap.get(p, p) for p in e["positive_passages"]],
            "hard_negatives": [remap.get(p, p) for p in e["hard_negatives"]],
        }
        for e in validation.examples
    ]
    return merged, examples


def import_file(
    path: str | Path,
    name: str,
    *,
    format: str | None = None,
    corpus: str | Path | None = None,
    validation_file: str | Path | None = None,
    **options,
) -> Path:
    """Load, check and store one file or folder (the CLI's and the Data tab's import)."""
    loaded = load_file(path, format=format, corpus=corpus)
    validation = None
    if validation_file:
        validation = load_file(validation_file, format=format or loaded.format, corpus=corpus or loaded.corpus_source)
    return store_loaded(loaded, name, validation=validation, **options)


def import_legal(
    passages_path: str | Path,
    cases_path: str | Path,
    name: str,
    *,
    validation_ratio: float = 0.2,
    seed: int = 42,
    overwrite: bool = False,
) -> Path:
    """Passages + cases → examples (cited articles positive, same-law articles negative), split by case, stored.

    The first error is raised as a DataError, as callers of a two-file import expect one thing to fix.
    """
    check_name(name)
    loaded = load_file(cases_path, format="legal", corpus=passages_path)
    if not loaded.problems.ok:
        raise loaded.problems.errors[0]
    if not loaded.examples:
        raise DataError(cases_path, None, "references", "no case cites an article that is in the passages file")
    return store_loaded(
        loaded, name, split_by="case", validation_ratio=validation_ratio, seed=seed, overwrite=overwrite
    )


# The samples that ship with the studio, stored the first time something names them.
SAMPLES = Path(__file__).parent / "samples"
BUNDLED: dict[str, Callable[[], Path]] = {
    SAMPLE_NAME: lambda: import_legal(SAMPLE_DIR / "passages.jsonl", SAMPLE_DIR / "cases.jsonl", SAMPLE_NAME),
    JSON_TASK_SAMPLE: lambda: import_file(SAMPLES / "json_task_ko" / "train.jsonl", JSON_TASK_SAMPLE, seed=42),
    CLASSIFICATION_SAMPLE: lambda: import_file(
        SAMPLES / "classification_ko" / "train.jsonl", CLASSIFICATION_SAMPLE, seed=42
    ),
}


def install_bundled(name: str) -> Path:
    """Store a bundled sample once, even when several processes (ranks of one run, two runs) name it together."""
    root = datasets_dir()
    root.mkdir(parents=True, exist_ok=True)
    with held(root / ".bundled.lock"):
        stored = root / name
        if (stored / "manifest.json").exists():
            return stored
        return BUNDLED[name]()


def rename_dataset(old: str, new: str) -> Path:
    source, target = datasets_dir() / check_name(old), datasets_dir() / check_name(new)
    if not (source / "manifest.json").exists():
        raise FileNotFoundError(f"dataset {old!r} not found")
    if target.exists():
        raise FileExistsError(f"dataset {new!r} already exists; pick another name")
    source.rename(target)
    _update_manifest(target, name=new)
    return target


def share_dataset(name: str, *, by: str | None = None) -> Path:
    """Make a session's private dataset visible to every session (there is no way back: others may use it).
    With `by`, only that session's own dataset (or an already shared one) may be shared."""
    target = datasets_dir() / check_name(name)
    if not (target / "manifest.json").exists():
        raise FileNotFoundError(f"dataset {name!r} not found")
    if by is not None and read_manifest(target).get("owner") not in (None, by):
        raise PermissionError(f"dataset {name!r} belongs to another session; only its owner can share it")
    _update_manifest(target, owner=None)
    return target


def _update_manifest(folder: Path, **fields) -> None:
    """Change manifest fields in place, atomically."""
    atomic.write_json(folder / "manifest.json", {**read_manifest(folder), **fields})


def delete_dataset(name: str) -> None:
    """Remove a stored dataset; it is renamed away first so a crash mid-delete never leaves a half dataset listed."""
    target = datasets_dir() / check_name(name)
    if not (target / "manifest.json").exists():
        raise FileNotFoundError(f"dataset {name!r} not found")
    doomed = target.with_name(f".{name}.deleted-{time.time_ns()}")
    target.rename(doomed)
    shutil.rmtree(doomed, ignore_errors=True)
