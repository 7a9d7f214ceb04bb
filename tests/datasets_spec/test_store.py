"""The dataset store on real files: seeded splits by class and by prompt, rare classes, leakage between train and
validation, rejected files, uploads, renames and deletes."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from datasets_spec import store, uploads
from tests.datasets_spec.examples import CORPUS, FLAG_ROWS, ids_folder, read_jsonl, write_csv, write_jsonl


def class_csv(path: Path, sizes: dict[str, int]) -> Path:
    rows = [["text", "label"]] + [[f"{label} 문장 {i}", label] for label, n in sizes.items() for i in range(n)]
    return write_csv(path, rows)


def test_import_split_by_class_keeps_proportions_and_is_seeded(data_dir: Path, tmp_path: Path) -> None:
    source = class_csv(tmp_path / "cls.csv", {"계약": 20, "불법행위": 10, "가족": 5})
    first = store.import_file(source, "cls-a", split_by="class", validation_ratio=0.2, seed=7)
    second = store.import_file(source, "cls-b", split_by="class", validation_ratio=0.2, seed=7)
    a, b = store.load("cls-a"), store.load("cls-b")
    assert a.manifest["split"] == {"by": "class", "validation_ratio": 0.2, "seed": 7}
    assert a.manifest["counts"] == {"train": 28, "validation": 7, "classes": 3}
    assert Counter(e["label"] for e in a.validation) == {"계약": 4, "불법행위": 2, "가족": 1}
    assert Counter(e["label"] for e in a.train) == {"계약": 16, "불법행위": 8, "가족": 4}
    assert (a.train, a.validation) == (b.train, b.validation)
    assert (first / "train.jsonl").read_bytes() == (second / "train.jsonl").read_bytes()
    assert {e["text"] for e in a.train}.isdisjoint({e["text"] for e in a.validation})
    assert not (first / "corpus.jsonl").exists()

    store.import_file(source, "cls-c", split_by="class", validation_ratio=0.2, seed=8)
    c = store.load("cls-c")
    assert Counter(e["label"] for e in c.validation) == Counter(e["label"] for e in a.validation)
    assert c.validation != a.validation, "another seed draws another validation set"
    assert store.list_datasets() == ["cls-a", "cls-b", "cls-c"]


def test_import_drops_rare_classes_and_lists_them(data_dir: Path, tmp_path: Path) -> None:
    source = class_csv(tmp_path / "cls.csv", {"계약": 10, "불법행위": 6, "가족": 2, "상속": 1})
    path = store.import_file(source, "cls", min_samples_per_class=5)
    dataset = store.load("cls")
    assert sorted(dataset.manifest["dropped_classes"]) == ["가족", "상속"]
    assert dataset.manifest["counts"]["classes"] == 2
    assert {e["label"] for e in dataset.train + dataset.validation} == {"계약", "불법행위"}
    assert len(dataset.train) + len(dataset.validation) == 16
    assert json.loads((path / "manifest.json").read_text(encoding="utf-8"))["dropped_classes"]

    store.import_file(source, "cls-all")
    assert store.load("cls-all").manifest["dropped_classes"] == []
    assert store.load("cls-all").manifest["counts"]["classes"] == 4


def test_sft_import_splits_by_prompt_so_no_prompt_is_on_both_sides(data_dir: Path, tmp_path: Path) -> None:
    rows = [
        {
            "messages": [
                *([{"role": "system", "content": f"시스템 {k}"}] if k % 2 else []),
                {"role": "user", "content": f"질문 {i}"},
                {"role": "assistant", "content": f"답 {i}-{k}"},
            ]
        }
        for i in range(12)
        for k in range(3)
    ]
    store.import_file(write_jsonl(tmp_path / "chat.jsonl", rows), "chat", validation_ratio=0.25, seed=3)
    dataset = store.load("chat")
    assert dataset.task == "sft" and dataset.manifest["format"] == "chat"
    assert dataset.manifest["split"]["by"] == "prompt"

    def prompts(examples: list[dict]) -> set[str]:
        return {next(m["content"] for m in e["messages"] if m["role"] == "user") for e in examples}

    assert prompts(dataset.train).isdisjoint(prompts(dataset.validation))
    assert len(prompts(dataset.validation)) == 3 and len(dataset.validation) == 9 and len(dataset.train) == 27
    assert dataset.manifest["leaked"] == [] and dataset.manifest["leaked_count"] == 0


def test_a_validation_file_sharing_a_query_with_train_is_recorded_as_leaked(data_dir: Path, tmp_path: Path) -> None:
    folder = ids_folder(tmp_path / "ids")
    validation = write_jsonl(
        folder / "valid.jsonl",
        [
            {"query_id": "v1", "query_text": "보증금   반환 ", "positive_passages": ["민법|618"]},
            {"query_id": "v2", "query_text": "관습법", "positive_passages": ["민법|1"]},
        ],
    )
    path = store.import_file(folder / "examples.jsonl", "leaky", validation_file=validation)
    dataset = store.load("leaky")
    assert dataset.manifest["split"] == {"by": "file", "file": str(validation)}
    assert dataset.manifest["leaked"] == ["보증금 반환"] and dataset.manifest["leaked_count"] == 1
    assert dataset.manifest["counts"] == {"train": 4, "validation": 2, "passages": 5}
    assert [e["query_id"] for e in dataset.validation] == ["v1", "v2"]
    assert {r["id"] for r in read_jsonl(path / "corpus.jsonl")} == {p["id"] for p in CORPUS}


def test_flag_train_and_validation_files_keep_their_own_passages(data_dir: Path, tmp_path: Path) -> None:
    train = write_jsonl(tmp_path / "train.jsonl", FLAG_ROWS)
    validation = write_jsonl(
        tmp_path / "valid.jsonl", [{"query": "사용자 책임", "pos": ["피용자의 행위에 대한 사용자의 책임"], "neg": []}]
    )
    store.import_file(train, "flag-two-files", validation_file=validation)
    dataset = store.load("flag-two-files")
    stored = [(e["query_text"], [dataset.corpus[p]["text"] for p in e["positive_passages"]]) for e in dataset.train]
    assert stored == [(r["query"], r["pos"]) for r in FLAG_ROWS]


def test_a_file_with_errors_is_rejected_and_nothing_is_stored(data_dir: Path, tmp_path: Path) -> None:
    rows = [["text", "label"], ["좋은 문장", "계약"], ["", "계약"], ["라벨 없는 문장", ""]]
    source = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(store.DatasetRejected) as info:
        store.import_file(source, "bad")
    lines = info.value.problems.lines()
    assert lines == [f"{source}:3: text: empty (expected text)", f"{source}:4: label: empty (expected text)"]
    assert str(info.value) == "\n".join(lines)
    datasets = data_dir / "datasets"
    assert not datasets.exists() or list(datasets.iterdir()) == []
    assert store.list_datasets() == []


def test_save_upload_sanitises_names_and_keeps_each_file_once(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "upload.bin"
    source.write_bytes(b'{"text": "a", "label": "b"}\n' * 4)
    folder = data_dir / "uploads" / "default"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[: uploads.UPLOAD_HASH_CHARS]

    first = uploads.save_upload(source, "../../etc/passwd")
    assert first == folder / f"{digest}-passwd" and first.read_bytes() == source.read_bytes()
    assert uploads.save_upload(source, "..\\..\\etc\\passwd") == uploads.save_upload(source, "/etc/passwd") == first
    korean = uploads.save_upload(source, "판례 데이터(최종).jsonl")
    assert korean == folder / f"{digest}-판례_데이터_최종.jsonl"
    assert uploads.save_upload(source, "..").name == f"{digest}-upload"
    team = uploads.save_upload(source, "x.csv", workspace="team-a")
    assert team == data_dir / "uploads" / "team-a" / f"{digest}-x.csv"
    with pytest.raises(ValueError, match="no slashes"):
        uploads.save_upload(source, "x.csv", workspace="../escape")
    written = sorted(p.name for p in folder.iterdir())
    assert written == [f"{digest}-passwd", f"{digest}-upload", f"{digest}-판례_데이터_최종.jsonl"]
    assert all(p.resolve().parent == folder.resolve() for p in folder.iterdir())

    monkeypatch.setenv("STUDIO_MAX_UPLOAD_MB", "0.00005")  # 52 bytes
    with pytest.raises(ValueError, match="over the upload limit"):
        uploads.save_upload(source, "big.jsonl")
    assert not [p for p in folder.iterdir() if p.name.endswith("big.jsonl")]
    small = tmp_path / "small.jsonl"
    small.write_bytes(b"{}\n")
    assert uploads.save_upload(small, "small.jsonl").read_bytes() == b"{}\n"


def test_rename_and_delete_datasets(data_dir: Path, tmp_path: Path) -> None:
    source = class_csv(tmp_path / "cls.csv", {"계약": 5, "불법행위": 5})
    store.import_file(source, "one")
    store.import_file(source, "two")

    renamed = store.rename_dataset("one", "three")
    assert renamed == data_dir / "datasets" / "three"
    assert store.list_datasets() == ["three", "two"]
    assert store.load("three").manifest["name"] == "three"
    assert not (renamed / "manifest.json.tmp").exists()
    with pytest.raises(FileNotFoundError):
        store.rename_dataset("one", "four")
    with pytest.raises(FileExistsError):
        store.rename_dataset("three", "two")
    with pytest.raises(ValueError, match="no slashes"):
        store.rename_dataset("three", "../outside")
    assert store.list_datasets() == ["three", "two"]

    store.delete_dataset("three")
    assert store.list_datasets() == ["two"]
    assert [p.name for p in (data_dir / "datasets").iterdir()] == ["two"], "no renamed-away leftovers"
    with pytest.raises(FileNotFoundError):
        store.delete_dataset("three")
    with pytest.raises(ValueError, match="no slashes"):
        store.delete_dataset("../datasets")
    with pytest.raises(FileNotFoundError, match="not found"):
        store.load("three")
