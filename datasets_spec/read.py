"""Files → records with their line numbers: JSONL, JSON arrays, CSV/TSV (UTF-8, BOM, CP949/EUC-KR, UTF-16; comma,
semicolon, tab or pipe), any of these gzip-packed, Parquet, folders.

Every reader keeps where each record came from, so a later check can say "line 17" instead of "record 16".
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasets_spec import folders, sniff
from datasets_spec.errors import Problems
from datasets_spec.folders import SUFFIXES

# Excel in Korea saves CSV as CP949 (a superset of EUC-KR); everything else should be UTF-8, often with a BOM
TEXT_ENCODINGS = ("utf-8-sig", "cp949")
# The files of one folder are read by one `datasets` builder (and the separator a TSV needs), as load_dataset would.
BUILDERS = {
    "jsonl": ("json", None),
    "json": ("json", None),
    "csv": ("csv", None),
    "tsv": ("csv", "\t"),
    "parquet": ("parquet", None),
}


@dataclass
class Table:
    """The records of one file, each with its line (text files) or row (Parquet, dataset folders) number."""

    path: Path
    records: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    unit: str = "line"
    cells_are_text: bool = False  # CSV cells: a list arrives as the JSON text of a list
    encoding: str = "utf-8"

    def __iter__(self):
        return zip(self.lines, self.records, strict=True)

    def __len__(self) -> int:
        return len(self.records)


def decode(path: Path, data: bytes, problems: Problems) -> tuple[str, str] | None:
    """The text and the encoding that reads it, a gzip file being unpacked first whatever its name; a file that is
    not text is one error saying what it is, or naming the first bad line."""
    packed = data[:2] == sniff.GZIP_MAGIC
    try:
        if packed:
            data = sniff.unpack(data)
        if data.startswith(sniff.ZIP_MAGIC):
            raise sniff.Unreadable("a ZIP archive (an Excel .xlsx is one), not text; unpack it or save it as CSV")
        text, encoding = _text(data)
    except sniff.Unreadable as exc:
        problems.error(path, None, None, str(exc))
        return None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].decode(exc.encoding, errors="replace").count("\n") + 1
        said = (
            "UTF-16 text with bytes that are not UTF-16" if "16" in exc.encoding else "not UTF-8, CP949 or EUC-KR text"
        )
        problems.error(path, line, None, f"{said}; save the file as UTF-8")
        return None
    return text, f"{encoding}, gzip-packed" if packed else encoding


def _text(data: bytes) -> tuple[str, str]:
    """UTF-16 when its BOM or NUL bytes say so (its ASCII is valid UTF-8 too, NULs and all), else the first of
    TEXT_ENCODINGS that reads every byte; UnicodeDecodeError from the first encoding tried when none does."""
    codec = sniff.utf16(data)
    if codec:
        return data.decode(codec), "utf-16 with BOM" if codec == "utf-16" else codec
    first_error: UnicodeDecodeError | None = None
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
            bom = encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf")
            return text, "utf-8 with BOM" if bom else encoding.removesuffix("-sig")
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise first_error


def read_jsonl(path: Path, text: str, problems: Problems) -> Table:
    table = Table(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.error(path, number, None, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            problems.error(path, number, None, f"expected a JSON object {{...}}, got {type(obj).__name__}")
            continue
        table.records.append(obj)
        table.lines.append(number)
    return table


def read_json(path: Path, text: str, problems: Problems) -> Table:
    """A JSON array of objects (or {"data": [...]}), each record located at the line its object starts on."""
    table = Table(path)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.error(path, exc.lineno, None, f"invalid JSON ({exc.msg} at column {exc.colno})")
        return table
    if isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), list):
        value = next(iter(value.values()))
    if not isinstance(value, list):
        problems.error(path, 1, None, "expected a JSON array of objects [{...}, ...] (or JSON Lines in a .jsonl file)")
        return table
    starts = _object_lines(text)
    for index, obj in enumerate(value):
        line = starts[index] if index < len(starts) else None
        if not isinstance(obj, dict):
            problems.error(path, line, None, f"item {index + 1}: expected a JSON object, got {type(obj).__name__}")
            continue
        table.records.append(obj)
        table.lines.append(line)
    return table


def _object_lines(text: str) -> list[int]:
    """The line on which each top-level array element starts, found with the json decoder itself."""
    decoder = json.JSONDecoder()
    start = text.find("[")
    lines, position, line = [], start + 1, 1 + text.count("\n", 0, start + 1)
    whitespace = re.compile(r"[\s,]*")
    while True:
        skip = whitespace.match(text, position).end()
        line += text.count("\n", position, skip)
        if skip >= len(text) or text[skip] == "]":
            return lines
        lines.append(line)
        _, end = decoder.raw_decode(text, skip)
        line += text.count("\n", skip, end)
        position = end


def read_csv(path: Path, text: str, problems: Problems, sep: str) -> Table:
    """Every cell as text (a label "007" stays "007"); a row's line is its index + 2, the header being line 1.

    `sep` is the file type's delimiter; a file whose first lines use another (a semicolon CSV from a European
    Excel) is read with that one, and a parse error says which delimiter was used and why."""
    import pandas as pd

    used, how, seems = sniff.delimiter(text, sep)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=used, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        found = re.search(r"line (\d+)", str(exc))
        kind = "TSV" if sep == "\t" else "CSV"
        problems.error(
            path,
            int(found.group(1)) if found else None,
            None,
            f"malformed {kind}{_read_as(used, how, seems, sep)}: {str(exc).strip()}",
        )
        return Table(path, cells_are_text=True)
    except pd.errors.EmptyDataError:
        problems.error(path, None, None, "empty file")
        return Table(path, cells_are_text=True)
    records = frame.to_dict("records")
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed:")]
    if unnamed:
        problems.error(path, 1, str(unnamed[0]), "a column has no name in the header row")
    return Table(path, records, list(range(2, len(records) + 2)), cells_are_text=True)


def _read_as(used: str, how: str, seems: str | None, default: str) -> str:
    """Which delimiter a failed parse used, when it is not simply the file type's own found in its first lines."""
    if how == "detected" and used == default:
        return ""
    if how == "detected":
        return f" (read as {sniff.name(used)}-separated, as its first lines are)"
    if how == "header":
        return f" (read as {sniff.name(used)}-separated, the only delimiter in its header line)"
    if seems and seems != used:
        return f" (read as {sniff.name(used)}-separated by default; its header line seems to use {sniff.name(seems)}s)"
    return ""


