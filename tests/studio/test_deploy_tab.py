"""Deploy tab: which runs it offers, the kinds each task can give, and the zip the browser downloads."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from studio.tabs.deploy import default_out, deployable_runs, kinds_for, zipped
from training.lifecycle import runs
from training.publish.export import export


def in_studio(run: Path, name: str) -> str:
    """The session-trained run copied under the studio's runs folder, where the tab looks."""
    target = runs.runs_dir() / name
    if not target.exists():
        shutil.copytree(run, target)
    return name


def test_kinds_follow_the_task(studio_data: Path, embedding_run: Path, sft_run: Path) -> None:
    embedding, sft = in_studio(embedding_run, "emb"), in_studio(sft_run, "sft")
    assert set(deployable_runs()) >= {"emb", "sft"}
    assert kinds_for(embedding) == (["adapter", "merged", "sentence-transformers"], "sentence-transformers")
    assert kinds_for(sft) == (["adapter", "merged"], "adapter")
    assert default_out("emb", "merged") == str(studio_data / "exports" / "emb-merged")


def test_a_run_without_a_model_is_not_offered(studio_data: Path, embedding_run: Path) -> None:
    name = in_studio(embedding_run, "emb-unfinished")
    shutil.rmtree(runs.runs_dir() / name / "model")
    assert name not in deployable_runs()


def test_the_download_holds_the_whole_export(studio_data: Path, embedding_run: Path, tmp_path: Path) -> None:
    folder = export(embedding_run, "sentence-transformers", tmp_path / "st")
    archive = zipped(folder)
    names = set(zipfile.ZipFile(archive).namelist())
    assert {"README.md", "modules.json", "config_sentence_transformers.json"} <= names
    assert {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} <= names
    kinds = {info.filename: info.compress_type for info in zipfile.ZipFile(archive).infolist()}
    weights = [name for name in names if name.endswith(".safetensors")]
    assert weights and all(kinds[name] == zipfile.ZIP_STORED for name in weights), "weights deflated: slow, no gain"
    assert kinds["README.md"] == zipfile.ZIP_DEFLATED
    assert not list(archive.parent.glob("*.partial")), "a temporary archive left behind"
