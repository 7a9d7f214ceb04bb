"""The studio's data directory: validated datasets go in once, training reads only what is stored here."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from datasets_spec.errors import DataError
from datasets_spec.formats.flag import to_flag
from datasets_spec.formats.legal import read_cases, read_passages
from datasets_spec.jsonl import read_jsonl, write_jsonl
from datasets_spec.pairs import build_pairs
from datasets_spec.split import split_by_group

SAMPLE_DIR = Path(__file__).parent / "samples" / "legal_ko"
SAMPLE_NAME = "legal-ko-sample"
_SAFE_NAME = re.compile(r"^[\w][\w.-]{0,63}$")


def data_dir() -> Path:
    """Where datasets and runs live: $STUDIO_DATA_DIR, or ./studio-data."""
    return Path(os.environ.get("STUDIO_DATA_DIR", "studio-data")).resolve()


def datasets_dir() -> Path:
    return data_dir() / "datasets"


def runs_dir() -> Path:
    return data_dir() / "runs"


@dataclass
class StoredDataset:
    """A retrieval dataset in the ID format: a corpus and train / validation examples pointing into it."""

    path: Path
    manifest: dict
    corpus: dict[str, dict]  # passage id -> {"title", "text", ...}
    train: list[dict]
    validation: list[dict]

    @property
    def name(self) -> str:
        return self.path.name


def check_name(name: str) -> str:
    if not _SAFE_NAME.match(name):
        raise ValueError(f"dataset name {name!r}: use letters, digits, '.', '-' or '_' (at most 64), no slashes")
    return name


def resolve(name_or_path: str) -> Path:
    """A stored dataset by name, or a dataset folder given by path."""
    candidate = Path(name_or_path)
    if candidate.is_dir() and (candidate / "manifest.json").exists():
        return candidate.resolve()
    stored = datasets_dir() / name_or_path
    if (stored / "manifest.json").exists():
        return stored
    if name_or_path == SAMPLE_NAME:
        return import_legal(SAMPLE_DIR / "passages.jsonl", SAMPLE_DIR / "cases.jsonl", SAMPLE_NAME)
    known = ", ".join(list_datasets()) or "none yet"
    raise FileNotFoundError(f"dataset {name_or_path!r} not found in {datasets_dir()} (stored: {known})")


def list_datasets() -> list[str]:
    root = datasets_dir()
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "manifest.json").exists())


def load(name_or_path: str) -> StoredDataset:
    path = resolve(name_or_path)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    corpus = {obj["id"]: obj for _, obj in read_jsonl(path / "corpus.jsonl")}
    train = [obj for _, obj in read_jsonl(path / "train.jsonl")]
    validation = [obj for _, obj in read_jsonl(path / "validation.jsonl")]
    return StoredDataset(path, manifest, corpus, train, validation)


def import_legal(
    passages_path: str | Path,
    cases_path: str | Path,
    name: str,
    *,
    validation_ratio: float = 0.2,
    seed: int = 42,
    negatives_per_query: int = 8,
    overwrite: bool = False,
) -> Path:
    """Validate a passages + cases pair, build examples, split by case, and store it as one dataset folder.

    The folder is built beside its final place and renamed in one step, so a failure leaves nothing half-written
    and an existing dataset of that name is never damaged.
    """
    target = datasets_dir() / check_name(name)
    if target.exists() and not overwrite:
        raise FileExistsError(f"dataset {name!r} already exists in {datasets_dir()}; pick another name")
    passages = read_passages(passages_path)
    cases = read_cases(cases_path)
    report = build_pairs(passages, cases, negatives_per_query=negatives_per_query, seed=seed)
    if not report.examples:
        raise DataError(cases_path, None, "references", "no case cites an article that is in the passages file")
    train, validation = split_by_group(report.examples, lambda e: e["query_id"], validation_ratio, seed)
    corpus = [{"id": p.id, "title": p.title, "text": p.text, "law": p.law, "article": p.article} for p in passages]
    manifest = {
        "name": name,
        "format": "ids",
        "task": "embedding",
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "source": {"passages": str(passages_path), "cases": str(cases_path)},
        "split": {"by": "case", "validation_ratio": validation_ratio, "seed": seed},
        "counts": {
            "passages": len(corpus),
            "laws": len({p.law for p in passages}),
            "cases": len(cases),
            "train": len(train),
            "validation": len(validation),
        },
        "report": {
            "summary": report.summary(),
            "dropped": report.dropped,
            "missing": report.missing[:50],
            "unreadable": report.unreadable[:50],
        },
    }
    datasets_dir().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=datasets_dir()))
    try:
        write_jsonl(staging / "corpus.jsonl", corpus)
        write_jsonl(staging / "train.jsonl", train)
        write_jsonl(staging / "validation.jsonl", validation)
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def export_flag(dataset: StoredDataset, split: str, out_path: str | Path) -> int:
    """Write a split in FlagEmbedding's {"query", "pos", "neg"} JSONL."""
    examples = dataset.train if split == "train" else dataset.validation
    return write_jsonl(out_path, (to_flag(e, dataset.corpus) for e in examples))
