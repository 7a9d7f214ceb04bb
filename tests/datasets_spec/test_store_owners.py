"""Dataset owners: a session's uploads are listed only for it until shared; samples and CLI imports are shared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from datasets_spec import store

ROOT = Path(__file__).resolve().parents[2]
ALICE, BOB = "a" * 32, "b" * 32


def labelled(path: Path) -> Path:
    rows = [{"text": f"판결 {i}번", "label": "계약" if i % 2 else "불법행위"} for i in range(10)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def owner_of(data_dir: Path, name: str) -> str | None:
    return json.loads((data_dir / "datasets" / name / "manifest.json").read_text("utf-8"))["owner"]


def test_lists_filter_by_owner_and_sharing_opens_a_dataset_to_all(data_dir: Path, tmp_path: Path) -> None:
    source = labelled(tmp_path / "cls.jsonl")
    store.import_file(source, "alices", owner=ALICE)
    store.import_file(source, "bobs", owner=BOB)
    store.import_file(source, "everyones")
    store.resolve(store.SAMPLE_NAME)
    assert owner_of(data_dir, "alices") == ALICE and owner_of(data_dir, "everyones") is None
    assert owner_of(data_dir, store.SAMPLE_NAME) is None, "the bundled sample is shared"

    assert store.list_datasets() == ["alices", "bobs", "everyones", store.SAMPLE_NAME], "the CLI sees everything"
    assert store.list_datasets(ALICE) == ["alices", "everyones", store.SAMPLE_NAME]
    assert store.list_datasets(BOB) == ["bobs", "everyones", store.SAMPLE_NAME]
    assert store.list_datasets("") == ["everyones", store.SAMPLE_NAME], "no id yet: shared ones only"

    with pytest.raises(PermissionError, match="belongs to another session"):
        store.share_dataset("alices", by=BOB)
    assert store.list_datasets(BOB) == ["bobs", "everyones", store.SAMPLE_NAME]
    store.share_dataset("alices", by=ALICE)
    assert owner_of(data_dir, "alices") is None
    assert store.list_datasets(BOB) == ["alices", "bobs", "everyones", store.SAMPLE_NAME]
    store.share_dataset("everyones", by=BOB)  # already shared: nothing to refuse
    with pytest.raises(FileNotFoundError):
        store.share_dataset("nobodys")


def test_rename_keeps_the_owner_and_a_bad_owner_is_refused(data_dir: Path, tmp_path: Path) -> None:
    source = labelled(tmp_path / "cls.jsonl")
    store.import_file(source, "mine", owner=ALICE)
    store.rename_dataset("mine", "still-mine")
    assert owner_of(data_dir, "still-mine") == ALICE and store.list_datasets(BOB) == []
    with pytest.raises(ValueError, match="no slashes"):
        store.import_file(source, "escape", owner="../../x")
    assert not (data_dir / "datasets" / "escape").exists()


@pytest.mark.slow
def test_the_cli_import_is_shared(data_dir: Path, tmp_path: Path) -> None:
    source = labelled(tmp_path / "cls.jsonl")
    env = {"STUDIO_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "datasets_spec", "import", str(source), "--name", "from-cli"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert owner_of(data_dir, "from-cli") is None and store.list_datasets(BOB) == ["from-cli"]
