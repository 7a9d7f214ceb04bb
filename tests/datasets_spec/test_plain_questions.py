"""Plain-language questions: glossary reading, term rewriting with particles, question endings, situations,
citations out, determinism, and the generator through `augment statutes --generators plain`."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import pytest

from datasets_spec.augment.legal.build import QUOTING_NOTE, from_files
from datasets_spec.augment.legal.cli import add_statutes_command
from datasets_spec.augment.legal.plain import (
    GLOSSARY,
    Rewriter,
    ask_ending,
    plain_queries,
    plain_question,
    read_glossary,
)
from datasets_spec.canonical import Loaded
from datasets_spec.checks import check_examples
from datasets_spec.errors import DataError

TERMS = {"채무": ("빚",), "채권자": ("빌려준 사람",), "임차인": ("세입자",), "임대인": ("집주인", "건물주")}


def question(sentence: str, law: str = "민법", seed: int = 0) -> str | None:
    return plain_question(sentence, law, Rewriter(TERMS), random.Random(seed))[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("임차인은 계약을 해지할 수 있다.", "임차인은 계약을 해지할 수 있나요?"),
        ("임대인은 그 비용을 상환하여야 한다.", "임대인은 그 비용을 상환하여야 하나요?"),
        ("상속은 피상속인의 주소지에서 개시한다.", "상속은 피상속인의 주소지에서 개시하나요?"),
        ("그 행위는 무효로 된다.", "그 행위는 무효로 되나요?"),
        ("보증인은 그 이익을 받는다.", "보증인은 그 이익을 받나요?"),
        ("그 계약은 무효이다.", "그 계약은 무효인가요?"),
        ("이 사람은 책임이 없다.", "이 사람은 책임이 없나요?"),
        ("1. 인증신청의 접수", None),
    ],
)
def test_a_statute_ending_becomes_a_question(sentence: str, expected: str | None) -> None:
    assert ask_ending(sentence) == expected


def test_terms_are_rewritten_as_whole_words_with_the_particle_that_fits_the_new_word() -> None:
    rewriter = Rewriter(TERMS)
    text, count = rewriter.rewrite(
        "채권자는 채무를 면제할 수 있고 채무자는 채무의 이행을 미룰 수 없다.", random.Random(0)
    )
    # 채권자 → 빌려준 사람 (은, not 는); 채무를 → 빚을; 채무자 is another word and stays
    assert text == "빌려준 사람은 빚을 면제할 수 있고 채무자는 빚의 이행을 미룰 수 없다."
    assert count == 3


def test_a_situation_is_kept_and_asked_about_and_citations_and_asides_go() -> None:
    asked = question("임차인이 제640조에 따른 차임을 2기 연체한 경우에는 임대인(賃貸人)은 계약을 해지할 수 있다.")
    assert asked is not None
    assert asked.startswith("세입자가 차임을 2기 연체한 경우에는 ")  # 임차인이 → 세입자가, the citation gone
    assert asked.endswith("?") and "제640조" not in asked and "(" not in asked and "해지" not in asked


def test_a_penalty_asks_what_punishment_the_offender_gets() -> None:
    asked = question("채무를 숨기고 재산을 빼돌린 자는 3년 이하의 징역 또는 1천만원 이하의 벌금에 처한다.", "형법")
    assert asked == "빚을 숨기고 재산을 빼돌린 사람은 어떤 처벌을 받나요?"


@pytest.mark.parametrize(
    "sentence",
    [
        "그 밖에 임차인에게 필요한 사항은 대통령령으로 정한다.",
        "다만, 임차인이 동의한 경우에는 그러하지 아니하다.",
        "이 법은 임차인의 주거 안정을 보장함을 목적으로 한다.",
        "임대인은 다음 각 호의 어느 하나에 해당하는 경우 계약을 해지할 수 있다.",
        "전항의 경우에 임차인은 계약을 해지할 수 있다.",
    ],
)
def test_sentences_nobody_asks_about_are_left_out(sentence: str) -> None:
    assert question(sentence) is None


def test_a_sentence_without_a_term_to_rewrite_is_left_out_since_it_would_be_the_sentence_again() -> None:
    found, why = plain_question("회사는 이사회를 둔다.", "상법", Rewriter(TERMS), random.Random(0))
    assert found is None and why == "no legal term to rewrite"


def test_glossary_errors_name_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "g.tsv"
    bad.write_text("# ours\n채무\t빚\n임차인 세입자\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_glossary(bad)
    assert caught.value.line == 3 and str(bad) in str(caught.value)
    bad.write_text("채무\t빚\n채무\t갚을 돈\n", encoding="utf-8")
    with pytest.raises(DataError, match="listed twice"):
        read_glossary(bad)


def test_the_bundled_glossary_reads_and_rewrites_everyday_words() -> None:
    glossary = read_glossary(GLOSSARY)
    assert len(glossary) >= 200
    assert all(term not in alternatives for term, alternatives in glossary.items())
    text, count = Rewriter(glossary).rewrite("임차인은 차임을 지급하여야 한다.", random.Random(0))
    assert count >= 1 and text != "임차인은 차임을 지급하여야 한다."


CORPUS = {
    "민법|1": {
        "law": "민법",
        "article": "1",
        "title": "임차인의 해지",
        "text": "① 임차인이 차임을 2기 연체한 경우에는 임대인은 계약을 해지할 수 있다. "
        "② 임대인은 채무를 이행하여야 한다.",
    },
    "민법|2": {"law": "민법", "article": "2", "title": "목적", "text": "이 법은 사법관계를 규율함을 목적으로 한다."},
}


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "terms.tsv"
    path.write_text("".join(f"{term}\t{'|'.join(words)}\n" for term, words in TERMS.items()), encoding="utf-8")
    return path


def test_plain_queries_are_deterministic_distinct_per_article_and_point_at_the_whole_article(glossary: Path) -> None:
    first = plain_queries(CORPUS, multiply=2, seed=7, glossary=glossary)
    again = plain_queries(CORPUS, multiply=2, seed=7, glossary=glossary)
    assert [e["query_text"] for e in first.examples] == [e["query_text"] for e in again.examples]
    assert len(first.examples) == 2 and len({e["query_text"] for e in first.examples}) == 2
    assert all(e["positive_passages"] == ["민법|1"] and e["generator"] == "plain" for e in first.examples)
    assert first.report.skipped == {"not a rule a person asks about": 1}
    assert first.report.made == 2 and first.report.requested == 2


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_statutes_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["statutes", *argv])
    return args.func(args)


def test_cli_generates_plain_questions_with_a_glossary_of_ones_own(
    tmp_path: Path, glossary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = tmp_path / "articles.jsonl", tmp_path / "pairs"
    corpus.write_text("\n".join(json.dumps({"id": k, **v}, ensure_ascii=False) for k, v in CORPUS.items()))
    assert run_cli(str(corpus), "--generators", "plain", "--glossary", str(glossary), "--out", str(out)) == 0
    examples = [json.loads(line) for line in (out / "examples.jsonl").read_text(encoding="utf-8").splitlines()]
    assert examples and all(e["generator"] == "plain" and e["query_text"].endswith("?") for e in examples)
    broken = tmp_path / "broken.tsv"
    broken.write_text("채무 빚\n", encoding="utf-8")
    capsys.readouterr()
    assert run_cli(str(corpus), "--generators", "plain", "--glossary", str(broken)) == 2
    assert f"{broken}, line 1" in capsys.readouterr().err


def test_plain_questions_quoting_their_article_are_one_note_and_other_quotes_still_warn() -> None:
    sample = Path(__file__).resolve().parents[2] / "datasets_spec" / "samples" / "legal_ko"
    loaded, report, _ = from_files(sample / "passages.jsonl", generators=["cloze", "title", "plain"])
    assert loaded.problems.warning_count == 0  # was 18 "quotes its own positive", one per plain question
    assert report.generators["plain"].notes[QUOTING_NOTE] == 18
    assert report.lines()[-1].endswith(f"; 18 {QUOTING_NOTE}") and QUOTING_NOTE not in report.lines()[1]

    article = "임차인은 계약이 끝나면 보증금의 반환을 청구할 수 있고 임대인은 지체 없이 이를 반환하여야 한다."
    both = Loaded("retrieval", "statutes", Path("statutes"), corpus={"a": {"text": article}})
    for generator, end in (("plain", 40), ("case", 45)):
        both.add({"query_text": article[:end], "positive_passages": ["a"], "generator": generator}, None)
    assert check_examples(both, ("plain",)) == {"plain": 1}
    assert [w.message for w in both.problems.warnings] == [
        "quotes its own positive 'a' word for word: too easy to learn from"
    ]
