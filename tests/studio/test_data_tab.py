"""Data tab functions without a browser: a BEIR folder given by path is checked and stored; errors stay located."""

from __future__ import annotations

import json
from pathlib import Path

from datasets_spec import store
from datasets_spec.formats.beir import export_beir
from studio.tabs import data


def test_a_beir_folder_on_this_machine_is_checked_and_stored(data_dir: Path, tmp_path: Path, tiny_model: Path) -> None:
    sample = store.load(store.SAMPLE_NAME)
    folder = export_beir(sample.corpus, sample.validation, tmp_path / "beir")
    report, stats_md, lengths, dist, popular, preview = data.check_upload(
        None, str(folder), None, None, "auto", str(tiny_model), 64, 5, "en"
    )
    assert "beir (retrieval), 69 examples" in report and "No errors" in report
    assert "longer than 64" in stats_md and lengths["value"] is not None and dist["value"] is not None
    assert len(preview) == 20 and popular is not None
    choice, message = data.import_upload(None, str(folder), None, None, "auto", "beir-copy", "auto", 0.2, 7, 0, "en")
    assert message == "Stored **beir-copy**." and choice["value"] == "beir-copy"
    manifest = json.loads((data_dir / "datasets" / "beir-copy" / "manifest.json").read_text("utf-8"))
    assert manifest["source_format"] == "beir" and manifest["split"] == {
        "by": "query",
        "validation_ratio": 0.2,
        "seed": 7,
    }


def test_errors_come_back_located_and_nothing_is_stored(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "labels.csv"
    bad.write_bytes("text,label\n좋은 판결,긍정\n나쁜 판결,\n".encode("cp949"))
    report, *_ = data.check_upload(None, str(bad), None, None, "auto", "no/such-model", 32, 5, "en")
    assert "**1 errors**" in report and "`labels.csv:3: label: empty (expected text)`" in report
    _, message = data.import_upload(None, str(bad), None, None, "auto", "labels", "auto", 0.2, 42, 0, "en")
    assert "labels.csv:3: label" in message and not (data_dir / "datasets" / "labels").exists()
