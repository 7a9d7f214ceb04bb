"""Legal queries without labels: sentence splitting, inverse cloze, title questions, case queries without their
citations, multiply, and the bundled sample stored end to end (split by article) through the CLI."""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from datasets_spec import store
from datasets_spec.augment.legal.articles import clean, read_articles, split_article
from datasets_spec.augment.legal.build import generate
from datasets_spec.augment.legal.cases import case_queries, strip_citations
from datasets_spec.augment.legal.cli import add_statutes_command
from datasets_spec.augment.legal.queries import attach_particles
from datasets_spec.augment.legal.statutes import inverse_cloze, title_queries
from datasets_spec.errors import DataError
from datasets_spec.formats.legal import Case, read_cases
from datasets_spec.formats.references import parse_references

SAMPLE = Path(__file__).resolve().parents[2] / "datasets_spec" / "samples" / "legal_ko"
PASSAGES, CASES = SAMPLE / "passages.jsonl", SAMPLE / "cases.jsonl"
CITATION = re.compile(r"제\s*\d+\s*조")

# The law.go.kr export: paragraphs on their own lines, escaped item numbers, amendment notes.
EXPORT = (
    "① 위원회는 다음 각 호의 사항을 심의ㆍ의결한다. <개정 2013.5.22, 2016.2.3>\n\n"
    "  1\\. 삭제 <2016.2.3>\n"
    "  2\\. 피해자등의 명예회복에 관한 사항\n"
    "  3\\. 피해자에 대한 의료지원금 지급에 관한 사항\n\n"
    "② 위원회는 위원장을 포함한 11인 이내의 위원으로 구성한다.\n\n"
    "③ 그 밖에 위원회의 조직ㆍ운영에 필요한 사항은 대통령령으로 정한다. <개정 2023.8.8>"
)


def article(law: str, number: str, title: str, text: str) -> tuple[str, dict]:
    return f"{law}|{number}", {"law": law, "article": number, "title": title, "text": text}


CORPUS = dict(
    [
        article(
            "민법",
            "750",
            "불법행위의 내용",
            "제750조(불법행위의 내용) 고의 또는 과실로 인한 위법행위로 타인에게 손해를 가한 자는 그 손해를 "
            "배상할 책임이 있다. 다만, 손해의 발생에 피해자의 과실이 있는 때에는 법원은 이를 참작하여야 한다.",
        ),
        article("민법", "751", "재산 이외의 손해의 배상", "제751조(재산 이외의 손해의 배상) " + EXPORT),
        article("민법", "752", "목적", "이 법은 사람의 권리와 의무에 관한 기본적인 사항을 정함을 목적으로 한다."),
        article("상법", "1", "목적", "이 법은 상인의 영업과 상행위에 관한 기본적인 사항을 정함을 목적으로 한다."),
        article("상법", "2", "", "삭제 <2010.5.14>"),
    ]
)


def pairs_by(examples: list[dict], generator: str) -> list[dict]:
    return [e for e in examples if e["generator"] == generator]


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        (  # inline markers, two sentences in ①, a heading that is the article's own
            "제5조(미성년자의 능력) ① 미성년자가 법률행위를 하려면 동의를 얻어야 한다. 다만, 권리만을 얻는 행위는 "
            "그러하지 아니하다. ② 제1항을 위반한 법률행위는 취소할 수 있다.",
            [("①", 2), ("②", 1)],
        ),
        (EXPORT, [("①", 1), ("2.", 1), ("3.", 1), ("②", 1), ("③", 1)]),  # notes and the deleted item 1 dropped
        (  # inline items in sequence; the date inside the parenthesis is not a list, nor is "한다." inside it
            "소멸시효는 다음 각 호의 사유로 중단된다(2007. 4. 11. 개정된 것을 말한다. 이하 같다). 1. 재판상 청구 "
            "2. 압류 또는 가압류 3. 채무자의 승인",
            [("", 1), ("1.", 1), ("2.", 1), ("3.", 1)],
        ),
        (  # one sentence: split at its clauses
            "수임인은 선량한 관리자의 주의로 사무를 처리하여야 하며, 위임이 끝난 때에는 그 결과를 보고하여야 한다.",
            [("", 2)],
        ),
        ("삭제 <2016.2.3>", []),
    ],
)
def test_articles_split_into_paragraphs_items_and_sentences(text: str, blocks: list[tuple[str, int]]) -> None:
    split = split_article(text, "5")
    assert [(b.marker, len(b.sentences)) for b in split.blocks] == blocks
    assert "<" not in " ".join(s for b in split.blocks for s in b.sentences)


def test_a_heading_is_kept_apart_but_a_leading_cross_reference_is_text() -> None:
    assert split_article("제5조(미성년자의 능력) ① 가. ② 나.", "5").heading == "제5조(미성년자의 능력)"
    assert split_article("제10조제3항을 위반한 자는 처벌한다.", "17").heading == ""
    assert (
        clean("① 첫째 문장이다. <개정 2020.1.1>\n\n  1\\. 삭제 <2016.2.3>\n[본조신설 2010.1.1]") == "① 첫째 문장이다."
    )


