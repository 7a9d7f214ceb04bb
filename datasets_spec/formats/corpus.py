"""A passage collection: one record per passage with an id (`id` or BEIR's `_id`), a text and an optional title."""

from __future__ import annotations

from collections.abc import Callable

from datasets_spec.errors import Problems
from datasets_spec.fields import FieldReader, extras
from datasets_spec.read import Table


def read_corpus(
    table: Table,
    problems: Problems,
    *,
    required: tuple[str, ...] = (),
    broken: set[str] | None = None,
    empty: dict[str, int | None] | None = None,
) -> dict[str, dict]:
    """{id: passage}; a repeated id is an error naming both lines, since either copy could be the intended one.

    Ids of rows rejected for another field go into `broken`, so examples citing them are not reported twice.
    With `empty`, a passage whose text is a blank string (how real corpora keep a deleted article) is left out and
    its id recorded there with its line, instead of being an error; its id must still be there.
    """
    reader = FieldReader(table, problems)
    corpus: dict[str, dict] = {}
    first_line: dict[str, int | None] = {}
    for line, record in table:
        id_field = "_id" if "_id" in record and "id" not in record else "id"
        if empty is not None and isinstance(record.get("text"), str) and not record["text"].strip():
            if (pid := reader.text(line, record, id_field)) is not None:
                empty.setdefault(pid, line)
            continue
        pid = reader.text(line, record, id_field)
        text = reader.text(line, record, "text")
        title = reader.text(line, record, "title", required="title" in required)
        others = {name: reader.text(line, record, name) for name in required if name != "title"}
        if pid is None or text is None or None in others.values():
            if pid is not None and broken is not None:
                broken.add(pid)
            continue
        if pid in corpus:
            reader.error(line, id_field, f"duplicate passage id {pid!r} (first on {table.unit} {first_line[pid]})")
            continue
        first_line[pid] = line
        corpus[pid] = {"title": title or "", "text": text, **others, **extras(record, {"id", "_id", "text", "title"})}
    return corpus


def intern_texts() -> tuple[dict[str, dict], Callable[[str], str]]:
    """A corpus built from inline texts (FlagEmbedding, sentence-transformers): one id per distinct text."""
    corpus: dict[str, dict] = {}
    ids: dict[str, str] = {}

    def id_of(text: str) -> str:
        if text not in ids:
            ids[text] = f"p{len(ids) + 1}"
            corpus[ids[text]] = {"title": "", "text": text}
        return ids[text]

    return corpus, id_of
