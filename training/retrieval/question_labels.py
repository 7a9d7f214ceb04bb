"""A question log turned into training data: BM25 and the model search each question, the agreed pairs
(pseudo_label.py) are stored as a retrieval dataset that records how it was made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasets_spec import store
from datasets_spec.canonical import Loaded, document
from datasets_spec.errors import Problems
from datasets_spec.formats.corpus import read_corpus
from datasets_spec.question_log import QuestionLog
from datasets_spec.read import read_table
from training.retrieval.embedding_cache import Progress
from training.retrieval.pseudo_label import PseudoLabelOptions, label
from training.retrieval.search import BM25Searcher, ModelRef, dense_searcher

RANKED = 50  # hits kept from each retriever: the agreement's depth and the negatives' ranks lie within


def stored_corpus(name: str) -> dict[str, dict]:
    """The corpus of a stored retrieval dataset, and never a file: what a visitor's page may name."""
    dataset = store.load(name)
    if dataset.task != "retrieval":
        raise ValueError(f"dataset {name!r} holds {dataset.task} examples; pseudo-labels need a corpus")
    return dataset.corpus


def read_passages(source: str | Path) -> tuple[dict[str, dict], int]:
    """The corpus of a stored retrieval dataset (a stored name wins over a file of that name), or a passages file
    (JSON lines with id and text) for the CLI; a passage with no text (a deleted article) is left out and counted."""
    path = Path(source)
    if (store.datasets_dir() / str(source) / "manifest.json").exists() or not path.is_file():
        return stored_corpus(str(source)), 0
    problems, empty = Problems(), {}
    corpus = read_corpus(read_table(path, problems), problems, required=("text",), empty=empty)
    if not problems.ok:
        raise store.DatasetRejected(problems)
    return corpus, len(empty)


def pseudo_labels(
    questions: list[str],
    corpus: dict[str, dict],
    model: str,
    options: PseudoLabelOptions,
    *,
    max_seq_length: int | None = None,
    progress: Progress | None = None,
) -> tuple[list[dict], dict[str, Any]]:
    """Each question searched by BM25 over the whole corpus and by the model over BM25's pool (options.pool), the
    agreed pairs and the report (with the pool's size: what the model encoded)."""
    documents = {pid: document(p) for pid, p in corpus.items()}
    bm25 = BM25Searcher(documents)
    bm25_rows = bm25.search_many(questions, max(RANKED, options.pool))
    if options.pool and options.pool < len(documents):
        pool = {pid for row in bm25_rows for pid, _ in row[: options.pool]}
        searched = {pid: documents[pid] for pid in sorted(pool)}
    else:
        searched = documents
    dense = dense_searcher(ModelRef(model, max_seq_length), searched, progress=progress)
    model_rows = dense.search_many(questions, RANKED)
    examples, report = label(questions, [row[:RANKED] for row in bm25_rows], model_rows, corpus, options)
    return examples, {**report, "model": model, "encoded": len(searched), "passages": len(documents)}


def store_pseudo_labels(
    log: QuestionLog,
    corpus: dict[str, dict],
    examples: list[dict],
    report: dict[str, Any],
    options: PseudoLabelOptions,
    name: str,
    *,
    overwrite: bool = False,
    owner: str | None = None,
) -> Path:
    """The kept pairs as a stored dataset (split by query), with the options, the model and the report in its
    manifest; each example keeps its source line and both ranks."""
    line_of = dict(zip(log.questions, log.lines, strict=True))
    loaded = Loaded("retrieval", "question-log", log.source, corpus=corpus)
    for example in examples:
        loaded.add({**example, "line": line_of[example["query_text"]]}, line_of[example["query_text"]])
    if not examples:
        loaded.problems.error(log.source, None, None, "no question was kept: BM25 and the model agreed on none")
    made_by = {"generator": "pseudo-label", "parameters": options.to_dict(), "report": report}
    return store.store_loaded(loaded, name, split_by="query", made_by=made_by, overwrite=overwrite, owner=owner)
