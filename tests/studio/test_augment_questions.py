"""The Augment tab's question-log section on real engine output: a log labelled over the bundled sample by a real
embedding model, every kept pair inspectable, stored as the visitor's own; a bad log is one located sentence; the
Korean page's words hold no English sentence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import gradio as gr
import pytest

from core.models.names import MINILM
from datasets_spec import store
from datasets_spec.question_log import read_question_log
from studio import session
from studio.strings import words
from studio.tabs import augment, augment_questions
from studio.tabs.augment_common import retrieval_choices
from tests.e2e.page_checks import english_sentences

ROOT = Path(__file__).resolve().parents[2]
# In augment_questions.FIELDS order: rule, depth, margin, pool, num_negatives, negatives_from. A pool of 10 keeps
# the model's work to the passages BM25 ranks first (about 40 of 137): a few seconds with MiniLM on one core.
OPTIONS = ["agree", 10, 0.0, 10, 4, 3]


def title_log(tmp_path: Path, n: int = 8) -> Path:
    """Questions that name an article's own title: both retrievers should find that article for some of them."""
    passages = [json.loads(line) for line in (store.SAMPLE_DIR / "passages.jsonl").open(encoding="utf-8")]
    log = tmp_path / "상담.txt"
    log.write_text("\n".join(f"{p['title']}에 대해 알려주세요" for p in passages[:n]), encoding="utf-8")
    return log


def built(lang: str) -> tuple[gr.Blocks, dict[str, gr.Component]]:
    with gr.Blocks() as demo:
        c = augment.build(lang, session.owner_state())
    return demo, c


def test_labelled_pairs_show_both_ranks_and_store_as_the_visitors_own(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = session.ensure_owner(None), session.ensure_owner(None)
    seen: list[tuple[int, int]] = []
    message, frame, labelled = augment_questions.run_label(
        str(title_log(tmp_path)),
        store.SAMPLE_NAME,
        MINILM,
        OPTIONS,
        "en",
        lambda d, t: seen.append((d, t)),
        owner=alice,
    )
    report = labelled.report
    assert report["questions"] == 8 and report["kept"] + sum(report["left_out"].values()) == 8
    assert message.startswith(f"**상담.txt** · kept {report['kept']} of 8 questions · left out: ")
    assert f"the model encoded {report['encoded']} of 137 passages" in message
    assert seen and seen[-1] == (report["encoded"], report["encoded"]), "the bar follows the encoding"
    assert frame is not None and len(frame) == report["kept"] >= 1, message
    corpus = store.load(store.SAMPLE_NAME).corpus
    for _, row in frame.iterrows():
        passage = row["label: passage"].split(" · ")[0]
        assert passage in corpus and corpus[passage]["title"] in row["label: passage"]
        assert row["BM25 rank"].isdigit() and row["model rank"] == "1"  # rule agree, margin 0: the model's first
        assert passage not in row["negatives"].split(", ") and float(row["margin"]) >= 0
    assert list(frame["question"]) == [e["query_text"] for e in labelled.examples]

    stored = augment_questions.run_store(labelled, "log-pairs", "en", owner=alice)
    assert f"Stored **log-pairs** ({report['kept']} examples)" in stored and "Only this browser" in stored, stored
    dataset = store.load("log-pairs")
    assert dataset.manifest["owner"] == alice and dataset.manifest["made_by"]["generator"] == "pseudo-label"
    kept = dataset.train + dataset.validation
    assert {e["query_text"] for e in kept} == set(frame["question"])
    assert all(e["pseudo_label"]["bm25_rank"] >= 1 and e["line"] >= 1 for e in kept)
    assert "log-pairs" in retrieval_choices(alice) and "log-pairs" not in retrieval_choices(bob)
    monkeypatch.setenv("STUDIO_MODE", "shared")
    refused, frame, _ = augment_questions.run_label(
        str(title_log(tmp_path)), "log-pairs", MINILM, OPTIONS, "en", owner=bob
    )
    assert (
        refused == "**Error** · dataset 'log-pairs' belongs to another visitor; you may not use it" and frame is None
    )

    # The same result on the Korean page: counted in Korean, no English sentence in the summary or the cells
    korean = augment_questions.summary(labelled, "ko")
    assert korean.startswith(f"**상담.txt** · 질문 8개 중 {report['kept']}개 남김 · 제외: 합의 없음 ")
    assert f"모델이 조문 137개 중 {report['encoded']}개를 인코딩함" in korean and not english_sentences(korean)
    table = augment_questions.labels_frame(labelled.examples, corpus, "ko")
    assert list(table.columns) == ["질문", "레이블 조문", "BM25 순위", "모델 순위", "마진", "오답"]


def test_a_bad_json_line_is_one_sentence_naming_the_file_and_line(data_dir: Path, tmp_path: Path) -> None:
    log = tmp_path / "board.jsonl"
    log.write_text('{"question": "전세 보증금을 못 받았어요"}\n{"question": 월세}\n', encoding="utf-8")
    args = (str(log), store.SAMPLE_NAME, MINILM, OPTIONS)
    message, frame, labelled = augment_questions.run_label(*args, "en", owner=session.ensure_owner(None))
    assert message.startswith("**Error** · board.jsonl, line 2: starts with { but is not a JSON object (")
    assert message.endswith(").") and "\n" not in message and frame is None and labelled is None
    korean, _, _ = augment_questions.run_label(*args, "ko")
    assert korean == "**오류** · board.jsonl 2번째 줄: {로 시작하지만 JSON 객체로 읽을 수 없습니다."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# only a comment\n\n", "**Error** · log.txt holds no question (blank lines and lines starting"),
        ('{"answer": "x"}\n', "**Error** · log.txt, line 1: a JSON line without a question, query or text field."),
        ('{"question": "  "}\n{"query": ""}\n', "**Error** · log.txt, line 1: the question is empty. (1 more"),
    ],
)
def test_the_logs_other_problems_are_sentences_too(text: str, expected: str, data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "log.txt").write_text(text, encoding="utf-8")
    message, frame, _ = augment_questions.run_label(str(tmp_path / "log.txt"), store.SAMPLE_NAME, "", OPTIONS, "en")
    assert message.startswith(expected) and frame is None, message


