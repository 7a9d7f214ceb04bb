"""Uploads are kept once however often they are sent, a disk that refuses a write is one sentence with nothing left
behind, and what each owner keeps is counted for quotas.

Filling a real disk is not possible in a test, so a full disk is the copy raising ENOSPC after it has written part of
the file; a read-only folder is real where permissions apply (not as root) and simulated otherwise."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

from datasets_spec import store, uploads, write
from tests.datasets_spec.files import CLS, jl

CLASSIFICATION = (
    Path(__file__).resolve().parents[2] / "datasets_spec" / "samples" / "classification_ko" / "train.jsonl"
)


@pytest.fixture
def upload(tmp_path: Path) -> Path:
    """A file as Gradio hands it over: somewhere outside the data directory."""
    path = tmp_path / "gradio" / "cases.jsonl"
    path.parent.mkdir()
    path.write_bytes(jl(*CLS))
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_same_bytes_uploaded_twice_are_one_file(data_dir: Path, upload: Path) -> None:
    first = uploads.save_upload(upload, "cases.jsonl")
    again = uploads.save_upload(upload, "cases.jsonl")
    assert again == first and first.read_bytes() == upload.read_bytes()
    assert files_in(uploads.uploads_dir()) == [first.name] and first.name.endswith("-cases.jsonl")


def test_different_bytes_under_one_name_are_two_files(data_dir: Path, upload: Path) -> None:
    first = uploads.save_upload(upload, "cases.jsonl")
    upload.write_bytes(jl(*CLS[:2]))
    second = uploads.save_upload(upload, "cases.jsonl")
    assert second != first and second.read_bytes() == jl(*CLS[:2]) and first.read_bytes() == jl(*CLS)
    assert files_in(uploads.uploads_dir()) == sorted([first.name, second.name])


def disk_refusing(code: int, seen: list[list[str]]):
    """A copy that writes part of the file, notes which files the uploads folder then holds, and is refused."""

    def copy(reader, writer, length: int = 0) -> None:
        writer.write(reader.read(10))
        writer.flush()
        seen.append(files_in(uploads.uploads_dir()))
        raise OSError(code, os.strerror(code))

    return copy


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (errno.ENOSPC, write.StorageFull, "the disk is full"),
        (errno.EDQUOT, write.StorageFull, "the disk quota is used up"),
        (errno.EROFS, write.StorageError, "the disk is read-only"),
        (errno.EACCES, write.StorageError, "the folder is read-only for the studio"),
    ],
)
def test_a_disk_refusing_the_copy_is_one_sentence_and_leaves_nothing(
    code: int, kind: type, words: str, data_dir: Path, upload: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(write, "copyfileobj", disk_refusing(code, seen))
    with pytest.raises(kind) as info:
        uploads.save_upload(upload, "cases.jsonl")
    assert [name.endswith(".part") for name in seen[0]] == [True], "the copy went through a .part file"
    assert files_in(uploads.uploads_dir()) == [], "the .part is gone and nothing else was stored"
    message = str(info.value)
    assert message == f"cases.jsonl: nothing was stored because {words}"
    assert isinstance(info.value, ValueError) and info.value.errno == code  # the Data tab shows ValueErrors
    assert (kind is write.StorageFull) == (info.value.reason == "full")


def test_a_full_disk_noticed_only_at_fsync_leaves_no_part(
    data_dir: Path, upload: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(handle: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(write.StorageFull, match="nothing was stored because the disk is full"):
        uploads.save_upload(upload, "cases.jsonl")
    assert files_in(uploads.uploads_dir()) == []


def test_any_other_failure_mid_copy_passes_unchanged_and_leaves_no_part(
    data_dir: Path, upload: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(reader, writer, length: int = 0) -> None:
        writer.write(reader.read(10))
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "copyfileobj", interrupted)
    with pytest.raises(KeyboardInterrupt):
        uploads.save_upload(upload, "cases.jsonl")
    assert files_in(uploads.uploads_dir()) == []


def test_a_read_only_uploads_folder_is_one_sentence(data_dir: Path, upload: Path) -> None:
    folder = uploads.uploads_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root (with CAP_DAC_OVERRIDE) writes anyway; the simulated EACCES ran above
            pytest.skip("permissions are not enforced for this user")
        with pytest.raises(write.StorageError, match=r"^cases\.jsonl: nothing was stored because .*read-only"):
            uploads.save_upload(upload, "cases.jsonl")
    finally:
        folder.chmod(0o700)
    assert files_in(folder) == []


def test_an_unreadable_upload_is_not_blamed_on_the_disk(data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        uploads.save_upload(tmp_path / "vanished.jsonl", "vanished.jsonl")


def test_discard_upload_removes_only_a_file_of_that_workspace(data_dir: Path, upload: Path) -> None:
    mine = uploads.save_upload(upload, "cases.jsonl", workspace="alice")
    theirs = uploads.save_upload(upload, "cases.jsonl", workspace="bob")
    assert not uploads.discard_upload(theirs, "alice") and theirs.exists()
    assert not uploads.discard_upload(upload, "alice") and upload.exists(), "a file outside the uploads folder"
    sneaky = uploads.uploads_dir("alice") / ".." / "bob" / theirs.name
    assert not uploads.discard_upload(sneaky, "alice") and theirs.exists()
    assert not uploads.discard_upload(uploads.uploads_dir("alice"), "default")
    assert uploads.discard_upload(mine, "alice") and not mine.exists()
    assert not uploads.discard_upload(mine, "alice"), "already gone"


def test_a_full_disk_while_storing_a_dataset_leaves_no_staging_folder(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, rows) -> int:
        Path(path).write_text("partial\n", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "write_jsonl", full)
    with pytest.raises(write.StorageFull) as info:
        store.import_file(CLASSIFICATION, "cls")
    assert str(info.value) == "dataset 'cls': nothing was stored because the disk is full"
    assert files_in(store.datasets_dir()) == [] and store.list_datasets() == []


def test_a_read_only_datasets_folder_is_one_sentence(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    with pytest.raises(write.StorageError, match=r"^dataset 'cls': nothing was stored because the disk is read-only$"):
        store.import_file(CLASSIFICATION, "cls")
    assert store.list_datasets() == []


def test_owner_usage_counts_their_uploads_and_datasets(data_dir: Path, upload: Path) -> None:
    alice = [uploads.save_upload(upload, name, workspace="alice") for name in ("a.jsonl", "b.jsonl")]
    uploads.save_upload(upload, "c.jsonl", workspace="bob")
    stored = [store.import_file(CLASSIFICATION, name, owner="alice") for name in ("cls-1", "cls-2")]
    store.import_file(CLASSIFICATION, "cls-bob", owner="bob")
    store.import_file(CLASSIFICATION, "cls-shared")
    expected = sum(p.stat().st_size for p in alice) + sum(
        f.stat().st_size for folder in stored for f in folder.iterdir()
    )
    assert uploads.owner_usage("alice") == uploads.Usage(bytes=expected, datasets=2)
    assert uploads.owner_usage("bob").datasets == 1
    assert (
        uploads.owner_usage("carol") == uploads.owner_usage("") == uploads.owner_usage("../x") == uploads.Usage(0, 0)
    )
