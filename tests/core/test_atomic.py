"""core.atomic: a file is replaced whole or left as it was, and no temporary is left behind either way."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from core import atomic


def test_writes_replace_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "status.json"
    atomic.write_json(path, {"state": "러닝"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"state": "러닝"} and "러닝" in path.read_text("utf-8")
    atomic.write_text(path, "new")
    assert path.read_text() == "new"
    atomic.write_bytes(path, b"\x00bytes")
    assert path.read_bytes() == b"\x00bytes"
    assert os.listdir(tmp_path) == ["status.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("old")
    with pytest.raises(RuntimeError), atomic.replacing(path) as handle:
        handle.write("half")
        raise RuntimeError("killed")
    with pytest.raises(RuntimeError), atomic.staged(path) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["config.yaml"]


def test_the_bytes_reach_the_disk_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    atomic.write_text(tmp_path / "a", "x")
    with atomic.staged(tmp_path / "b") as tmp:
        tmp.write_text("y")
    assert len(synced) == 2
    atomic.write_text(tmp_path / "c", "z", fsync=False)
    assert len(synced) == 2


def test_files_get_the_umask_mode_unless_asked(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic.write_text(tmp_path / "shared", "x")
        atomic.write_bytes(tmp_path / "private", b"x", mode=0o600)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o600


def test_a_folder_appears_complete_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "data"
    with atomic.folder(target) as staging:
        (staging / "a.jsonl").write_text("1")
    with pytest.raises(FileExistsError), atomic.folder(target):
        pass
    with pytest.raises(RuntimeError), atomic.folder(target, overwrite=True) as staging:
        (staging / "a.jsonl").write_text("2")
        raise RuntimeError("failed")
    assert (target / "a.jsonl").read_text() == "1" and os.listdir(tmp_path) == ["data"]
    with atomic.folder(target, overwrite=True) as staging:
        (staging / "b.jsonl").write_text("3")
    assert os.listdir(target) == ["b.jsonl"] and os.listdir(tmp_path) == ["data"]
