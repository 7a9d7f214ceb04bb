"""Data tab functions without a browser: a BEIR folder given by path is checked and stored; errors stay located;
the corpus slot is offered only to formats that read one, and a corpus given to one that does not is refused."""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr
import pytest

from datasets_spec import store
from datasets_spec.formats.beir import export_beir
from studio.strings.data import STRINGS
from studio.tabs import data, data_upload
from tests.datasets_spec.files import CHAT, CLS_ROWS, CORPUS, IDS, jl, table


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
    assert (
        "**1 error**" in report and "errors" not in report and "`labels.csv:3: label: empty (expected text)`" in report
    )
    _, message = data.import_upload(None, str(bad), None, None, "auto", "labels", "auto", 0.2, 42, 0, "en")
    assert "labels.csv:3: label" in message and not (data_dir / "datasets" / "labels").exists()


@pytest.mark.parametrize(
    ("name", "content", "fmt", "offered", "said"),
    [
        ("chats.jsonl", jl(*CHAT), "auto", False, "Read as **chat (sft)** data; this format takes no corpus"),
        ("pairs.jsonl", jl(*IDS), "auto", True, "Read as **ids (retrieval)** data; its passages come from"),
        ("labels.csv", table(CLS_ROWS), "auto", False, "Read as **classification** data;"),
        ("chats.jsonl", jl(*CHAT), "legal", True, ""),  # a format picked by hand is not second-guessed
        (None, b"", "auto", True, ""),  # nothing chosen yet: the slot stays, the report is emptied
    ],
)
def test_a_chosen_file_clears_the_report_and_offers_the_corpus_slot_only_where_read(
    tmp_path: Path, name: str | None, content: bytes, fmt: str, offered: bool, said: str
) -> None:
    file = None
    if name:
        file = tmp_path / name
        file.write_bytes(content)
    note, slot = data_upload.chosen(str(file) if file else None, fmt, "en")
    assert (note.startswith(said) if said else note == "") and slot["visible"] is offered
    assert offered or slot["value"] is None  # a hidden slot keeps no file to be ignored
    assert data.corpus_slot("chat")["visible"] is False and data.corpus_slot("ids")["visible"] is True


def test_a_corpus_given_to_chat_data_is_refused_in_words(data_dir: Path, tmp_path: Path) -> None:
    chats, corpus = tmp_path / "chats.jsonl", tmp_path / "passages.jsonl"
    chats.write_bytes(jl(*CHAT))
    corpus.write_bytes(jl(*CORPUS))
    report, stats_md, *_, preview = data.check_upload(
        str(chats), "", str(corpus), None, "auto", "no/model", 32, 5, "en"
    )
    assert report.startswith("**Error** · `passages.jsonl` was given as the corpus, but **chat (sft)** data takes")
    assert "(ids, legal)" in report and stats_md == "" and preview is None
    choice, message = data.import_upload(str(chats), "", str(corpus), None, "auto", "chats", "auto", 0.2, 42, 0, "ko")
    assert message.startswith("**오류** · `passages.jsonl`을(를) 코퍼스로") and choice == gr.update()
    assert not (data_dir / "datasets" / "chats").exists()
    report, *_ = data.check_upload(str(chats), "", None, None, "auto", "no/model", 32, 5, "en")
    assert report.startswith("**OK** · **") and "chats.jsonl**: chat (sft), 2 examples, read as utf-8" in report


def test_counts_read_as_english_and_marks_are_words() -> None:
    w = data_upload.words("data", "en")
    assert data_upload.kind_of("classification") == "classification" and data_upload.kind_of("st") == "st (retrieval)"
    assert data.data_view.counted(w, "dropped_classes", 1, labels="상속") == " Left out 1 rare class: 상속."
    assert data.data_view.counted(w, "dropped_classes", 2, labels="a, b") == " Left out 2 rare classes: a, b."
    manifest = {
        "name": "x",
        "task": "retrieval",
        "counts": {"train": 3, "validation": 1},
        "split": {"by": "file"},
        "leaked_count": 1,
        "warnings": ["a.jsonl:2: duplicate"],
    }
    text = data.data_view.manifest_markdown(manifest, "en")
    assert "1 validation input also appears" in text and "**1 warning**" in text
    for key, entry in STRINGS.items():
        assert entry.get("en") and entry.get("ko"), key
        for said in entry.values():
            assert not any(ord(ch) >= 0x2600 and not ("\uac00" <= ch <= "\ud7a3") for ch in said), (key, said)
