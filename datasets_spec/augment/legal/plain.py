"""Plain-language questions (issue #8): a statute sentence asked the way a person without legal training would ask
it. People write "빚을 안 갚으면 …", the law says "채무를 이행하지 아니한 때에는 …"; inverse cloze and title
questions keep the law's own words, so a retriever trained on them learns nothing about that gap.

Each question is made from one sentence of an article, in four steps, every one ours and rule-based:
1. citations go ("제3조제1항에 따른" names the answer and nobody types it), as for cases (`cases.strip_citations`);
2. legal terms become everyday words from a glossary (`plain_ko.tsv`, ours; `--glossary` for your own), the
   particle after each fixed (채무를 → 빚을);
3. a sentence with a situation ("… 경우에는", "… 때에는", "… 사람은") keeps only the situation and asks what
   follows, as people describe their case and ask the consequence; any other is turned into a question at its
   ending (할 수 있다 → 할 수 있나요?);
4. a question that had no legal term to rewrite is dropped: it would be the sentence again.

The positive is the whole article: the rewritten words are what the model must learn to match to the law's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from datasets_spec.augment.legal.articles import split_article
from datasets_spec.augment.legal.cases import strip_citations
from datasets_spec.augment.legal.queries import (
    Generated,
    GeneratorReport,
    final_consonant,
    item_rng,
    make_example,
    particle_after,
)
from datasets_spec.errors import DataError

GLOSSARY = Path(__file__).with_name("plain_ko.tsv")
MIN_QUESTION_CHARS = 12
MAX_QUESTION_CHARS = 110  # people ask in a line; a 200-character situation is the law, not a question
MIN_SITUATION_CHARS = 8  # "그 경우에는" is no situation

# a term is rewritten only as a whole word: at a word start, followed by a particle or nothing (채무자 stays)
_PARTICLE = r"(?:으로|로|은|는|이|가|을|를|과|와|의|에게|에서|에|도|만|및|까지|부터|이나|나|란|이란)"
_PERSON = re.compile(r"(?P<verb>[가-힣])\s자(?P<particle>는|가|의|에게|를|와|로서|로|도)?(?=\s|$)")
_ASIDE = re.compile(r"\s*\([^()]*\)")  # (賃貸人), (그 밖에 … 포함한다): the law's precision, not a question's
_STYLE = (  # the law's written forms → the spoken ones a question uses, longest first
    ("아니한다", "않는다"),
    ("아니하는", "않는"),
    ("아니한", "않은"),
    ("아니하면", "않으면"),
    ("아니하고", "않고"),
    ("아니하여", "않아"),
    ("하여야", "해야"),
    ("하여는", "해서는"),
    ("하여", "해"),
    ("되어야", "돼야"),
)
_SITUATION = re.compile(r"^(?P<situation>.+?(?:경우에는|경우에|때에는|때에))\s")
_OFFENDER = re.compile(r"^(?P<situation>.+?사람(?:은|이|도))\s")  # who a penalty is for
_SKIP = re.compile(  # exceptions, back-references, lists, purposes and definitions: nobody asks them as such
    r"^(?:그러나|이 경우)|다만|전항|전조|전\d항|본조|각\s*호|그러하지\s*아니|이\s*법은|목적으로\s*한다"
    r"|말한다\.$|정한다\.$|한다\)\.$"
)
_PENALTY = re.compile(r"(?:징역|벌금|금고|구류|과료)[^.]*처한다\.$")
_FINE = re.compile(r"과태료를?\s*부과한다\.$")
_SITUATION_ASKS = ("어떻게 되나요?", "어떤 규정이 있나요?", "법적으로 어떻게 되나요?")


def _syllable_without_final_n(ch: str) -> str | None:
    """한 → 하, 된 → 되: the present-tense ending "ㄴ다" sits in the syllable before 다."""
    return chr(ord(ch) - 4) if final_consonant(ch) == 4 else None


def ask_ending(sentence: str) -> str | None:
    """A declarative statute sentence as a yes/no question at its ending, or None when its ending is not one of
    the forms read here (a fragment, a list heading)."""
    body = sentence.rstrip()
    if not body.endswith("다."):
        return None
    body = body[:-2]
    for tail, asked in (("이", "인가요?"), ("있", "있나요?"), ("없", "없나요?"), ("는", "나요?"), ("않", "않나요?")):
        if body.endswith(tail):
            return body[: -len(tail)] + asked
    if body.endswith("아니한"):
        return body[:-3] + "않나요?"
    stem = _syllable_without_final_n(body[-1]) if body else None
    return body[:-1] + stem + "나요?" if stem else None


def _person(m: re.Match[str]) -> str:
    """ "빼돌린 자는" → "빼돌린 사람은": 자 is a person after a verb's adnominal ending (ㄴ, ㄹ, 는, 던)."""
    if final_consonant(m["verb"]) not in (4, 8) and m["verb"] not in "는던":
        return m.group()
    return f"{m['verb']} 사람" + (particle_after("사람", m["particle"]) if m["particle"] else "")


