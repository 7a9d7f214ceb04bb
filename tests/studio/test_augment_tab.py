"""The Augment tab's actions and tables on real engine output, without a browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datasets_spec.augment.legal import build as statutes_build
from datasets_spec.augment.slots import generate as slots
from datasets_spec.mining.negatives import mine_source
from datasets_spec.mining.options import MineOptions
from studio.tabs import augment

SAME_LAW = ["same-law", 0, 10, 3, 0.05, "random", 42]  # in augment.MINE_FIELDS order


def spec_text() -> str:
    return augment.SLOT_SPEC.read_text(encoding="utf-8")


def test_slot_frame_shows_both_splits_of_the_generated_examples() -> None:
    generated = slots.generate(augment.parse_slot_spec(spec_text()), 200, seed=42)
    frame = augment.slot_frame(generated, "en", k=4)
    assert list(frame.columns) == ["split", "slots", "user", "answer"]
    assert list(frame["split"]) == ["train"] * 4 + ["validation"]
    first = generated.train[0]
    assert frame.iloc[0]["user"] == first["messages"][-2]["content"]
    assert json.loads(frame.iloc[0]["answer"]) == json.loads(first["messages"][-1]["content"])
    assert frame.iloc[0]["slots"].startswith("지역=")
    assert list(augment.slot_frame(generated, "ko", k=1).columns) == ["분할", "슬롯", "사용자", "답"]


def test_slot_preview_reports_and_save_stores(data_dir: Path) -> None:
    message, frame = augment.run_slots(spec_text(), 200, "sampled", 42, None, None, "en")
    assert "388,800 combinations" in message and "made 200" in message and "schema-valid: 100%" in message
    assert len(frame) > 0 and not (data_dir / "datasets").exists()
    message, _ = augment.run_slots(spec_text(), 200, "sampled", 42, None, "jt", "en")
    assert "Stored **jt** (200 examples)" in message
    manifest = json.loads((data_dir / "datasets" / "jt" / "manifest.json").read_text("utf-8"))
    assert manifest["task"] == "sft" and manifest["made_by"]["generator"] == "slots"
    again, frame = augment.run_slots(spec_text(), 200, "sampled", 42, None, "jt", "en")
    assert again.startswith("❌") and "already exists" in again and frame is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("slots: [a", "not valid YAML: line 1"),
        ("slots: {a: []}", "'slots.a': has no values"),
        ("", "Write or paste a slot spec"),
    ],
)
def test_slot_errors_are_messages(text: str, expected: str, data_dir: Path) -> None:
    message, frame = augment.run_slots(text, 5, "sampled", 42, None, None, "en")
    assert expected in message and frame is None and "Traceback" not in message


def test_statutes_preview_table_and_errors(data_dir: Path) -> None:
    loaded, report, _ = statutes_build.from_files(augment.LEGAL_CORPUS, seed=7)
    frame = augment.statutes_frame(loaded, 7, "en", k=5)
    assert len(frame) == 5 and set(frame["generator"]) <= {"cloze", "title"}
    assert all(":" in positive for positive in frame["positive"])
    message, frame = augment.run_statutes("", "", ["cloze", "title"], 1, 42, None, None, "en")
    assert report.lines()[0] in message and len(frame) == augment.SHOWN
    message, frame = augment.run_statutes("", "", ["case"], 1, 42, None, None, "en")
    assert "no cases were given" in message and frame is None
    message, _ = augment.run_statutes("/no/such.jsonl", "", [], 1, 42, None, None, "en")
    assert message.startswith("❌") and "/no/such.jsonl" in message


def test_mining_table_counts_and_save(data_dir: Path) -> None:
    result = mine_source("legal-ko-sample", augment.mine_options(*SAME_LAW))
    frame = augment.mined_frame(result.report, result.corpus, "en", k=3)
    assert list(frame.columns) == ["query", "positive", "negatives (rank, score)"]
    assert frame.iloc[0]["query"] == result.report.queries[0].query_text
    assert frame.iloc[0]["negatives (rank, score)"].count("\n") == 2  # three negatives, one a line
    assert "queries short" in augment.counts_markdown(result.report, "en")
    seen: list[tuple[int, int, str]] = []
    message, frame = augment.run_mining(
        "legal-ko-sample", SAME_LAW, "mined", "en", lambda d, t, w: seen.append((d, t, w))
    )
    assert "Stored **mined**" in message and len(frame) == augment.SHOWN and seen
    manifest = json.loads((data_dir / "datasets" / "mined" / "manifest.json").read_text("utf-8"))
    assert "same-law" in manifest["made_by"]["generator"]


def test_mining_options_from_the_form_are_checked_by_the_engine(data_dir: Path) -> None:
    assert augment.mine_options("bm25", 10.0, 100.0, 8.0, None, "top", 1.0) == MineOptions(
        range_min=10, range_max=100, num_negatives=8, relative_margin=None, sampling_strategy="top", seed=1
    )
    message, frame = augment.run_mining("legal-ko-sample", ["bm25", 10, 5, 3, 0.05, "random", 42], None, "en")
    assert message == "❌ range_min = 10: must be below range_max (5)" and frame is None
    message, _ = augment.run_mining("nothing-here", SAME_LAW, None, "en")
    assert "not found" in message


def test_every_augment_string_has_both_languages() -> None:
    from studio.strings.augment import STRINGS

    for key, entry in STRINGS.items():
        assert entry.get("en") and entry.get("ko"), key
    for name in augment.MINE_FIELDS:
        assert f"mine_{name}" in STRINGS


def test_holdout_box_and_markdown_escaping(data_dir: Path) -> None:
    assert augment.ratio_or_none(" ") is None and augment.ratio_or_none("0.3") == 0.3
    message, _ = augment.run_slots(spec_text(), 50, "sampled", 42, "lots", None, "en")
    assert message == "❌ holdout_ratio = 'lots': a share from 0 to 0.9, or empty for the spec's"
    message, _ = augment.run_slots(spec_text(), 200, "sampled", 42, "", None, "en")
    assert message.startswith("- &lt;spec>: 388,800 combinations") and "held out 72 of 360" in message
