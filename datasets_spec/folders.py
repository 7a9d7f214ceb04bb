"""Which dataset layout a folder on this machine is in, decided from one bounded look at its top level.

A path typed into the Data tab can be any folder, `/root` included, and `datasets.load_dataset` handed a folder walks
its whole tree (4 minutes and twice the app's memory for `/root`). Here nothing recurses: one `os.scandir` of at most
MAX_ENTRIES entries, then either a layout the studio knows, with the exact files to read, or one sentence saying why
the folder is not a dataset.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

# A dataset folder holds a handful of files; past this many entries it is a home or project folder, and looking
# further would only delay the answer.
MAX_ENTRIES = 1_000
# Shards of one dataset side by side (datasets' own exports come in a few dozen at most); more is a dump to merge or
# save with save_to_disk first, and each file would be opened and held in memory.
MAX_DATA_FILES = 64

# The data files the loader reads, by suffix, as the reader each goes to.
SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
}

BEIR = "beir"  # corpus.jsonl + queries.jsonl + qrels/
LEGAL = "legal"  # cases.jsonl + passages.jsonl
IDS = "ids"  # train.jsonl or examples.jsonl + corpus.jsonl
SAVED = "saved"  # datasets' save_to_disk: state.json (a Dataset) or dataset_dict.json (a DatasetDict)
FILES = "files"  # up to MAX_DATA_FILES data files at the top level

KNOWN = (
    "a BEIR folder (corpus.jsonl, queries.jsonl, qrels/), a folder saved with datasets' save_to_disk, "
    f"or up to {MAX_DATA_FILES} data files ({', '.join(SUFFIXES)}) at its top level"
)

# datasets' rule for telling splits apart by file name (datasets.data_files.SPLIT_KEYWORDS), applied to names only
SPLIT_KEYWORDS = {
    "train": ("train", "training"),
    "validation": ("validation", "valid", "dev", "val"),
    "test": ("test", "testing", "eval", "evaluation"),
}
_SPLIT_NAME = {
    split: re.compile(rf"(?:^|.*[-._ 0-9])(?:{'|'.join(words)})[-._ 0-9]") for split, words in SPLIT_KEYWORDS.items()
}


class NotADatasetFolder(ValueError):
    """A folder in no layout the studio knows; `reason` is the sentence to show beside the folder's path."""

    def __init__(self, folder: Path, reason: str) -> None:
        self.folder = folder
        self.reason = reason
        super().__init__(f"{folder}: {reason}")


@dataclass(frozen=True)
class Layout:
    kind: str  # BEIR, LEGAL, IDS, SAVED or FILES
    folder: Path
    files: tuple[Path, ...] = field(default=())  # LEGAL, IDS: (examples, corpus); FILES: the data files, sorted

    def data_files(self) -> dict[str, list[str]]:
        """FILES as `load_dataset(data_files=...)` takes them: split by name as datasets would, else all train."""
        splits: dict[str, list[str]] = {}
        for path in self.files:
            split = next((s for s, pattern in _SPLIT_NAME.items() if pattern.match(path.name)), None)
            if split:
                splits.setdefault(split, []).append(str(path))
        return splits or {"train": [str(path) for path in self.files]}


def top_level(folder: Path) -> tuple[set[str], set[str]]:
    """(file names, folder names) directly inside `folder`; NotADatasetFolder past MAX_ENTRIES or if unreadable."""
    files: set[str] = set()
    folders: set[str] = set()
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries, start=1):
                if count > MAX_ENTRIES:
                    raise NotADatasetFolder(
                        folder, f"more than {MAX_ENTRIES:,} entries, so not a dataset folder; the studio reads {KNOWN}"
                    )
                try:
                    if entry.is_dir():
                        folders.add(entry.name)
                    elif entry.is_file():
                        files.add(entry.name)
                except OSError:  # a dangling link or an entry that vanished: not a data file either way
                    continue
    except OSError as exc:
        raise NotADatasetFolder(folder, f"cannot be read ({exc.strerror or exc})") from None
    return files, folders


def layout(folder: str | Path) -> Layout:
    """The layout of `folder` from its top level only, or NotADatasetFolder naming the layouts that are known."""
    folder = Path(folder)
    files, folders = top_level(folder)
    if {"corpus.jsonl", "queries.jsonl"} <= files and "qrels" in folders:
        return Layout(BEIR, folder)
    if {"cases.jsonl", "passages.jsonl"} <= files:
        return Layout(LEGAL, folder, (folder / "cases.jsonl", folder / "passages.jsonl"))
    for examples in ("train.jsonl", "examples.jsonl"):
        if {examples, "corpus.jsonl"} <= files:
            return Layout(IDS, folder, (folder / examples, folder / "corpus.jsonl"))
    if "state.json" in files or "dataset_dict.json" in files:
        return Layout(SAVED, folder)
    data = sorted(name for name in files if Path(name).suffix.lower() in SUFFIXES and not name.startswith("."))
    if len(data) > MAX_DATA_FILES:
        raise NotADatasetFolder(
            folder,
            f"{len(data)} data files side by side, more than the {MAX_DATA_FILES} the studio reads from one folder; "
            "merge them into fewer files or save them with datasets' save_to_disk",
        )
    if not data:
        raise NotADatasetFolder(folder, f"not a dataset folder; the studio reads {KNOWN}")
    return Layout(FILES, folder, tuple(folder / name for name in data))
