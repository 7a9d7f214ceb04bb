"""Which format a file is in, and reading it into its task's shape with every problem located.

Detection looks at the field names of the first records; `format=` overrides it when a file is ambiguous.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from datasets_spec import folders
from datasets_spec.canonical import Loaded
from datasets_spec.checks import check_examples
from datasets_spec.errors import Problems
from datasets_spec.formats import beir, classification, flag, ids, legal, sft, st
from datasets_spec.formats.corpus import read_corpus
from datasets_spec.read import Table, read_layout, read_table


@dataclass(frozen=True)
class Format:
    name: str
    task: str
    keys: tuple[str, ...]  # fields whose presence identifies the format
    read: Callable[[Table, Loaded], None]
    description: str


# Order matters: the first format whose keys a record has wins (FlagEmbedding's "query" before legal's "id, query").
FORMATS = {
    f.name: f
    for f in (
        Format(ids.NAME, "retrieval", ids.KEYS, ids.read, "query_text + positive_passages ids into a corpus file"),
        Format(flag.NAME, "retrieval", flag.KEYS, flag.read, 'FlagEmbedding {"query", "pos": [...], "neg": [...]}'),
        Format(legal.NAME, "retrieval", legal.KEYS, legal.read, "court cases (id, query, 참조조문) + passages.jsonl"),
        Format(st.NAME, "retrieval", st.KEYS, st.read, "sentence-transformers anchor, positive, negative_1, …"),
        Format(beir.NAME, "retrieval", (), lambda table, loaded: None, "BEIR folder: corpus, queries, qrels/*.tsv"),
        Format(sft.CHAT, "sft", sft.KEYS[sft.CHAT], sft.read_chat, 'chat {"messages": [{"role", "content"}]}'),
        Format(sft.PROMPT, "sft", sft.KEYS[sft.PROMPT], sft.read_prompt_completion, "prompt + completion"),
        Format(sft.ALPACA, "sft", sft.KEYS[sft.ALPACA], sft.read_alpaca, "alpaca instruction, input, output"),
        Format(classification.NAME, "classification", classification.KEYS, classification.read, "text + label"),
    )
}
LAYOUT_FORMATS = {folders.BEIR: beir.NAME, folders.LEGAL: legal.NAME, folders.IDS: ids.NAME}  # a folder, one format
CORPUS_KEYS = {"text"}  # a file of passages alone: it is somebody's corpus, not training data


def detect(table: Table) -> str | None:
    """The format whose identifying fields most of the first 20 records carry (earlier formats win ties), so one
    odd first line does not decide for the whole file."""
    votes = {
        fmt.name: sum(set(fmt.keys) <= set(record) for record in table.records[:20])
        for fmt in FORMATS.values()
        if fmt.keys
    }
    best = max(votes, key=votes.get)
    return best if votes[best] else None


def without_strangers(table: Table, fmt: Format, problems: Problems) -> Table:
    """Records with none of the format's identifying fields get one error each, not one per missing field."""
    kept = Table(table.path, unit=table.unit, cells_are_text=table.cells_are_text, encoding=table.encoding)
    for line, record in table:
        if set(fmt.keys) & set(record):
            kept.records.append(record)
            kept.lines.append(line)
        else:
            found = ", ".join(sorted(record)) or "nothing"
            problems.error(
                table.path,
                line,
                None,
                f"has none of the {fmt.name} fields ({', '.join(fmt.keys)}); found {found}",
                table.unit,
            )
    return kept


def sibling_corpus(path: Path) -> Path | None:
    """passages.jsonl or corpus.jsonl beside the examples file: the usual layout, so nobody has to name it."""
    for name in ("corpus.jsonl", "passages.jsonl"):
        if (path.parent / name).exists() and (path.parent / name) != path:
            return path.parent / name
    return None


def load(
    path: str | Path,
    *,
    format: str | None = None,
    corpus: str | Path | None = None,
    problems: Problems | None = None,
) -> Loaded:
    """Read `path` (file or folder) into its task's shape; never raises for bad data, see `.problems`.

    The garbage collector is paused meanwhile: 100k freshly parsed records are all alive, and collecting them over
    and over cost a fifth of the time (bench/validate_100k.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(path), format, corpus, problems)
    finally:
        if enabled:
            gc.enable()


def _load(path: Path, format: str | None, corpus: str | Path | None, problems: Problems | None) -> Loaded:
    problems = problems or Problems()
    if format is not None and format not in FORMATS:
        problems.error(path, None, None, f"unknown format {format!r}; known: {', '.join(FORMATS)}")
        return Loaded("retrieval", format, path, problems=problems)
    corpus_path = Path(corpus) if corpus else None
    examples_path, layout = path, None
    if path.is_dir():
        try:
            layout = folders.layout(path)
        except folders.NotADatasetFolder as exc:
            problems.error(path, None, None, exc.reason)
            return Loaded("retrieval", "unknown", path, problems=problems)
        format = format or LAYOUT_FORMATS.get(layout.kind)
        if layout.kind in (folders.LEGAL, folders.IDS):
            examples_path, corpus_path = layout.files[0], corpus_path or layout.files[1]
    if format == beir.NAME:
        loaded = Loaded("retrieval", beir.NAME, path, problems=problems, corpus_source=path / "corpus.jsonl")
        beir.read(path, loaded)
        check_examples(loaded)
        return loaded
    if layout and layout.kind in (folders.SAVED, folders.FILES):
        table = read_layout(layout, problems)
    else:
        table = read_table(examples_path, problems)
    fmt_name = format or detect(table)
    if fmt_name is None:
        if table.records:
            fields = ", ".join(sorted(table.records[0]))
            hint = " (it looks like a corpus: pass it as the corpus)" if set(table.records[0]) >= CORPUS_KEYS else ""
            problems.error(
                path,
                table.lines[0],
                None,
                f"cannot tell the format from the fields {fields}{hint}; expected one of: {describe_formats()}",
            )
        return Loaded("retrieval", "unknown", path, problems=problems, unit=table.unit)
    fmt = FORMATS[fmt_name]
    loaded = Loaded(fmt.task, fmt.name, examples_path, problems=problems, unit=table.unit, encoding=table.encoding)
    if fmt.name in (ids.NAME, legal.NAME):
        loaded.corpus_source = corpus_path or sibling_corpus(examples_path)
    if fmt.name == ids.NAME:
        if loaded.corpus_source is None:
            problems.error(path, None, None, "the ID format needs a corpus file (corpus.jsonl with id, text)")
            return loaded
        loaded.corpus = read_corpus(read_table(loaded.corpus_source, problems), problems, broken=loaded.broken)
    if table.records:
        fmt.read(without_strangers(table, fmt, problems), loaded)
    check_examples(loaded)
    return loaded


def describe_formats() -> str:
    return "; ".join(f"{f.name} ({f.description})" for f in FORMATS.values())
