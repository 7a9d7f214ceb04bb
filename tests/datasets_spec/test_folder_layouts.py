"""A folder on this machine is read only in a layout the studio knows, judged from its top level alone: each known
layout loads as before, and anything else, a tree of 100,000 files included, is one sentence in under a second."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from datasets_spec import folders
from datasets_spec.errors import Problems
from datasets_spec.load import load
from datasets_spec.read import read_table
from tests.datasets_spec.files import BEIR, CLS, CLS_ROWS, CORPUS, IDS, jl, parquet, table, write_files

SAMPLE = Path(__file__).resolve().parents[2] / "datasets_spec" / "samples" / "legal_ko"
LEGAL = {name: (SAMPLE / name).read_bytes() for name in ("cases.jsonl", "passages.jsonl")}

# (id, files in the folder, format it loads as, examples)
LAYOUTS = [
    ("beir", BEIR, "beir", 2),
    ("ids-examples", {"corpus.jsonl": jl(*CORPUS), "examples.jsonl": jl(*IDS)}, "ids", 2),
    ("ids-train", {"corpus.jsonl": jl(*CORPUS), "train.jsonl": jl(*IDS), "notes.txt": b"mine"}, "ids", 2),
    ("legal", LEGAL, "legal", None),
    ("one-file-and-a-readme", {"data.jsonl": jl(*CLS), "README.md": b"# notes"}, "classification", 6),
    ("shards", {"part-0.jsonl": jl(*CLS[:2]), "part-1.jsonl": jl(*CLS[2:])}, "classification", 6),
    ("train-and-test-csv", {"train.csv": table(CLS_ROWS), "test.csv": table(CLS_ROWS[:3])}, "classification", 6),
    ("tsv", {"train.tsv": table(CLS_ROWS, sep="\t")}, "classification", 6),
    ("parquet", {"data.parquet": parquet(CLS)}, "classification", 6),
]


@pytest.mark.parametrize(("files", "fmt", "examples"), [case[1:] for case in LAYOUTS], ids=[c[0] for c in LAYOUTS])
def test_each_known_layout_loads(files: dict[str, bytes], fmt: str, examples: int | None, tmp_path: Path) -> None:
    write_files(tmp_path, files)
    loaded = load(tmp_path)
    assert loaded.problems.ok, loaded.problems.lines()
    assert loaded.format == fmt
    if examples is None:  # the bundled legal sample: the folder reads as its two files do
        examples = len(load(tmp_path / "cases.jsonl", format="legal", corpus=tmp_path / "passages.jsonl").examples)
    assert len(loaded.examples) == examples > 0


def test_files_side_by_side_read_as_the_one_file_they_were_split_from(tmp_path: Path) -> None:
    write_files(tmp_path / "whole", {"all.jsonl": jl(*CLS)})
    write_files(tmp_path / "shards", {"a.jsonl": jl(*CLS[:3]), "b.jsonl": jl(*CLS[3:])})
    assert load(tmp_path / "shards").examples == load(tmp_path / "whole" / "all.jsonl").examples


@pytest.mark.parametrize("dict_of_splits", [False, True], ids=["Dataset", "DatasetDict"])
def test_a_folder_saved_with_save_to_disk_loads(dict_of_splits: bool, tmp_path: Path) -> None:
    import datasets

    data = datasets.Dataset.from_list(CLS)
    saved = datasets.DatasetDict(train=data, validation=data.select([0])) if dict_of_splits else data
    saved.save_to_disk(str(tmp_path / "saved"))
    assert folders.layout(tmp_path / "saved").kind == folders.SAVED
    loaded = load(tmp_path / "saved")
    assert loaded.problems.ok and loaded.format == "classification" and len(loaded.examples) == len(CLS)


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """100 folders of 1,000 empty .jsonl files each, a home folder's worth, made once. Each folder's files are hard
    links to its first: a name costs no new inode, so the tree takes seconds instead of a minute on a busy disk."""
    root = tmp_path_factory.mktemp("big-tree")
    for i in range(100):
        folder = root / f"project-{i:03}"
        folder.mkdir()
        first = folder / "0.jsonl"
        first.touch()
        for j in range(1, 1_000):
            os.link(first, folder / f"{j}.jsonl")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def refused(path: Path, pattern: str) -> str:
    """`load(path)`'s one error, which must name the folder and say `pattern` in one sentence."""
    loaded = load(path)
    assert loaded.problems.error_count == 1, loaded.problems.lines()
    error = loaded.problems.errors[0]
    assert Path(error.file) == path and error.line is None
    assert pattern in error.message and "\n" not in str(error) and "Traceback" not in str(error), str(error)
    return error.message


@pytest.mark.slow
def test_a_tree_of_100k_files_is_refused_in_under_a_second_without_asking_datasets(
    big_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datasets

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("datasets was handed a folder the studio does not know")

    monkeypatch.setattr(datasets, "load_dataset", never)
    monkeypatch.setattr(datasets, "load_from_disk", never)
    start = time.perf_counter()
    message = refused(big_tree, "not a dataset folder")
    assert time.perf_counter() - start < 1.0
    assert "BEIR" in message and "save_to_disk" in message and f"up to {folders.MAX_DATA_FILES} data files" in message
    problems = Problems()  # the same folder given as a corpus goes through read_table: refused the same way
    assert read_table(big_tree, problems).records == [] and problems.error_count == 1


def test_a_folder_with_too_many_entries_is_refused_without_reading_them_all(tmp_path: Path) -> None:
    for i in range(folders.MAX_ENTRIES + 1):
        (tmp_path / f"{i}.txt").touch()
    refused(tmp_path, f"more than {folders.MAX_ENTRIES:,} entries")


def test_a_flat_folder_with_too_many_data_files_is_refused(tmp_path: Path) -> None:
    write_files(tmp_path, {f"part-{i:03}.jsonl": jl(CLS[0]) for i in range(folders.MAX_DATA_FILES + 1)})
    refused(tmp_path, f"{folders.MAX_DATA_FILES + 1} data files side by side")


@pytest.mark.parametrize(
    "files",
    [{"notes.txt": b"not data"}, {}, {"nested/train.jsonl": jl(*CLS)}],
    ids=["one-unrelated-file", "empty", "data-only-in-a-subfolder"],
)
def test_a_folder_without_data_files_at_its_top_level_is_refused(files: dict[str, bytes], tmp_path: Path) -> None:
    write_files(tmp_path, files)
    refused(tmp_path, "not a dataset folder")


def test_a_folder_mixing_file_types_is_one_error(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.jsonl": jl(*CLS), "b.csv": table(CLS_ROWS)})
    refused(tmp_path, "mixes file types (.csv, .jsonl)")
