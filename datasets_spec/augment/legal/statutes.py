"""Legal queries without labels (issue #8): (query, article) pairs made from a statute corpus alone, in the
retrieval shape, so a retriever can be trained on a law before anyone labels a case.

- cloze (inverse cloze, Lee et al. 2019): one sentence of an article is the query. Its positive is the article
  *without* that sentence, a new corpus entry "민법|750#ict1" with the article's law, number and title. Keeping
  the original article as the positive would put the query in it word for word and teach string matching. The
  original stays in the corpus; each example names it in "article", so mining must not take it as a negative.
- title: questions written from the article's title with our own Korean templates; a title that several laws
  share ("목적", "벌칙") is asked with the law's name.
- case: case queries with their citations removed, positives from the 참조조문 (`augment/cases.py`).
- plain: a sentence asked in everyday words, legal terms rewritten from a glossary (`augment/plain.py`).

`multiply` asks each article (or case) for that many different variants: another sentence, another template.
Exact repeats are dropped and every shortfall is counted. Each item draws from its own seeded generator, so an
article's queries do not change when the limit, the other generators or the cases change.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from datasets_spec.augment.legal.articles import Article, is_deleted, read_articles, split_article
from datasets_spec.canonical import Loaded
from datasets_spec.checks import check_examples, quotes, shingles
from datasets_spec.split import split_by_group

GENERATORS = ("cloze", "title", "case", "plain")
MIN_QUERY_CHARS = 20  # "1. 인증신청의 접수" names too little to find its article
MAX_QUERY_CHARS = 300  # people search with a sentence, not a paragraph
MIN_REST_CHARS = 30  # what is left must still say what the article is about
SHOWN_IDS = 5  # ids kept per skip reason, to look at without a 84k-line report

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
_JOSA = re.compile(r"(은\(는\)|이\(가\)|을\(를\)|과\(와\))")
_DIGIT_FINAL = "013678"  # 영 일 삼 육 칠 팔 end in a consonant
_SPACE = re.compile(r"\s+")
_TABLE = re.compile(r"[\u2500-\u257f|]")  # a row of a tax table ("│2억원 이하 │…") is not a question


def _prose(text: str) -> bool:
    return not _TABLE.search(text)


def has_final_consonant(word: str) -> bool:
    """Whether the last Hangul syllable (or digit, read in Korean) of `word` ends in a consonant (받침)."""
    for ch in reversed(word):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28 != 0
        if ch.isdigit():
            return ch in _DIGIT_FINAL
    return False


def final_consonant(ch: str) -> int:
    """The 받침 of a Hangul syllable as its jongseong index (0: none, 4: ㄴ, 8: ㄹ, …); -1 for any other character."""
    code = ord(ch) - 0xAC00
    return code % 28 if 0 <= code < 11172 else -1


# a particle → (its form after a consonant, after a vowel)
_PARTICLE_FORMS = {
    **dict.fromkeys(("은", "는"), ("은", "는")),
    **dict.fromkeys(("이", "가"), ("이", "가")),
    **dict.fromkeys(("을", "를"), ("을", "를")),
    **dict.fromkeys(("과", "와"), ("과", "와")),
    **dict.fromkeys(("이나", "나"), ("이나", "나")),
    **dict.fromkeys(("이란", "란"), ("이란", "란")),
}


def particle_after(word: str, particle: str) -> str:
    """The form of `particle` that `word` takes: 빚 + 를 → 을, 사람 + 로 → 으로, 물 + 으로 → 로 (ㄹ takes 로);
    a particle with one form (의, 에게) stays."""
    if particle in ("으로", "로"):
        return "으로" if has_final_consonant(word) and final_consonant(word[-1]) != 8 else "로"
    forms = _PARTICLE_FORMS.get(particle)
    if not forms:
        return particle
    return forms[0] if has_final_consonant(word) else forms[1]


def attach_particles(text: str) -> str:
    """ "민법은(는)" → "민법은": each 은(는)-style pair becomes the form the word before it takes."""
    return _JOSA.sub(lambda m: particle_after(text[: m.start()], m.group()[: m.group().index("(")]), text)


@dataclass
class GeneratorReport:
    """What one generator did, so nothing is skipped or cut short without the user seeing why."""

    name: str
    requested: int = 0  # variants asked for: multiply × items that could give at least one
    made: int = 0
    used: int = 0  # articles (cases) that gave at least one example
    duplicates: int = 0  # exact repeats of an earlier query for the same article, dropped
    skipped: Counter[str] = field(default_factory=Counter)  # reason → items
    skipped_ids: dict[str, list[str]] = field(default_factory=dict)  # reason → the first few ids
    notes: dict[str, int] = field(default_factory=dict)  # generator-specific counts

    @property
    def unmade(self) -> int:
        """Variants asked for that could not be made: too few sentences, templates or distinct queries."""
        return self.requested - self.made

    def skip(self, reason: str, item: str) -> None:
        self.skipped[reason] += 1
        shown = self.skipped_ids.setdefault(reason, [])
        if len(shown) < SHOWN_IDS:
            shown.append(item)

    def to_dict(self) -> dict:
        return {**asdict(self), "skipped": dict(self.skipped), "unmade": self.unmade}

    def summary(self) -> str:
        skipped = "; ".join(f"{n} {reason}" for reason, n in self.skipped.most_common()) or "none"
        notes = "".join(f"; {n} {what}" for what, n in self.notes.items())
        return (
            f"{self.name}: {self.made} examples from {self.used} items; {self.unmade} of {self.requested} variants "
            f"not made ({self.duplicates} exact repeats); skipped: {skipped}{notes}"
        )


@dataclass
class Generated:
    """One generator's examples, the passages it added to the corpus, and its report."""

    examples: list[dict]
    passages: dict[str, dict]
    report: GeneratorReport


