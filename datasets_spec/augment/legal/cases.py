"""Case queries without their citations: "민법 제750조에 따라 …" names the answer, so a model trained on it learns
to read article numbers instead of the situation. The citations and the cited laws' names are taken out (or, where
grammar needs a noun, replaced by "관련 규정" / "관련 법령"); the positives still come from the 참조조문.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from datasets_spec.augment.legal.queries import Generated, GeneratorReport, attach_particles, item_rng, make_example
from datasets_spec.formats.legal import Case, passages_of
from datasets_spec.formats.references import parse_references
from datasets_spec.pairs import build_pairs

MIN_CASE_CHARS = 10  # what is left of "민법 제750조의 해석" says nothing about the situation
# Ours. The first is the query as it is; "{body}" is the query without its closing punctuation.
CASE_TEMPLATES = (
    "{query}",
    "다음 사안에 적용되는 조문은? {query}",
    "{body}에 적용할 법 조항을 찾아 주세요.",
    "사안: {query} 근거 조문은?",
    "{body}과(와) 관련된 규정",
)

_WORD_LAW = r"[가-힣0-9ㆍ·]*(?:법률|법|시행령|시행규칙|령|규칙)"  # a law written as one word: 근로기준법
_SAME_LAW = r"(?<![가-힣])(?:같은\s*법(?:\s*시행[령규칙]+)?|동법)"  # not the 동법 inside 이동법
_PAREN = r"(?:\s*\((?:[^()]|\([^()]*\))*\))?"  # (2007. 4. 11. 법률 제8372호로 개정되기 전의 것)
_ARTICLE = r"제\s*\d+\s*조(?:\s*의\s*\d+)?"
_DETAIL = (
    r"(?:\s*제\s*\d+\s*항|\s*제\s*\d+\s*호(?:\s*의\s*\d+)?|\s*\d+\s*[항호](?![가-힣])|\s*\(?[가나다라마바사아자차카타파하]\)?\s*목"
    r"|\s*(?:본문|단서|전단|후단|전문|후문)(?![가-힣]))*"
)
_JOIN = r"\s*(?:,|및|또는|내지|ㆍ|·|/|와|과|부터)\s*"
# after a citation, attached: phrases that only point at it go, particles that carry grammar keep a noun
_ADVERB = (
    r"\s*소정의|에\s*따라|에\s*따른|에\s*의하여|에\s*의한|에\s*의해|에서\s*정한|에서\s*정하는|에\s*정한"
    r"|에\s*규정된|에\s*규정한|에\s*관한|에\s*관하여|에\s*대한|에\s*대하여|에\s*비추어"
    r"|[이가]\s*정한|[이가]\s*정하는|상의|상|의"
)
_ARGUMENT = r"을|를|이|가|은|는|과|와|으로|로|에서는|에서|에는|에"
_TAIL = rf"(?:(?P<adverb>{_ADVERB})|(?P<argument>{_ARGUMENT})(?=[\s,.?!」)]|$))?"
_FINAL_FORM = {"를": "을", "가": "이", "는": "은", "와": "과", "로": "으로"}  # after 규정 and 법령 (받침 ㅇ)


def _spaced(law: str) -> str:
    """A compact law name as it may be written in prose: "특정경제범죄 가중처벌 등에 관한 법률"."""
    return r"\s*".join("[ㆍ·・]" if ch in "ㆍ·" else re.escape(ch) for ch in law)


@lru_cache(maxsize=4096)
def _patterns(laws: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """(citations, the cited laws' names standing alone) for one case's cited laws, longest name first."""
    names = "|".join(_spaced(law) for law in sorted(laws, key=len, reverse=True))
    law = rf"(?:(?<![가-힣])구\s+)?「?(?:{names + '|' if names else ''}{_SAME_LAW}|{_WORD_LAW})」?{_PAREN}"
    bare = r"\d+\s*조(?:\s*의\s*\d+)?(?![원억만천])"  # "민법 750조" but not "3조원"
    same_article = r"(?<![가-힣])(?:같은\s*조|동조)"  # not the 동조 inside 노동조합
    cite = rf"(?:{law}\s*(?:{_ARTICLE}|{bare})|{_ARTICLE}|제\s*\d+\s*항|{same_article}){_DETAIL}{_PAREN}"
    citations = re.compile(rf"{cite}(?:{_JOIN}{cite})*(?:\s*까지)?{_TAIL}")
    alone = re.compile(rf"(?<![가-힣])(?:구\s+)?「?(?:{names})」?{_PAREN}{_TAIL}") if names else None
    return citations, alone


def _replace(noun: str) -> Callable[[re.Match[str]], str]:
    """Drop a citation and what only points at it; keep a noun where a particle carries the sentence."""

    def replace(m: re.Match[str]) -> str:
        if m["argument"]:
            return f" {noun}{_FINAL_FORM.get(m['argument'], m['argument'])}"
        return " "

    return replace


def strip_citations(text: str, laws: tuple[str, ...] | list[str] = ()) -> str:
    """`text` without article citations (제N조, 같은 법 제N조 제M항, 「…법」 N조) and without the names of `laws`
    (compact, as the 참조조문 parser gives them; spaced or quoted forms in the text are found too)."""
    citations, alone = _patterns(tuple(sorted(set(laws))))
    text = citations.sub(_replace("관련 규정"), text)
    if alone is not None:
        text = alone.sub(_replace("관련 법령"), text)
    text = re.sub(r"\(\s*\)|「\s*」|\[\s*\]", "", text)
    text = re.sub(r"\s+([,.?!)」])", r"\1", re.sub(r"\s+", " ", text))
    text = re.sub(r"(?:,\s*){2,}", ", ", text)
    return re.sub(r"^[\s,.·ㆍ/]+|[\s,·ㆍ/]+$", "", text)


def case_queries(
    corpus: dict[str, dict], cases: list[Case], *, multiply: int = 1, seed: int = 42, min_chars: int = MIN_CASE_CHARS
) -> Generated:
    """Each case's query, citations removed, against the articles its 참조조문 cite (the rule of `pairs.py`);
    variants beyond the first frame the same query with another of `CASE_TEMPLATES`."""
    report = GeneratorReport("case")
    pairs = build_pairs(passages_of(corpus), cases, negatives_per_query=0, seed=seed)
    by_id = {case.id: case for case in cases}
    for case_id in pairs.dropped:
        report.skip("no cited article in the corpus", case_id)
    report.notes["cited articles not in the corpus"] = len(pairs.missing)
    report.notes["unreadable reference fragments"] = len(pairs.unreadable)
    report.notes["queries with citations removed"] = 0
    examples = []
    for pair in pairs.examples:
        case = by_id[pair["query_id"]]
        laws = tuple(ref.law for ref in parse_references(case.references).refs)
        query = strip_citations(case.query, laws)
        if len(query) < min_chars:
            report.skip("nothing left but the citation", case.id)
            continue
        report.notes["queries with citations removed"] += query != case.query.strip()
        templates = list(CASE_TEMPLATES[1:])
        item_rng(seed, "case", case.id).shuffle(templates)
        body = query.rstrip(" .?!")
        positives = pair["positive_passages"]
        for k, template in enumerate([CASE_TEMPLATES[0], *templates][:multiply], start=1):
            text = attach_particles(template.format(query=query, body=body))
            examples.append(make_example(f"case:{case.id}#{k}", text, positives, "case", positives[0]))
        report.used += 1
        report.requested += multiply
        report.made += min(multiply, len(CASE_TEMPLATES))
    return Generated(examples, {}, report)
