"""The Augment tab's actions and tables on real engine output, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import gradio as gr
import pytest

from datasets_spec.augment.legal import build as statutes_build
from datasets_spec.augment.legal.build import GENERATORS
from datasets_spec.augment.slots import generate as slots
from datasets_spec.mining.negatives import mine_source
from datasets_spec.mining.options import MineOptions
from studio import augment_words, session
from studio.strings import words
from studio.strings.augment import PHRASES
from studio.tabs import augment, augment_llm

ROOT = Path(__file__).resolve().parents[2]

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
    korean = augment.slot_frame(generated, "ko", k=4)
    assert list(korean.columns) == ["분할", "슬롯", "사용자", "답"]
    assert list(korean["분할"]) == ["학습"] * 4 + ["검증"]  # no English word in a cell of the Korean page


def test_slot_preview_reports_and_save_stores(data_dir: Path) -> None:
    message, frame = augment.run_slots(spec_text(), 200, "sampled", 42, None, None, "en")
    assert "388,800 combinations" in message and "made 200" in message and "schema-valid: 100%" in message
    assert len(frame) > 0 and not (data_dir / "datasets").exists()
    message, _ = augment.run_slots(spec_text(), 200, "sampled", 42, None, "jt", "en")
    assert "Stored **jt** (200 examples)" in message
    manifest = json.loads((data_dir / "datasets" / "jt" / "manifest.json").read_text("utf-8"))
    assert manifest["task"] == "sft" and manifest["made_by"]["generator"] == "slots"
    again, frame = augment.run_slots(spec_text(), 200, "sampled", 42, None, "jt", "en")
    assert again.startswith("**Error** · ") and "already exists" in again and frame is None


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
    assert message.startswith("**Error** · ") and "/no/such.jsonl" in message


def test_mining_table_counts_and_save(data_dir: Path) -> None:
    result = mine_source("legal-ko-sample", augment.mine_options(*SAME_LAW))
    frame = augment.mined_frame(result.report, result.corpus, "en", k=3)
    assert list(frame.columns) == ["query", "positive", "negatives (rank, score)"]
    assert frame.iloc[0]["query"] == result.report.queries[0].query_text
    assert frame.iloc[0]["negatives (rank, score)"].count("\n") == 2  # three negatives, one a line
    assert (
        augment.counts_markdown(result.report, "en")
        == "345 queries · 1,035 negatives found of 3 asked per query · 0 queries short"
    )
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
    assert message == "**Error** · range_min = 10: must be below range_max (5)" and frame is None
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
    assert message == "**Error** · holdout_ratio = 'lots': a share from 0 to 0.9, or empty for the spec's"
    message, _ = augment.run_slots(spec_text(), 200, "sampled", 42, "", None, "en")
    assert message.startswith("- &lt;spec>: 388,800 combinations") and "held out 72 of 360" in message


ENGINE_PHRASES = re.compile(r'(?:skip\(|notes\[|return None, |^[A-Z_]+ = )"([a-z][^"]+)"', re.M)
IDENTIFIERS = {"cloze", "title", "case", "plain", "sampled", "combinatorial", "seed", "spec", "relative_margin"}


def english_words(text: str) -> set[str]:
    """Latin words of three letters or more, less the names a person types (generators, modes, option names)."""
    return {word for word in re.findall(r"[A-Za-z_]{3,}", text) if word not in IDENTIFIERS} - {"max_score"}


def test_reports_are_worded_in_the_pages_language_and_unchanged_in_english(data_dir: Path) -> None:
    cases = augment.LEGAL_CASES
    loaded, report, _ = statutes_build.from_files(augment.LEGAL_CORPUS, cases, generators=list(GENERATORS))
    assert augment_words.statutes_lines(report, "en") == report.lines()
    korean = augment_words.statutes_lines(report, "ko")
    assert korean[0] == "조문 137개, 판례 345개 → 예제 699개, 조문 115개 추가"
    assert all(not english_words(line) for line in korean), korean
    assert korean[-1].endswith("; 18개는 일부러 조문의 말을 그대로 씀 (일상어 질문은 조문 전체가 정답)"), korean[-1]
    assert sum("by design" in line for line in augment_words.statutes_lines(report, "en")) == 1
    generated = slots.generate(augment.parse_slot_spec(spec_text()), 200, seed=42)
    assert augment_words.slot_lines(generated.report, "en") == generated.report.lines()
    assert all(not english_words(line) for line in augment_words.slot_lines(generated.report, "ko"))
    message, frame = augment.run_statutes("", "", ["cloze", "title", "plain"], 1, 42, "", None, "ko")
    assert frame is not None and "경고" not in message and not english_words(message), message
    result = mine_source("legal-ko-sample", augment.mine_options(*SAME_LAW))
    assert not english_words(augment.counts_markdown(result.report, "ko"))


def test_every_reason_the_generators_give_has_korean_words() -> None:
    sources = [
        *(ROOT / "datasets_spec" / "augment" / "legal").glob("*.py"),
        ROOT / "datasets_spec/mining/negatives.py",
    ]
    said = {m for path in sources for m in ENGINE_PHRASES.findall(path.read_text("utf-8"))}
    said |= {statutes_build.QUOTING_NOTE}
    assert "one sentence" in said and "the query shares no word with the corpus" in said
    assert said <= set(PHRASES), said - set(PHRASES)


def test_first_n_articles_is_empty_for_all_and_the_samples_cases_are_filled_in(data_dir: Path) -> None:
    assert augment.whole_or_none("") is None and augment.whole_or_none(" 0 ") is None
    assert augment.whole_or_none("12") == 12
    message, frame = augment.run_statutes("", "", ["cloze"], 1, 42, "twelve", None, "en")
    assert message == "**Error** · first N articles = 'twelve': a whole number from 1, or empty for all"
    cases = str(augment.LEGAL_CASES)
    message, _ = augment.run_statutes("", cases, ["case"], 1, 42, "20", None, "en")
    assert message.startswith("- 20 articles, 345 cases → ")
    message, _ = augment.run_statutes("", cases, ["cloze"], 1, 42, "20", "first-20", "en")
    assert message.startswith("- 20 articles, 0 cases → ")  # the filled-in cases are read for the case generator
    manifest = json.loads((data_dir / "datasets" / "first-20" / "manifest.json").read_text("utf-8"))
    assert manifest["made_by"]["sources"] == [str(augment.LEGAL_CORPUS)]
    assert manifest["made_by"]["parameters"]["limit"] == 20
    with gr.Blocks():
        c = augment.build("en", session.owner_state())
    assert c["cases"].value == str(augment.LEGAL_CASES) and c["limit"].value == ""


def test_one_is_singular_in_both_languages(data_dir: Path) -> None:
    english, _ = augment.run_statutes("", "", ["title"], 1, 42, "1", None, "en")
    assert english.startswith("- 1 article, 0 cases → 1 example, 0 passages added\n- title: 1 example from 1 item;")
    korean, _ = augment.run_statutes("", "", ["title"], 1, 42, "1", None, "ko")
    assert korean.startswith("- 조문 1개, 판례 0개 → 예제 1개, 조문 0개 추가\n- title: 항목 1개에서 예제 1개;")
    assert (
        augment_words.counted(1, "queries", "en") == "1 query"
        and augment_words.counted(2, "queries", "en") == "2 queries"
    )


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("slots_table", augment.SLOT_COLUMNS),
        ("legal_table", augment.LEGAL_COLUMNS),
        ("mine_table", augment.MINE_COLUMNS),
        ("llm_table", augment_llm.COLUMNS),
    ],
)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_previews_name_their_columns_and_share_the_width(table: str, columns: dict[str, str], lang: str) -> None:
    """Before any preview the table names its columns (not "1 2 3"); no column takes the table (the query column
    took 85% at 1400 px): each has a set share, its cells wrapped."""
    with gr.Blocks():
        c = augment.build(lang, session.owner_state())
    w = words("augment", lang)
    assert c[table].headers == [w(key) for key in columns] and c[table].wrap
    shares = [float(x.rstrip("%")) for x in c[table].column_widths]
    assert len(shares) == len(columns) and sum(shares) == 100 and max(shares) <= 55