def read_parquet(path: Path, problems: Problems) -> Table:
    import pyarrow.parquet as pq

    try:
        arrow = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for damaged files; all mean "not a Parquet file"
        problems.error(path, None, None, f"not a readable Parquet file ({exc})")
        return Table(path, unit="row")
    records = arrow.to_pylist()
    if b"huggingface" in (arrow.schema.metadata or {}):  # written by `datasets`: its features say what labels mean
        import datasets

        records = with_label_names(records, datasets.Features.from_arrow_schema(arrow.schema))
    return Table(path, records, list(range(1, len(records) + 1)), unit="row")


def read_dataset_folder(path: Path, problems: Problems, split: str = "train") -> Table:
    """A folder saved with `save_to_disk`, or data files side by side; rows are numbered from 1.

    `datasets` is only ever pointed at what `folders.layout` found on the top level, never at the folder itself:
    given a folder, `load_dataset` walks its whole tree."""
    try:
        found = folders.layout(path)
    except folders.NotADatasetFolder as exc:
        problems.error(path, None, None, exc.reason)
        return Table(path, unit="row")
    if found.kind in (folders.LEGAL, folders.IDS, folders.BEIR):
        problems.error(path, None, None, f"holds {found.kind} examples with their corpus, not one table of records")
        return Table(path, unit="row")
    return read_layout(found, problems, split)


def read_layout(found: folders.Layout, problems: Problems, split: str = "train") -> Table:
    """The rows of a SAVED or FILES layout's `split`, read with `datasets`."""
    import datasets

    path = found.folder
    try:
        if found.kind == folders.SAVED:
            loaded = datasets.load_from_disk(str(path))
        else:
            builders = {BUILDERS[SUFFIXES[file.suffix.lower()]] for file in found.files}
            if len(builders) > 1:
                kinds = ", ".join(sorted({file.suffix.lower() for file in found.files}))
                problems.error(path, None, None, f"mixes file types ({kinds}); keep one type of data file per folder")
                return Table(path, unit="row")
            ((builder, sep),) = builders
            options = {"sep": sep} if sep else {}
            loaded = datasets.load_dataset(builder, data_files=found.data_files(), **options)
    except Exception as exc:  # datasets wraps every failure differently; the message is what the user needs
        problems.error(path, None, None, f"not a dataset folder `datasets` can read ({exc})")
        return Table(path, unit="row")
    if isinstance(loaded, datasets.DatasetDict):
        if split not in loaded:
            problems.error(path, None, None, f"no {split!r} split (found {', '.join(loaded)})")
            return Table(path, unit="row")
        loaded = loaded[split]
    records = with_label_names(loaded.to_list(), loaded.features)
    return Table(path, records, list(range(1, len(records) + 1)), unit="row")


def with_label_names(records: list[dict], features: dict) -> list[dict]:
    """`records` with each ClassLabel column's numbers turned back into the names the dataset declares.

    `datasets` stores a ClassLabel as its index, and `to_list` hands out the index: the names, the only record of
    what 0, 1 and 2 mean, would be lost. -1 is datasets' "no label" and becomes a missing value."""
    import datasets

    names = {column: feature for column, feature in features.items() if isinstance(feature, datasets.ClassLabel)}
    for record in records if names else ():
        for column, feature in names.items():
            value = record.get(column)
            if isinstance(value, int) and not isinstance(value, bool):
                record[column] = feature.int2str(value) if 0 <= value < feature.num_classes else None
    return records


def kind_of(path: Path) -> str | None:
    """The reader a file's name asks for; `.jsonl.gz` and the like are read as the text kind packed inside."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if len(suffixes) > 1 and suffixes[-1] == ".gz" and SUFFIXES.get(suffixes[-2]) not in (None, "parquet"):
        return SUFFIXES[suffixes[-2]]
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def read_table(path: str | Path, problems: Problems) -> Table:
    """Read any supported file (or dataset folder); problems go to `problems`, never as a traceback."""
    path = Path(path)
    if not path.exists():
        problems.error(path, None, None, "no such file or folder")
        return Table(path)
    if path.is_dir():
        return read_dataset_folder(path, problems)
    kind = kind_of(path)
    if kind is None:
        known = f"{', '.join(SUFFIXES)}, or a text one gzip-packed (.jsonl.gz)"
        problems.error(path, None, None, f"unknown file type {path.suffix!r}: use {known}")
        return Table(path)
    if kind == "parquet":
        return read_parquet(path, problems)
    decoded = decode(path, path.read_bytes(), problems)
    if decoded is None:
        return Table(path)
    text, encoding = decoded
    if kind == "jsonl":
        table = read_jsonl(path, text, problems)
    elif kind == "json":
        table = read_json(path, text, problems)
    else:
        table = read_csv(path, text, problems, "\t" if kind == "tsv" else ",")
    table.encoding = encoding
    if not table.records and problems.ok:
        problems.error(path, None, None, "no records")
    return table
