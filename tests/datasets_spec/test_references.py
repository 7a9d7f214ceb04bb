"""The 참조조문 parser reads every court citation form we meet and reports, never drops, what it cannot read."""

from __future__ import annotations

import pytest

from datasets_spec.formats.references import ArticleRef, parse_references


def ref(law: str, article: str, paragraph: str | None = None, item: str | None = None) -> ArticleRef:
    return ArticleRef(law, article, paragraph, item)


CASES = [
    # several laws, law carried over to following articles
    ("민법 제750조", [ref("민법", "750")]),
    ("민법 제750조, 제751조, 상법 제24조", [ref("민법", "750"), ref("민법", "751"), ref("상법", "24")]),
    ("민법 제750조 제751조", [ref("민법", "750"), ref("민법", "751")]),
    # 항 and 호, carried over across separators
    ("근로기준법 제26조 제1항 제2호", [ref("근로기준법", "26", "1", "2")]),
    ("민법 제750조 제1항, 제2항", [ref("민법", "750", "1"), ref("민법", "750", "2")]),
    ("근로기준법 제26조 제2항 제2호, 제3호", [ref("근로기준법", "26", "2", "2"), ref("근로기준법", "26", "2", "3")]),
    ("건축법 제2조 제3호", [ref("건축법", "2", None, "3")]),
    ("건축법 제2조 제1항 제2호의3", [ref("건축법", "2", "1", "2의3")]),
    ("민법 제750조 제1항 제2호, 제2항", [ref("민법", "750", "1", "2"), ref("민법", "750", "2")]),
    ("민법제750조제1항", [ref("민법", "750", "1")]),
    # 조의N
    ("형법 제10조의2", [ref("형법", "10의2")]),
    ("형법 제5조의2 제1항", [ref("형법", "5의2", "1")]),
    ("주택임대차보호법 제3조의2", [ref("주택임대차보호법", "3의2")]),
    # 구 and parentheticals
    ("구 근로기준법(2019. 1. 15. 법률 제16270호로 개정되기 전의 것) 제56조", [ref("근로기준법", "56")]),
    ("구 민법(1990. 1. 13. 법률 제4199호로 개정되기 전의 것) 제1000조", [ref("민법", "1000")]),
    ("근로기준법 제56조(현행 제56조 제1항 참조), 제57조", [ref("근로기준법", "56"), ref("근로기준법", "57")]),
    ("구강보건법 제3조", [ref("구강보건법", "3")]),
    # back-references
    ("근로기준법 제2조, 같은 법 시행령 제2조", [ref("근로기준법", "2"), ref("근로기준법시행령", "2")]),
    ("근로기준법 제2조, 같은 법 시행규칙 제3조", [ref("근로기준법", "2"), ref("근로기준법시행규칙", "3")]),
    ("소득세법 시행령 제2조, 같은 법 제4조", [ref("소득세법시행령", "2"), ref("소득세법", "4")]),
    ("소득세법 시행령 제2조, 같은 영 제3조", [ref("소득세법시행령", "2"), ref("소득세법시행령", "3")]),
    ("민사소송규칙 제2조, 같은 규칙 제3조", [ref("민사소송규칙", "2"), ref("민사소송규칙", "3")]),
    ("민법 제1조, 동법 제2조, 동법 시행령 제3조", [ref("민법", "1"), ref("민법", "2"), ref("민법시행령", "3")]),
    ("민법 제1조, 같은 법률 제3조", [ref("민법", "1"), ref("민법", "3")]),
    ("민법 제750조 제1항, 같은 조 제2항", [ref("민법", "750", "1"), ref("민법", "750", "2")]),
    ("민법 제750조 제1항, 동조 제3항", [ref("민법", "750", "1"), ref("민법", "750", "3")]),
    ("민법 제750조 제2항, 같은 항 제2호", [ref("민법", "750", "2"), ref("민법", "750", "2", "2")]),
    (
        "구 소득세법(2010. 1. 1. 개정 전) 제1조, 구 같은 법 시행령(2010. 1. 1. 개정 전) 제2조",
        [ref("소득세법", "1"), ref("소득세법시행령", "2")],
    ),
    # multi-word law names, 및 and · inside names
    (
        "특정경제범죄 가중처벌 등에 관한 법률 제3조 제1항 제1호",
        [ref("특정경제범죄가중처벌등에관한법률", "3", "1", "1")],
    ),
    ("근로기준법 시행령 제2조", [ref("근로기준법시행령", "2")]),
    (
        "독점규제 및 공정거래에 관한 법률 제3조의2 제1항 및 민법 제5조",
        [ref("독점규제및공정거래에관한법률", "3의2", "1"), ref("민법", "5")],
    ),
    (
        "근로기준법 제23조, 노동조합 및 노동관계조정법 제81조 제1항 제4호",
        [ref("근로기준법", "23"), ref("노동조합및노동관계조정법", "81", "1", "4")],
    ),
    ("아동·청소년의 성보호에 관한 법률 제2조", [ref("아동·청소년의성보호에관한법률", "2")]),
    ("서울특별시 도시계획 조례 제5조", [ref("서울특별시도시계획조례", "5")]),
    ("협동조합 기본법 제2조, 다목적댐법 제3조", [ref("협동조합기본법", "2"), ref("다목적댐법", "3")]),
    ("「민법」 제750조", [ref("민법", "750")]),
    # separators and 판시사항 markers
    (
        "민법 제750조 / 제751조 · 제752조ㆍ제753조 및 제754조",
        [ref("민법", "750"), ref("민법", "751"), ref("민법", "752"), ref("민법", "753"), ref("민법", "754")],
    ),
    (
        "국가공무원법 제78조 제1항 제1호·제3호",
        [ref("국가공무원법", "78", "1", "1"), ref("국가공무원법", "78", "1", "3")],
    ),
    ("[1] 민법 제750조 [2] 민법 제763조, 제393조", [ref("민법", "750"), ref("민법", "763"), ref("민법", "393")]),
    ("[1] 민법 제750조 [2] 같은 법 제751조", [ref("민법", "750"), ref("민법", "751")]),
    ("[1] 민법 제750조 제1항 [2] 제2호", [ref("민법", "750", "1"), ref("민법", "750", "1", "2")]),
    # finer than 호 or qualifying the article: read, left out
    ("헌법 제10조 전문, 제37조 제2항 단서", [ref("헌법", "10"), ref("헌법", "37", "2")]),
    ("민법 제2조 제1항 제1호 가목, 나목", [ref("민법", "2", "1", "1")]),
    ("민법 제2조 각 호 외의 부분 본문", [ref("민법", "2")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text for text, _ in CASES])
def test_reads_form(text: str, expected: list[ArticleRef]) -> None:
    parsed = parse_references(text)
    assert parsed.refs == expected
    assert parsed.unparsed == []
    assert parsed.ok


@pytest.mark.parametrize(
    ("text", "refs", "unparsed"),
    [
        ("민법 제칠백오십조", [], ["민법 제칠백오십조"]),
        ("제750조", [], ["제750조"]),
        ("아무 의미 없는 문장", [], ["아무 의미 없는 문장"]),
        ("제750조, 민법 제1조 참조", [ref("민법", "1")], ["제750조", "참조"]),
        ("민법 제750조, 제칠백오십일조, 상법 제24조", [ref("민법", "750"), ref("상법", "24")], ["제칠백오십일조"]),
        # context is lost after unread text, so the following 제3조 is not pinned on 민법
        ("민법 부칙 제2조, 제3조, 상법 제1조", [ref("상법", "1")], ["민법 부칙 제2조, 제3조"]),
        ("민법 제1조 내지 제3조", [ref("민법", "1")], ["내지 제3조"]),
        ("같은 법 제2조", [], ["같은 법 제2조"]),
        ("근로기준법 제26조, 같은 영 제2조", [ref("근로기준법", "26")], ["같은 영 제2조"]),
        ("민법 제1항", [], ["민법 제1항"]),
        ("법률 제16270호", [], ["법률 제16270호"]),
        ("민법 제750조, 상법", [ref("민법", "750")], ["상법"]),
        ("민법 제750조, 제751조 (미완", [ref("민법", "750"), ref("민법", "751")], ["(미완"]),
    ],
)
def test_reports_what_it_cannot_read(text: str, refs: list[ArticleRef], unparsed: list[str]) -> None:
    parsed = parse_references(text)
    assert parsed.refs == refs
    assert parsed.unparsed == unparsed
    assert not parsed.ok


def test_empty_string_is_fully_read() -> None:
    parsed = parse_references("")
    assert parsed.refs == [] and parsed.unparsed == [] and parsed.ok


def test_duplicates_removed_in_order_of_first_appearance() -> None:
    parsed = parse_references("[1] 민법 제750조, 상법 제24조 [2] 민법 제750조, 제750조 제1항, 상법 제24조")
    assert parsed.refs == [ref("민법", "750"), ref("상법", "24"), ref("민법", "750", "1")]


def test_to_dict_and_passage_id() -> None:
    bare, detailed = parse_references("근로기준법 제26조, 제10조의2 제1항 제2호").refs
    assert bare.to_dict() == {"law": "근로기준법", "article": "26"}
    assert detailed.to_dict() == {"law": "근로기준법", "article": "10의2", "paragraph": "1", "item": "2"}
    assert detailed.passage_id == "근로기준법|10의2"