def test_cloze_query_is_a_sentence_that_its_positive_no_longer_contains() -> None:
    made = inverse_cloze(CORPUS, multiply=3, seed=3)
    assert made.examples
    for example in made.examples:
        (pid,) = example["positive_passages"]
        positive, source = made.passages[pid], CORPUS[example["article"]]
        assert example["query_text"] not in positive["text"]
        assert example["query_text"].rstrip(",") in " ".join(source["text"].split()) or "\\" in source["text"]
        assert pid.startswith(f"{example['article']}#ict")
        assert (positive["law"], positive["title"], positive["cloze_of"]) == (
            source["law"],
            source["title"],
            example["article"],
        )
    report = made.report
    assert report.skipped["deleted"] == 1 and "상법|2" in report.skipped_ids["deleted"]
    assert report.skipped["one sentence"] == 2  # the two 목적 articles
    assert report.requested - report.made == report.unmade > 0  # 민법|750 has two sentences, not three


def test_a_sentence_shared_by_articles_is_not_a_cloze_query() -> None:
    shared = "그 밖에 위원회의 조직과 운영에 필요한 사항은 대통령령으로 정한다."
    corpus = dict(
        article("A법", str(n), f"제목{n}", f"① 이 조의 고유한 첫째 문장은 번호 {n}에 관한 것이다. ② {shared}")
        for n in (1, 2)
    )
    queries = [e["query_text"] for e in inverse_cloze(corpus, multiply=2).examples]
    assert queries and shared not in queries


def test_title_questions_use_the_law_when_the_title_is_shared_and_attach_particles() -> None:
    made = title_queries(CORPUS, multiply=3, seed=1)
    by_article = defaultdict(list)
    for example in made.examples:
        by_article[example["article"]].append(example["query_text"])
    assert all(len(set(qs)) == len(qs) == 3 for qs in by_article.values())  # multiply: distinct templates
    assert all("민법" in q for q in by_article["민법|752"]) and all("상법" in q for q in by_article["상법|1"])
    assert not any("요건" in q for q in by_article["민법|752"])  # 목적 has no 요건
    assert not any("(는)" in q or "(가)" in q for qs in by_article.values() for q in qs)
    assert made.report.skipped == {"deleted": 1}
    assert attach_particles("민법은(는) 정의은(는) 제3조이(가) 형법과(와)") == "민법은 정의는 제3조가 형법과"


CITED = [
    ("민법 제750조에 따라 손해배상을 청구할 수 있는지 여부", "민법 제750조", "손해배상을 청구할 수 있는지 여부"),
    (
        "근로기준법 제23조 제1항을 위반한 해고가 무효인지",
        "근로기준법 제23조 제1항",
        "관련 규정을 위반한 해고가 무효인지",
    ),
    (
        "특정경제범죄 가중처벌 등에 관한 법률 제3조 제1항 제1호의 이득액 산정 방법",
        "특정경제범죄 가중처벌 등에 관한 법률 제3조 제1항 제1호",
        "이득액 산정 방법",
    ),
    (
        "구 근로기준법(2007. 4. 11. 법률 제8372호로 전부 개정되기 전의 것) 제56조에서 정한 가산임금의 계산",
        "구 근로기준법(2007. 4. 11. 법률 제8372호로 전부 개정되기 전의 것) 제56조",
        "가산임금의 계산",
    ),
    ("민법상 사용자책임(제756조)의 요건을 갖추었는지", "민법 제756조", "사용자책임의 요건을 갖추었는지"),
    (
        "「민법」 제750조, 제756조 및 상법 제24조가 정한 책임의 범위",
        "민법 제750조, 제756조, 상법 제24조",
        "책임의 범위",
    ),
    ("근로기준법이 적용되는 사업장에서 노동조합과 협의 없이 한 해고", "근로기준법 제24조", None),
    (
        "민법 제103조, 제104조 소정의 반사회질서 법률행위에 해당하는지 여부",
        "민법 제103조, 제104조",
        "반사회질서 법률행위에 해당하는지 여부",
    ),
    ("피고인의 행위가 형법 제20조에 해당하는지 여부", "형법 제20조", "피고인의 행위가 관련 규정에 해당하는지 여부"),
    ("같은 법 시행령 제2조 제1항에 규정된 상시 근로자 수의 산정", "근로기준법 시행령 제2조", "상시 근로자 수의 산정"),
]


@pytest.mark.parametrize(("query", "references", "expected"), CITED)
def test_case_queries_lose_their_citations_and_the_cited_laws(query: str, references: str, expected: str) -> None:
    laws = [ref.law for ref in parse_references(references).refs]
    stripped = strip_citations(query, laws)
    assert not CITATION.search(stripped)
    assert not any(law in stripped.replace(" ", "") for law in laws)
    if expected is not None:
        assert stripped == expected
    assert "노동조합" in stripped or "노동조합" not in query  # "동조" inside a word is not 같은 조


