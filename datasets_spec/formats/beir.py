"""The BEIR layout: corpus.jsonl (_id, title, text), queries.jsonl (_id, text), qrels/<split>.tsv."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from datasets_spec.canonical import Loaded
from datasets_spec.errors import Problems
from datasets_spec.fields import FieldReader
from datasets_spec.formats.corpus import read_corpus
from datasets_spec.jsonl import write_jsonl
from datasets_spec.read import read_table

NAME = "beir"
SPLITS = ("train", "dev", "test")  # the split read when none is named: the first that exists


@dataclass
class Skipped:
    """What an evaluation set leaves out instead of refusing the whole corpus: passages without text (real corpora
    keep deleted articles as empty rows), the qrel lines that point at them, and the queries left with no relevant
    passage once those lines are gone."""

    passages: dict[str, int | None] = field(default_factory=dict)  # passage id -> its line in corpus.jsonl
    qrels: int = 0
    queries: list[str] = field(default_factory=list)


@dataclass
class BeirSet:
    corpus: dict[str, dict[str, str]]  # id -> {"title", "text"}
    queries: dict[str, str]
    qrels: dict[str, set[str]]  # query id -> relevant passage ids
    skipped: Skipped = field(default_factory=Skipped)

    @property
    def skipped_empty(self) -> int:
        return len(self.skipped.passages)


def is_beir(folder: Path) -> bool:
    return (folder / "corpus.jsonl").exists() and (folder / "queries.jsonl").exists() and (folder / "qrels").is_dir()


def export_beir(corpus: dict[str, dict], examples: list[dict], out_dir: str | Path, split: str = "test") -> Path:
    """Write ID-format examples and their corpus as a BEIR folder that standard evaluators read."""
    out = Path(out_dir)
    write_jsonl(
        out / "corpus.jsonl", ({"_id": pid, "title": p["title"], "text": p["text"]} for pid, p in corpus.items())
    )
    write_jsonl(out / "queries.jsonl", ({"_id": e["query_id"], "text": e["query_text"]} for e in examples))
    qrels = out / "qrels" / f"{split}.tsv"
    qrels.parent.mkdir(parents=True, exist_ok=True)
    lines = ["query-id\tcorpus-id\tscore"] + [
        f"{e['query_id']}\t{pid}\t1" for e in examples for pid in e["positive_passages"]
    ]
    qrels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def qrels_path(folder: Path, split: str | None) -> Path:
    if split:
        return folder / "qrels" / f"{split}.tsv"
    found = [folder / "qrels" / f"{s}.tsv" for s in SPLITS if (folder / "qrels" / f"{s}.tsv").exists()]
    return found[0] if found else folder / "qrels" / "test.tsv"


def read(folder: Path, loaded: Loaded, split: str | None = None, skipped: Skipped | None = None) -> None:
    """Queries with at least one relevant passage (score > 0, as in BEIR) become examples; no hard negatives.

    With `skipped`, passages without text are left out and counted there, with what pointed at them, instead of
    being errors (evaluation); an import still refuses them, so a stored dataset never points at a missing passage.
    """
    problems = loaded.problems
    corpus_table = read_table(folder / "corpus.jsonl", problems)
    empty = skipped.passages if skipped is not None else None
    loaded.corpus = read_corpus(corpus_table, problems, broken=loaded.broken, empty=empty)
    loaded.corpus_source = folder / "corpus.jsonl"
    queries_table = read_table(folder / "queries.jsonl", problems)
    reader = FieldReader(queries_table, problems)
    queries: dict[str, tuple[str, int | None]] = {}
    for line, record in queries_table:
        qid, text = reader.text(line, record, "_id"), reader.text(line, record, "text")
        if qid is not None and text is not None:
            queries[qid] = (text, line)
        elif qid is not None:
            loaded.broken.add(qid)
    qrels = read_qrels(qrels_path(folder, split), set(queries), loaded, problems, skipped)
    for qid, (text, line) in queries.items():
        if skipped is not None and qrels.get(qid) == []:  # every relevant passage it had was skipped
            skipped.queries.append(qid)
            continue
        if qid not in qrels:
            reader.warn(line, "_id", f"query {qid!r} has no relevant passage in the qrels; left out")
            continue
        loaded.add({"query_id": qid, "query_text": text, "positive_passages": qrels[qid], "hard_negatives": []}, line)


def read_qrels(
    path: Path, queries: set[str], loaded: Loaded, problems: Problems, skipped: Skipped | None = None
) -> dict[str, list[str]]:
    """query id -> relevant passage ids; ids that point nowhere are errors on their line (unless the row they point
    to was itself rejected and reported). A line pointing at a passage in `skipped` is dropped and counted; a query
    whose relevant passages were all dropped is kept with an empty list, so the caller can tell it apart."""
    import pandas as pd

    if not path.exists():
        problems.error(
            path, None, None, "missing: a BEIR folder needs corpus.jsonl, queries.jsonl and qrels/<split>.tsv"
        )
        return {}
    try:
        frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, header=None)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.error(path, None, None, f"not a tab-separated query-id, corpus-id, score file ({exc})")
        return {}
    qrels: dict[str, list[str]] = {}
    for index, row in enumerate(frame.itertuples(index=False), start=1):
        if index == 1 and row[0] == "query-id":
            continue
        if len(row) < 3 or row[2] == "":
            problems.error(path, index, None, "expected query-id, corpus-id and score separated by tabs")
            continue
        try:
            score = int(float(row[2]))
        except ValueError:
            problems.error(path, index, "score", f"not a number: {row[2]!r}")
            continue
        if row[0] in loaded.broken or row[1] in loaded.broken:
            continue
        if row[0] not in queries:
            problems.error(path, index, "query-id", f"{row[0]!r} is not in queries.jsonl")
        elif skipped is not None and row[1] not in loaded.corpus and row[1] in skipped.passages:
            skipped.qrels += 1
            if score > 0:
                qrels.setdefault(row[0], [])
        elif row[1] not in loaded.corpus:
            problems.error(path, index, "corpus-id", f"{row[1]!r} is not in corpus.jsonl")
        elif score > 0 and row[1] not in qrels.setdefault(row[0], []):
            qrels[row[0]].append(row[1])
    return qrels


def load_beir(folder: str | Path, split: str = "test") -> BeirSet:
    """A BEIR folder for evaluation; the first error found is raised (evaluation cannot run on half a set). Passages
    without text are not errors here: they are left out and counted, with the qrels and queries that needed them."""
    loaded = Loaded("retrieval", NAME, Path(folder))
    skipped = Skipped()
    read(Path(folder), loaded, split, skipped)
    if not loaded.problems.ok:
        raise loaded.problems.errors[0]
    corpus = {pid: {"title": p["title"], "text": p["text"]} for pid, p in loaded.corpus.items()}
    queries = {e["query_id"]: e["query_text"] for e in loaded.examples}
    qrels = {e["query_id"]: set(e["positive_passages"]) for e in loaded.examples}
    return BeirSet(corpus, queries, qrels, skipped)
