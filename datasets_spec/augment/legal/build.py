"""Label-free legal training data in one call: run the chosen generators (cloze and title from statutes.py, case
from cases.py, plain from plain.py) over a statute corpus and its cases, drop exact repeats, and store the result
split by article."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from core import atomic
from datasets_spec.augment.legal.articles import read_articles
from datasets_spec.augment.legal.cases import case_queries
from datasets_spec.augment.legal.plain import GLOSSARY, plain_queries
from datasets_spec.augment.legal.queries import GeneratorReport, normal_spaces
from datasets_spec.augment.legal.statutes import inverse_cloze, title_queries
from datasets_spec.canonical import Loaded
from datasets_spec.checks import check_examples
from datasets_spec.formats.legal import read_cases
from datasets_spec.split import split_by_group
from datasets_spec.store import store_loaded

GENERATORS = ("cloze", "title", "case", "plain")
# A plain question is an article's sentence with its legal terms rewritten, asked of the whole article (plain.py):
# the words around the rewritten terms are the article's, on purpose. Said once on the generator, not per query.
QUOTING_BY_DESIGN = ("plain",)
QUOTING_NOTE = "keep their article's words by design (a plain question is answered by its whole article)"


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
            key = (normal_spaces(example["query_text"]), example["article"])
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
    for name, quoting in check_examples(loaded, QUOTING_BY_DESIGN).items():
        report.generators[name].notes[QUOTING_NOTE] = quoting
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
    atomic.write_json(manifest_path, manifest)
    return path