def test_case_examples_take_positives_from_references_and_report_what_they_cannot_use() -> None:
    cases = [
        Case("c1", "민법 제750조에 따라 손해배상을 청구할 수 있는지 여부", "민법 제750조"),
        Case("c2", "민법 제751조의 해석", "민법 제751조"),  # nothing left once the citation is gone
        Case("c3", "형법상 사기죄가 성립하는지 여부", "형법 제347조"),  # not in the corpus
        Case("c4", "손해배상을 청구할 수 있는지 여부", "민법 제750조, 제9999조"),  # same query as c1, once stripped
    ]
    made = case_queries(CORPUS, cases, multiply=3, seed=5)
    first = [e for e in made.examples if e["query_id"].startswith("case:c1#")]
    assert [e["positive_passages"] for e in first] == [["민법|750"]] * 3
    assert first[0]["query_text"] == "손해배상을 청구할 수 있는지 여부"  # the first variant is the query itself
    assert len({e["query_text"] for e in first}) == 3
    assert made.report.skipped == {"nothing left but the citation": 1, "no cited article in the corpus": 1}
    assert made.report.notes["cited articles not in the corpus"] == 2
    loaded, report = generate(CORPUS, cases, generators=["case"], seed=5)
    assert report.generators["case"].duplicates == 1  # c4 repeats c1 word for word, for the same article
    assert len(loaded.examples) == 1 and report.generators["case"].unmade == 1


def test_same_seed_same_pairs_and_other_seeds_choose_differently() -> None:
    cases = read_cases(CASES)
    corpus, _ = read_articles(PASSAGES)
    runs = [generate(corpus, cases, generators=["cloze", "title", "case"], multiply=2, seed=s) for s in (7, 7, 8)]
    (a, _), (b, _), (c, _) = runs
    assert a.examples == b.examples and a.corpus == b.corpus
    assert a.examples != c.examples
    keys = [(e["query_text"], e["article"]) for e in a.examples]
    assert len(keys) == len(set(keys))  # no exact repeats
    assert a.problems.ok and not a.problems.warnings


def test_read_articles_from_gzip_leaves_out_empty_articles_and_locates_bad_rows(tmp_path: Path) -> None:
    rows = [{"id": pid, **p} for pid, p in CORPUS.items()] + [
        {"id": "민법|753", "law": "민법", "article": "753", "title": "", "text": ""}
    ]
    packed = tmp_path / "articles.jsonl.gz"
    packed.write_bytes(gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()))
    corpus, empty = read_articles(packed)
    assert list(corpus) == list(CORPUS) and empty == ["민법|753"]
    assert list(read_articles(packed, limit=2)[0]) == ["민법|750", "민법|751"]
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps({"id": "x", "title": "t", "text": "본문이다."}) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 1, field 'law'"):
        read_articles(broken)


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_statutes_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["statutes", *argv])
    return args.func(args)


def test_the_sample_is_stored_split_by_article_with_how_it_was_made(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(PASSAGES), "--cases", str(CASES), "--multiply", "2", "--seed", "3", "--name", "statutes-sample"]
    assert run_cli(*argv, "--preview", "3", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["generators"]) == {"cloze", "title", "case"} and len(report["preview"]) == 3
    assert {row["generator"] for row in report["preview"]} == {"cloze", "title", "case"}  # one of each, in turn
    dataset = store.load("statutes-sample")
    assert dataset.manifest["split"] == {"by": "article", "validation_ratio": 0.2, "seed": 3}
    made_by = dataset.manifest["made_by"]
    assert made_by["generator"] == "statutes" and made_by["seed"] == 3
    assert made_by["parameters"]["multiply"] == 2 and made_by["sources"] == [str(PASSAGES), str(CASES)]
    train_articles = {e["article"] for e in dataset.train}
    assert dataset.validation and not train_articles & {e["article"] for e in dataset.validation}
    assert all(pid in dataset.corpus for e in dataset.train + dataset.validation for pid in e["positive_passages"])
    assert report["examples"] == len(dataset.train) + len(dataset.validation)
    assert dataset.manifest["leaked_count"] == 0
    assert run_cli(*argv) == 2 and "already exists" in capsys.readouterr().err


def test_cli_writes_pairs_previews_and_rejects_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pairs"
    assert run_cli(str(PASSAGES), "--generators", "cloze", "--limit", "20", "--out", str(out), "--preview", "2") == 0
    printed = capsys.readouterr().out
    assert printed.startswith("20 articles, 0 cases") and printed.count("--- cloze") == 2 and "wrote:" in printed
    examples = [json.loads(line) for line in (out / "examples.jsonl").read_text(encoding="utf-8").splitlines()]
    assert examples and all(e["generator"] == "cloze" for e in examples)
    assert run_cli(str(PASSAGES), "--generators", "case") == 2
    assert "no cases were given" in capsys.readouterr().err
    assert run_cli(str(PASSAGES), "--multiply", "0") == 2
    with pytest.raises(SystemExit):
        run_cli(str(PASSAGES), "--generators", "cloze,summaries")