@dataclass
class StatutesReport:
    articles: int
    cases: int
    generators: dict[str, GeneratorReport]
    examples: int = 0
    passages_added: int = 0
    empty_articles: int = 0  # rows with no text, left out when reading

    def to_dict(self) -> dict:
        return {**asdict(self), "generators": {k: g.to_dict() for k, g in self.generators.items()}}

    def lines(self) -> list[str]:
        empty = f" (+{self.empty_articles} without text, left out)" if self.empty_articles else ""
        head = f"{self.articles} articles{empty}, {self.cases} cases → {self.examples} examples"
        return [f"{head}, {self.passages_added} passages added", *(g.summary() for g in self.generators.values())]


def item_rng(seed: int, generator: str, item: str) -> random.Random:
    """Per item: a string seed is hashed with SHA-512, so it is the same in every process and Python run."""
    return random.Random(f"{seed}|{generator}|{item}")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def make_example(query_id: str, query: str, positives: list[str], generator: str, article: str) -> dict:
    return {
        "query_id": query_id,
        "query_text": query,
        "positive_passages": positives,
        "hard_negatives": [],
        "generator": generator,
        "article": article,  # the article the query is about: the split keeps its queries on one side
    }


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
        title, law = _normal(passage.get("title") or ""), passage.get("law") or ""
        laws_of[title].add(law)
        in_law[law, title] += 1
    examples = []
    for pid, passage in corpus.items():
        title, law = _normal(passage.get("title") or ""), passage.get("law") or ""
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


