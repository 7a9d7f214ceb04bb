"""Pseudo-labels for a question log: kept only where BM25 and the model agree, never a passage the corpus lacks,
negatives from below the label; the log read with its lines; the CLI stores what it kept with both ranks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.knobs import ConfigError
from core.models.names import MINILM
from datasets_spec import store
from datasets_spec.question_log import read_question_log
from training.__main__ import main
from training.retrieval.pseudo_label import PseudoLabelOptions, agree, label, negatives

CORPUS = {f"p{i}": {} for i in range(1, 21)}
PASSAGES = Path(__file__).resolve().parents[2] / "datasets_spec" / "samples" / "legal_ko" / "passages.jsonl"


def hits(*ids: str, top: float = 0.9, step: float = 0.05) -> list[tuple[str, float]]:
    return [(pid, round(top - n * step, 4)) for n, pid in enumerate(ids)]


def test_kept_where_both_rank_the_same_passage_high() -> None:
    found = agree(hits("p3", "p1", "p2"), hits("p1", "p4", "p3"), CORPUS, PseudoLabelOptions(depth=3))
    assert found.passage == "p1" and (found.bm25_rank, found.model_rank) == (2, 1)
    assert found.margin == pytest.approx(0.05)


def test_left_out_when_they_disagree_or_the_model_prefers_another() -> None:
    options = PseudoLabelOptions(depth=2)
    assert agree(hits("p1", "p2"), hits("p3", "p4"), CORPUS, options) == "no_agreement"
    # p2 is in both top-2, but the model's own first choice is p4: with margin 0 the label must be its first
    assert agree(hits("p2", "p5"), hits("p4", "p2"), CORPUS, options) == "margin"
    wide = PseudoLabelOptions(depth=2, margin=0.2)
    assert agree(hits("p1"), hits("p1", "p2", top=0.9, step=0.1), CORPUS, wide) == "margin", "0.1 < 0.2"


def test_never_a_passage_the_corpus_lacks() -> None:
    assert agree(hits("gone", "p1"), hits("gone", "p2"), CORPUS, PseudoLabelOptions()) == "absent"


def test_negatives_come_from_below_the_label_and_never_are_it() -> None:
    options = PseudoLabelOptions(num_negatives=3, negatives_from=3)
    ranked = hits("p1", "p2", "p3", "p4", "p5", "p6")
    chosen = negatives(ranked, ranked, "p1", options)
    assert chosen == ["p3", "p4", "p5"], "fused rank 2 (p2) is skipped: another right answer often sits there"


def test_label_reports_every_question() -> None:
    examples, report = label(
        ["a", "b", "c"],
        [hits("p1"), hits("p2"), hits("gone")],
        [hits("p1"), hits("p9"), hits("gone")],
        CORPUS,
        PseudoLabelOptions(),
    )
    assert [e["positive_passages"] for e in examples] == [["p1"]]
    assert examples[0]["pseudo_label"] == {"bm25_rank": 1, "model_rank": 1, "margin": 0.9}
    assert report == {"questions": 3, "kept": 1, "left_out": {"no_agreement": 1, "margin": 0, "absent": 1}}


def test_options_are_checked_together() -> None:
    with pytest.raises(ConfigError, match="pool = 5"):
        PseudoLabelOptions(depth=10, pool=5)


def test_question_log_lines_repeats_and_errors(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    lines = ["# 상담 게시판", "전세 보증금을 못 받았어요", "", "전세  보증금을 못 받았어요", "월세를 올린대요"]
    log.write_text("\n".join(lines) + "\n", encoding="cp949")
    read = read_question_log(log)
    assert read.questions == ["전세 보증금을 못 받았어요", "월세를 올린대요"] and read.lines == [2, 5]
    assert read.repeats == 1 and read.problems.ok
    bad = tmp_path / "log.jsonl"
    bad.write_text('{"question": "해고 예고 수당은?"}\n{"answer": "x"}\n', encoding="utf-8")
    said = str(read_question_log(bad).problems.errors[0])
    assert "log.jsonl" in said and "line 2" in said and "question" in said


@pytest.mark.slow
def test_cli_stores_only_agreed_pairs_with_their_ranks(data_dir: Path, tmp_path: Path, capsys) -> None:
    passages = [json.loads(line) for line in PASSAGES.read_text(encoding="utf-8").splitlines()]
    corpus = tmp_path / "passages.jsonl"
    rows = [*passages[:60], {"id": "삭제|1", "title": "", "text": ""}]  # a deleted article: skipped, counted
    corpus.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in rows), encoding="utf-8")
    # Questions that name an article's own title (both retrievers should find it) and one that shares nothing
    questions = [f"{p['title']}에 대해 알려주세요" for p in passages[:12]] + ["zzzz qqqq"]
    log = tmp_path / "questions.txt"
    log.write_text("\n".join(questions), encoding="utf-8")
    argv = ["pseudo-label", "--questions", str(log), "--corpus", str(corpus), "--name", "log-pairs"]
    assert main([*argv, "--model", MINILM, "--max-seq-length", "64", "--pool", "20", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == 13 and report["empty_passages"] == 1
    assert 1 <= report["kept"] <= 12 and report["encoded"] <= 60
    assert report["kept"] + sum(report["left_out"].values()) == 13
    dataset = store.load("log-pairs")
    kept = dataset.train + dataset.validation
    assert len(kept) == report["kept"]
    for example in kept:
        assert example["positive_passages"][0] in dataset.corpus
        assert example["pseudo_label"]["model_rank"] == 1 and example["pseudo_label"]["bm25_rank"] <= 10
        assert example["positive_passages"][0] not in example["hard_negatives"]
        assert example["query_text"] != "zzzz qqqq"
    assert dataset.manifest["made_by"]["generator"] == "pseudo-label"


def test_hybrid_rule_labels_the_fused_first_even_without_agreement() -> None:
    options = PseudoLabelOptions(rule="hybrid")
    found = agree(hits("p1", "p2", "p3"), hits("p2", "p4", "p1"), CORPUS, options)
    assert found.passage == "p2", "ranked 2nd and 1st beats 1st and 3rd in the fusion"
    assert (found.bm25_rank, found.model_rank) == (2, 1) and found.margin > 0
    alone = agree(hits("p5"), hits("p6"), CORPUS, options)
    assert alone.passage in {"p5", "p6"}, "no agreement needed: the hybrid always has a first"
    assert agree(hits("gone"), hits("gone"), CORPUS, options) == "absent"
