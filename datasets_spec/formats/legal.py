"""The Korean legal layout: article passages and court cases whose 참조조문 name the positives."""

from __future__ import annotations

from pathlib import Path

from datasets_spec.canonical import Loaded
from datasets_spec.errors import Problems
from datasets_spec.fields import FieldReader
from datasets_spec.formats.corpus import read_corpus
from datasets_spec.pairs import Case, Passage, build_pairs
from datasets_spec.read import Table, read_table

NAME = "legal"
KEYS = ("id", "query", "references")
PASSAGE_FIELDS = ("law", "article")  # and an optional title: real statutes keep untitled articles (부칙, old laws)


def passages_of(corpus: dict[str, dict]) -> list[Passage]:
    return [Passage(pid, p["law"], p["article"], p["title"], p["text"]) for pid, p in corpus.items()]


def read_case_records(table: Table, problems: Problems) -> tuple[list[Case], dict[str, int | None]]:
    """Cases and the line each came from; a repeated case id is an error (it would be split on both sides)."""
    reader = FieldReader(table, problems)
    cases: list[Case] = []
    lines: dict[str, int | None] = {}
    for line, record in table:
        values = [reader.text(line, record, name) for name in ("id", "query", "references")]
        if None in values:
            continue
        if values[0] in lines:
            reader.error(line, "id", f"duplicate case id {values[0]!r} (first on {table.unit} {lines[values[0]]})")
            continue
        lines[values[0]] = line
        cases.append(Case(*values))
    return cases, lines


def read(table: Table, loaded: Loaded, *, negatives_per_query: int = 8, seed: int = 42) -> None:
    """Cases (table) + passages (`loaded.corpus_source`) → ID-format examples; what the parser or corpus lacks is
    reported as a warning on the case's line, since a case citing one missing article still trains on the rest."""
    problems = loaded.problems
    if loaded.corpus_source is None:
        problems.error(table.path, None, None, "legal cases need their passages file (passages.jsonl) as the corpus")
        return
    empty: dict[str, int | None] = {}  # deleted articles ("삭제" kept as a blank text): left out, counted
    passages = read_table(loaded.corpus_source, problems)
    loaded.corpus = read_corpus(passages, problems, required=PASSAGE_FIELDS, empty=empty)
    if empty:
        first = min((line for line in empty.values() if line is not None), default=None)
        problems.warn(passages.path, first, "text", f"passages with empty text left out: {len(empty)}")
    cases, lines = read_case_records(table, problems)
    if not problems.ok or not loaded.corpus:
        return
    report = build_pairs(passages_of(loaded.corpus), cases, negatives_per_query=negatives_per_query, seed=seed)
    reader = FieldReader(table, problems)
    laws = {p["law"] for p in loaded.corpus.values()}
    for case_id, fragment in report.unreadable:
        reader.warn(lines[case_id], "references", f"could not read {fragment!r} as an article reference")
    for case_id, pid in report.missing:
        law = pid.split("|")[0]
        if law not in laws:
            reader.warn(lines[case_id], "references", f"cites {law}, a law that is not in the corpus")
        else:
            reader.warn(lines[case_id], "references", f"cites {pid}, which is not in the corpus")
    for case_id in report.dropped:
        reader.warn(lines[case_id], "references", "no cited article is in the corpus; case left out")
    for example in report.examples:
        loaded.add(example, lines[example["query_id"]])


def reference(passage: dict) -> str:
    """Court style for one article: 민법 제10조의2."""
    main, _, branch = passage["article"].partition("의")
    return f"{passage['law']} 제{main}조" + (f"의{branch}" if branch else "")


def write(loaded: Loaded) -> tuple[list[dict], list[dict]]:
    """(passages, cases): needs a corpus with law and article; hard negatives are not kept (the legal layout
    derives them from the law of the positives)."""
    missing = [pid for pid, p in loaded.corpus.items() if not p.get("law") or not p.get("article")]
    if missing:
        raise ValueError(f"the legal layout needs 'law' and 'article' for every passage; {missing[0]!r} has none")
    passages = [
        {"id": pid, "law": p["law"], "article": p["article"], "title": p.get("title", ""), "text": p["text"]}
        for pid, p in loaded.corpus.items()
    ]
    cases = [
        {
            "id": e["query_id"],
            "query": e["query_text"],
            "references": ", ".join(reference(loaded.corpus[pid]) for pid in e["positive_passages"]),
        }
        for e in loaded.examples
    ]
    return passages, cases


def _first_error(problems: Problems) -> None:
    if not problems.ok:
        raise problems.errors[0]


def read_passages(path: str | Path) -> list[Passage]:
    """Read `passages.jsonl` (id, law, article, title, text); the first problem is raised."""
    problems = Problems()
    corpus = read_corpus(read_table(path, problems), problems, required=PASSAGE_FIELDS)
    _first_error(problems)
    return passages_of(corpus)


def read_cases(path: str | Path) -> list[Case]:
    """Read `cases.jsonl` (id, query, references); the first problem is raised."""
    problems = Problems()
    cases, _ = read_case_records(read_table(path, problems), problems)
    _first_error(problems)
    return cases
