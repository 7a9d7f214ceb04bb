"""Legal queries without labels (issue #8): (query, article) pairs made from a statute corpus alone, in the
retrieval shape, so a retriever can be trained on a law before anyone labels a case.

- cloze (inverse cloze, Lee et al. 2019): one sentence of an article is the query. Its positive is the article
  *without* that sentence, a new corpus entry "민법|750#ict1" with the article's law, number and title. Keeping
  the original article as the positive would put the query in it word for word and teach string matching. The
  original stays in the corpus; each example names it in "article", so mining must not take it as a negative.
- title: questions written from the article's title with our own Korean templates; a title that several laws
  share ("목적", "벌칙") is asked with the law's name.
- case: case queries with their citations removed, positives from the 참조조문 (`cases.py`).
- plain: a sentence asked in everyday words, legal terms rewritten from a glossary (`plain.py`).

`build.py` runs the chosen generators together and stores the result.

`multiply` asks each article (or case) for that many different variants: another sentence, another template.
Exact repeats are dropped and every shortfall is counted. Each item draws from its own seeded generator, so an
article's queries do not change when the limit, the other generators or the cases change.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from datasets_spec.augment.legal.articles import Article, is_deleted, split_article
from datasets_spec.augment.legal.queries import (
    Generated,
    GeneratorReport,
    attach_particles,
    item_rng,
    make_example,
    normal_spaces,
)
from datasets_spec.checks import quotes, shingles

MIN_QUERY_CHARS = 20  # "1. 인증신청의 접수" names too little to find its article
MAX_QUERY_CHARS = 300  # people search with a sentence, not a paragraph
MIN_REST_CHARS = 30  # what is left must still say what the article is about

# Ours. "{title}" is the article title, "{law}" the law; 은(는) 이(가) 을(를) 과(와) follow the word before them.
TITLE_TEMPLATES = (
    "{title}에 관한 규정은?",
    "{title}에 대하여 정한 조문은 무엇인가요?",
    "{title}은(는) 법에서 어떻게 정하고 있나요?",
    "{title} 관련 법 조항을 찾아 주세요.",
)
LAW_TEMPLATES = (  # the first asks for 요건, which boilerplate titles (목적, 정의, 벌칙) shared by laws do not have
    "{law}에서 {title}의 요건은 무엇인가요?",
    "{law}에서 {title}에 관한 규정은?",
    "{law}상 {title}의 내용은 무엇인가요?",
    "{law}은(는) {title}에 대해 어떻게 정하고 있나요?",
    "{title}에 관한 {law} 조문",
    "{law} {title} 규정",
)
_TABLE = re.compile(r"[\u2500-\u257f|]")  # a row of a tax table ("│2억원 이하 │…") is not a question


def _prose(text: str) -> bool:
    return not _TABLE.search(text)


def inverse_cloze(
    corpus: dict[str, dict],
    *,
    multiply: int = 1,
    seed: int = 42,
    min_query_chars: int = MIN_QUERY_CHARS,
    max_query_chars: int = MAX_QUERY_CHARS,
    min_rest_chars: int = MIN_REST_CHARS,
) -> Generated:
    """Sentence → the article without it. A sentence found in two articles ("그 밖에 필요한 사항은 대통령령으로
    정한다.") points at neither, and one that repeats 30 characters of the rest gives the answer away: both are
    left out as queries."""
    report = GeneratorReport("cloze")
    split: dict[str, Article] = {}
    seen_in: dict[str, set[str]] = defaultdict(set)
    for pid, passage in corpus.items():
        article = split_article(passage["text"], passage.get("article", ""))
        if not article.blocks:
            report.skip("deleted", pid)
            continue
        split[pid] = article
        for _, _, text in article.units:  # single-spaced already: `clean` collapsed the spaces
            seen_in[text].add(pid)
    examples, passages = [], {}
    for pid, article in split.items():
        units = article.units
        if len(units) < 2:
            report.skip("one sentence", pid)
            continue
        fits = [u for u in units if min_query_chars <= len(u[2].rstrip(",")) <= max_query_chars and _prose(u[2])]
        own = [u for u in fits if len(seen_in[u[2]]) == 1]
        if not fits or not own:
            report.skip("no sentence of query length" if not fits else "sentences shared with other articles", pid)
            continue
        item_rng(seed, "cloze", pid).shuffle(own)
        made = 0
        for block, sentence, text in own:
            if made == multiply:
                break
            query, rest = text.rstrip(","), article.without(block, sentence)
            if len(rest) - len(article.heading) < min_rest_chars or query in rest or quotes(query, shingles(rest)):
                continue
            made += 1
            new_id = f"{pid}#ict{made}"
            passages[new_id] = {**corpus[pid], "text": rest, "cloze_of": pid}
            examples.append(make_example(f"ict:{new_id}", query, [new_id], "cloze", pid))
        if not made:
            report.skip("rest too short or repeats the sentence", pid)
            continue
        report.used += 1
        report.requested += multiply
        report.made += made
        report.notes["articles split at clauses"] = report.notes.get("articles split at clauses", 0) + article.clauses
    return Generated(examples, passages, report)


def title_queries(corpus: dict[str, dict], *, multiply: int = 1, seed: int = 42) -> Generated:
    """Questions from titles. Two articles of one law with the same title cannot be told apart by it: skipped."""
    report = GeneratorReport("title")
    laws_of: dict[str, set[str]] = defaultdict(set)
    in_law: Counter[tuple[str, str]] = Counter()
    for passage in corpus.values():
        title, law = normal_spaces(passage.get("title") or ""), passage.get("law") or ""
        laws_of[title].add(law)
        in_law[law, title] += 1
    examples = []
    for pid, passage in corpus.items():
        title, law = normal_spaces(passage.get("title") or ""), passage.get("law") or ""
        if is_deleted(passage["text"]):
            report.skip("deleted", pid)
        elif not title:
            report.skip("no title", pid)
        elif in_law[law, title] > 1:
            report.skip("title shared by articles of one law", pid)
        elif len(laws_of[title]) > 1 and not law:
            report.skip("title shared by passages without a law to tell them apart", pid)
        else:
            shared = len(laws_of[title]) > 1
            templates = list(LAW_TEMPLATES[1:]) if shared else [*TITLE_TEMPLATES, *(LAW_TEMPLATES if law else ())]
            item_rng(seed, "title", pid).shuffle(templates)
            for k, template in enumerate(templates[:multiply], start=1):
                query = attach_particles(template.format(title=title, law=law))
                examples.append(make_example(f"title:{pid}#{k}", query, [pid], "title", pid))
            report.used += 1
            report.requested += multiply
            report.made += min(multiply, len(templates))
            report.notes["asked with the law's name"] = report.notes.get("asked with the law's name", 0) + shared
    return Generated(examples, {}, report)