def test_every_problem_the_log_reader_gives_has_words() -> None:
    source = (ROOT / "datasets_spec" / "question_log.py").read_text("utf-8")
    calls = re.findall(r"problems\.error\((.*)\)\n", source)
    said = {re.findall(r'"([^"]*)"', args)[-1].split(" (")[0] for args in calls}  # the message: the last string
    assert said == set(augment_questions.LOG_PROBLEMS), said ^ set(augment_questions.LOG_PROBLEMS)


def test_nothing_to_label_or_store_is_a_sentence(data_dir: Path) -> None:
    message, frame, labelled = augment_questions.run_label(None, store.SAMPLE_NAME, MINILM, OPTIONS, "en")
    assert message == words("augment", "en")("pl_need_log") and frame is None and labelled is None
    assert (
        augment_questions.run_store(None, "x", "ko")
        == "먼저 **레이블 붙이기**를 누르세요. 표에 보이는 쌍이 그대로 저장됩니다."
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_section_starts_with_a_sentence_and_fills_the_bundled_log(lang: str, data_dir: Path) -> None:
    demo, c = built(lang)
    w = words("augment", lang)
    assert c["pl_report"].value == w("pl_empty") and c["pl_table"].visible is False  # a sentence, no blank table
    assert c["pl_table"].headers == [w(key) for key in augment_questions.COLUMNS]
    shares = [float(x.rstrip("%")) for x in c["pl_table"].column_widths]
    assert sum(shares) == 100 and max(shares) <= 55
    assert c["pl_source"].value == store.SAMPLE_NAME and c["pl.rule"].value == "agree"
    assert isinstance(c["pl.depth"], gr.Number) and (c["pl.depth"].minimum, c["pl.depth"].maximum) == (1, 100)
    assert c["pl.rule"].choices == [("agree", "agree"), ("hybrid", "hybrid")] and c["pl.margin"].info  # declared
    events = {f.fn.__name__: f for f in demo.fns.values()}
    filled = next(f for f in demo.fns.values() if f.outputs == [c["pl_file"]]).fn()
    assert Path(filled).read_bytes() == augment_questions.QUESTIONS_SAMPLE.read_bytes()
    assert len(read_question_log(filled).questions) == 615
    assert events["store_labels"].inputs == [c["pl_state"], c["pl_name"], c["owner"]]
    assert events["label_log"].inputs[-1] is c["owner"]
    assert events["store_labels"].fn(None, "x", None, None) == w("pl_need_label")


def test_the_korean_sections_words_hold_no_english_sentence(data_dir: Path) -> None:
    demo, c = built("ko")
    section = [
        b for b in demo.blocks.values() if isinstance(b, gr.Accordion) and b.label == "질문 로그에 레이블 붙이기"
    ]
    assert section, "the section is on the Korean page under its Korean name"
    shown = [c["pl_report"].value, c["pl_sample"].value]
    for key in (
        "pl_file",
        "pl_source",
        "pl_model",
        "pl_label",
        "pl_table",
        *(f"pl.{n}" for n in augment_questions.FIELDS),
    ):
        component = c[key]
        shown += [getattr(component, "label", None) or "", getattr(component, "info", None) or ""]
    w = words("augment", "ko")
    shown += [w(key) for key in ("pl_help", "pl_need_log", "pl_need_label", "pl_none_kept", "pl_encoding")]
    shown += [
        w(key, file="log.txt", line=w("log_line", line=3), message="x")
        for key in augment_questions.LOG_PROBLEMS.values()
    ]
    found = [s for text in shown for s in english_sentences(str(text))]
    assert not found, found
    assert english_sentences(words("augment", "en")("pl_help")), "the detector finds the English page's words"