def read_glossary(path: str | Path = GLOSSARY) -> dict[str, tuple[str, ...]]:
    """`TERM<TAB>plain|plain…` lines, # comments; a malformed line is an error naming it."""
    path = Path(path)
    glossary: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        term, tab, plain = line.partition("\t")
        alternatives = tuple(a.strip() for a in plain.split("|") if a.strip())
        if not tab or not term.strip() or not alternatives:
            raise DataError(path, number, None, "expected TERM<TAB>plain words separated by |")
        if term.strip() in glossary:
            raise DataError(path, number, None, f"{term.strip()!r} is listed twice")
        glossary[term.strip()] = alternatives
    if not glossary:
        raise DataError(path, None, None, "no terms in the glossary")
    return glossary


@dataclass
class Rewriter:
    """Glossary terms → plain words, longest term first, each choice drawn from the caller's generator."""

    glossary: dict[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        terms = "|".join(re.escape(t) for t in sorted(self.glossary, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![가-힣])(?P<term>{terms})(?P<particle>{_PARTICLE})?(?![가-힣])")

    def rewrite(self, text: str, rng) -> tuple[str, int]:
        """The text with its terms replaced, and how many were."""
        count = 0

        def replace(m: re.Match[str]) -> str:
            nonlocal count
            count += 1
            word = rng.choice(self.glossary[m["term"]])
            return word + (particle_after(word, m["particle"]) if m["particle"] else "")

        return self.pattern.sub(replace, text), count


def plain_question(sentence: str, law: str, rewriter: Rewriter, rng) -> tuple[str | None, str]:
    """(question, "") or (None, why not), for one sentence of an article of `law`."""
    if _SKIP.search(sentence):
        return None, "not a rule a person asks about"
    text = strip_citations(sentence, (law,)) if law else sentence
    while _ASIDE.search(text):
        text = _ASIDE.sub("", text)
    text = _PERSON.sub(_person, text)
    for written, spoken in _STYLE:
        text = text.replace(written, spoken)
    text, rewritten = rewriter.rewrite(text, rng)
    if not rewritten:
        return None, "no legal term to rewrite"
    situation = _SITUATION.match(text)
    if _PENALTY.search(text) or _FINE.search(text):
        situation = situation or _OFFENDER.match(text)
        if not situation:
            return None, "no situation to ask about"
        ask = "어떤 처벌을 받나요?" if _PENALTY.search(text) else "과태료를 내나요?"
        question = f"{situation['situation']} {ask}"
    elif situation and len(situation["situation"]) >= MIN_SITUATION_CHARS:
        question = f"{situation['situation']} {rng.choice(_SITUATION_ASKS)}"
    else:
        question = ask_ending(text)
        if question is None:
            return None, "ending not turned into a question"
    question = re.sub(r"\s+", " ", question).strip()
    if not MIN_QUESTION_CHARS <= len(question) <= MAX_QUESTION_CHARS:
        return None, "question too short or too long"
    return question, ""


def plain_queries(
    corpus: dict[str, dict], *, multiply: int = 1, seed: int = 42, glossary: str | Path = GLOSSARY
) -> Generated:
    """Up to `multiply` plain questions per article, from different sentences, in an order drawn per article."""
    report = GeneratorReport("plain")
    rewriter = Rewriter(read_glossary(glossary))
    examples = []
    for pid, passage in corpus.items():
        article = split_article(passage["text"], passage.get("article", ""))
        units = [text for _, _, text in article.units]
        if not units:
            report.skip("deleted", pid)
            continue
        rng = item_rng(seed, "plain", pid)
        rng.shuffle(units)
        made, seen, why = 0, set(), ""
        for sentence in units:
            if made == multiply:
                break
            question, why = plain_question(sentence, passage.get("law") or "", rewriter, rng)
            if question is None or question in seen:
                continue
            seen.add(question)
            made += 1
            examples.append(make_example(f"plain:{pid}#{made}", question, [pid], "plain", pid))
        if not made:
            report.skip(why or "no sentence made a question", pid)
            continue
        report.used += 1
        report.requested += multiply
        report.made += made
    return Generated(examples, {}, report)