def generate(
    corpus: dict[str, dict],
    cases: list | None = None,
    *,
    generators: tuple[str, ...] | list[str] = ("cloze", "title"),
    multiply: int = 1,
    seed: int = 42,
    source: str | Path = "statutes",
    glossary: str | Path | None = None,
) -> tuple[Loaded, StatutesReport]:
    """Run the chosen generators over a statute corpus (and cases) into one retrieval `Loaded`, checked as any
    imported file is; an exact repeat of an earlier (query, article) is dropped and counted on its generator."""
    from datasets_spec.augment.legal.cases import case_queries
    from datasets_spec.augment.legal.plain import GLOSSARY, plain_queries

    unknown = [g for g in generators if g not in GENERATORS]
    if unknown:
        raise ValueError(f"generators = {unknown}: choose from {', '.join(GENERATORS)}")
    if multiply < 1:
        raise ValueError(f"multiply = {multiply}: must be at least 1")
    if "case" in generators and not cases:
        raise ValueError("generators include 'case' but no cases were given")
    runs = {
        "cloze": lambda: inverse_cloze(corpus, multiply=multiply, seed=seed),
        "title": lambda: title_queries(corpus, multiply=multiply, seed=seed),
        "case": lambda: case_queries(corpus, cases or [], multiply=multiply, seed=seed),
        "plain": lambda: plain_queries(corpus, multiply=multiply, seed=seed, glossary=glossary or GLOSSARY),
    }
    loaded = Loaded("retrieval", "statutes", Path(source), corpus=dict(corpus), corpus_source=Path(source))
    report = StatutesReport(len(corpus), len(cases or []), {})
    seen: set[tuple[str, str]] = set()
    for name in dict.fromkeys(generators):
        made = runs[name]()
        report.generators[name] = made.report
        for example in made.examples:
            key = (_normal(example["query_text"]), example["article"])
            if key in seen:
                made.report.duplicates += 1
                made.report.made -= 1
                continue
            seen.add(key)
            loaded.add(example, None)
            for pid in example["positive_passages"]:
                if pid in made.passages:
                    loaded.corpus[pid] = made.passages[pid]
    report.examples = len(loaded.examples)
    report.passages_added = len(loaded.corpus) - len(corpus)
    check_examples(loaded)
    return loaded, report


def from_files(
    corpus_path: str | Path,
    cases_path: str | Path | None = None,
    *,
    generators: tuple[str, ...] | list[str] | None = None,
    multiply: int = 1,
    limit: int | None = None,
    seed: int = 42,
    glossary: str | Path | None = None,
) -> tuple[Loaded, StatutesReport, dict]:
    """Read the corpus (and cases) and generate; also returns the `made_by` record the stored manifest keeps."""
    from datasets_spec.formats.legal import read_cases

    generators = list(generators or (["cloze", "title", "case"] if cases_path else ["cloze", "title"]))
    corpus, empty = read_articles(corpus_path, limit=limit)
    cases = read_cases(cases_path) if cases_path else None
    loaded, report = generate(
        corpus, cases, generators=generators, multiply=multiply, seed=seed, source=corpus_path, glossary=glossary
    )
    report.empty_articles = len(empty)
    parameters = {"generators": generators, "multiply": multiply, "limit": limit}
    if "plain" in generators:
        parameters["glossary"] = str(glossary or "bundled plain_ko.tsv")
    made_by = {
        "generator": "statutes",
        "parameters": parameters,
        "seed": seed,
        "sources": [str(corpus_path), *([str(cases_path)] if cases_path else [])],
    }
    return loaded, report, made_by


def store_statutes(
    loaded: Loaded,
    name: str,
    *,
    validation_ratio: float = 0.2,
    seed: int = 42,
    overwrite: bool = False,
    made_by: dict | None = None,
    owner: str | None = None,
) -> Path:
    """Store with a split by article: sentences and templates of one article on both sides would let validation
    reward recognising the article's wording rather than finding it. The manifest records that split; `owner` (a
    browser session's id) keeps the dataset out of other sessions' lists until shared."""
    from datasets_spec.store import store_loaded

    train, held_out = split_by_group(loaded.examples, lambda e: e["article"], validation_ratio, seed)
    train_part = Loaded(
        "retrieval",
        loaded.format,
        loaded.source,
        examples=train,
        corpus=loaded.corpus,
        problems=loaded.problems,
        corpus_source=loaded.corpus_source,
    )
    held_part = Loaded("retrieval", loaded.format, loaded.source, examples=held_out)  # its positives are in corpus
    path = store_loaded(
        train_part, name, validation=held_part, seed=seed, overwrite=overwrite, made_by=made_by, owner=owner
    )
    manifest_path = path / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["split"] = {"by": "article", "validation_ratio": validation_ratio, "seed": seed}
    tmp = manifest_path.with_name("manifest.json.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(manifest_path)
    return path
