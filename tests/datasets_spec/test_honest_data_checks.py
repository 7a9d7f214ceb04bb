"""Data that used to load wrong, each checked with the numbers a person would count by hand (issue 18, "Data"):
numbers given as passages, one class or score labels, semicolon CSVs, UTF-16 and gzip files, ClassLabel names lost,
and a median of two values reported as the upper one. Every file is written for real in tmp_path."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from datasets_spec import store
from datasets_spec.load import load
from datasets_spec.stats import median, statistics, summary_lines


def jl(*rows: object) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def sheet(rows: list[list[str]], sep: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


# ---------------------------------------------------------------------------------------------------------------
# 1. FlagEmbedding passages must be text: `neg: [1, 2]` used to become the passages "1" and "2"

FLAG = [
    {"query": "보증금 반환", "pos": ["제618조 임대차"], "neg": ["제750조 불법행위"]},
    {"query": "손해배상", "pos": ["제390조 채무불이행"], "neg": ["제618조 임대차"]},
]


def flag_parquet(rows: list[dict]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buffer)
    return buffer.getvalue()


FLAG_CSV = [["query", "pos", "neg"], *([r["query"], json.dumps(r["pos"]), json.dumps(r["neg"])] for r in FLAG)]


@pytest.mark.parametrize(
    ("name", "content", "lines", "field"),
    [
        ("d.jsonl", jl(FLAG[0], {**FLAG[1], "neg": [1, 2]}), [2], "neg[0]"),
        ("d.jsonl", jl({**FLAG[0], "pos": ["제618조 임대차", 3.5]}, FLAG[1]), [1], "pos[1]"),
        ("d.parquet", flag_parquet([{**r, "neg": [7]} for r in FLAG]), [1, 2], "neg[0]"),  # one type per column
        ("d.csv", sheet([*FLAG_CSV[:2], [*FLAG_CSV[2][:2], "[1, 2]"]]).encode(), [3], "neg[0]"),
    ],
    ids=["jsonl-neg-ints", "jsonl-pos-float", "parquet-neg-int", "csv-cell-ints"],
)
def test_a_number_where_a_passage_belongs_is_a_located_error(
    tmp_path: Path, name: str, content: bytes, lines: list[int], field: str
) -> None:
    path = write(tmp_path, name, content)
    loaded = load(path, format="flag")
    assert loaded.problems.lines() == [f"{path}:{line}: {field}: is a number, not a passage text" for line in lines]


def test_numbers_as_strings_stay_passages_and_ids_may_still_be_numbers(tmp_path: Path) -> None:
    flag = load(write(tmp_path, "f.jsonl", jl({**FLAG[0], "neg": ["1", "2"]})))
    assert flag.problems.ok and sorted(p["text"] for p in flag.corpus.values()) == ["1", "2", "제618조 임대차"]
    write(tmp_path, "corpus.jsonl", jl({"id": 1, "text": "제618조 임대차"}, {"id": 2, "text": "제750조 불법행위"}))
    ids = load(write(tmp_path, "train.jsonl", jl({"query_text": "보증금", "positive_passages": [1]})))
    assert ids.problems.ok and ids.examples[0]["positive_passages"] == ["1"]


# ---------------------------------------------------------------------------------------------------------------
# 2. classification labels: one class, or scores in the label column

SCORES = [0.5 + i / 100 for i in range(12)]  # 12 distinct similarity scores: 12 "classes" of one row each


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        (
            "d.jsonl",
            jl(*({"text": f"문장 {i}", "label": s} for i, s in enumerate(SCORES))),
            1,
            "0.5 looks like a score, not a class: 12 rows have a fractional label (12 distinct, which would become "
            "12 classes); give each row a class name or a whole number",
        ),
        (
            "d.csv",
            sheet([["text", "label"], *([f"문장 {i}", str(s)] for i, s in enumerate(SCORES[:4] * 2))]).encode(),
            2,
            "0.5 looks like a score, not a class: 8 rows have a fractional label (4 distinct, which would become "
            "4 classes); give each row a class name or a whole number",
        ),
        (
            "d.jsonl",
            jl({"text": "가", "label": "계약"}, {"text": "나", "label": "불법행위"}, {"text": "다", "label": 2.5}),
            3,
            "2.5 looks like a score, not a class: 1 row has a fractional label; give each row a class name or a "
            "whole number",
        ),
    ],
    ids=["jsonl-12-scores", "csv-4-scores-twice", "one-score-among-names"],
)
def test_fractional_labels_are_refused_once_naming_the_field_and_a_value(
    tmp_path: Path, name: str, content: bytes, line: int, message: str
) -> None:
    path = write(tmp_path, name, content)
    loaded = load(path)
    assert loaded.problems.lines() == [f"{path}:{line}: label: {message}"]


@pytest.mark.parametrize(
    ("labels", "classes"),
    [
        ([0, 1, 2, 1], {"0": 1, "1": 2, "2": 1}),
        ([0.0, 1.0, 1.0, 0.0], {"0": 2, "1": 2}),  # a float column's whole numbers are the classes 0 and 1
        (["1.0", "2.0", "1.0"], {"1.0": 2, "2.0": 1}),  # text is kept as written, as "007" is
        (["계약", "가족", "계약"], {"계약": 2, "가족": 1}),
    ],
)
def test_whole_numbers_and_names_stay_labels(tmp_path: Path, labels: list, classes: dict[str, int]) -> None:
    loaded = load(write(tmp_path, "d.jsonl", jl(*({"text": f"문장 {i}", "label": v} for i, v in enumerate(labels)))))
    assert loaded.problems.ok, loaded.problems.lines()
    counts = {c["label"]: c["count"] for c in statistics("classification", loaded.examples)["classes"]}
    assert counts == classes


@pytest.mark.parametrize(
    ("sizes", "min_samples", "message"),
    [
        (
            {"스팸": 7},
            0,
            "all 7 rows have the label '스팸': one class leaves a classifier nothing to learn; add rows of another "
            "class",
        ),
        (
            {"계약": 20, "가족": 2, "상속": 1},
            5,
            "once classes under 5 rows (가족, 상속) are left out, all 20 rows have the label '계약': one class leaves "
            "a classifier nothing to learn; add rows of another class",
        ),
    ],
    ids=["one-label", "one-left-after-rare-classes"],
)
def test_one_class_is_refused_when_stored_saying_how_many_rows_and_which_label(
    data_dir: Path, tmp_path: Path, sizes: dict[str, int], min_samples: int, message: str
) -> None:
    rows = [{"text": f"{label} 문장 {i}", "label": label} for label, n in sizes.items() for i in range(n)]
    path = write(tmp_path, "d.jsonl", jl(*rows))
    with pytest.raises(store.DatasetRejected) as info:
        store.import_file(path, "one", min_samples_per_class=min_samples)
    assert info.value.problems.lines() == [f"{path}: label: {message}"]
    assert store.list_datasets() == []
    if len(sizes) == 1:  # validate and stats still describe the file; the warning says why it cannot be trained on
        assert load(path).problems.lines("warnings") == [f"{path}: label: {message}"]


# ---------------------------------------------------------------------------------------------------------------
# 3. CSV delimiters: a semicolon CSV used to get "line 4: Expected 1 fields, saw 2"

CLS_ROWS = [["text", "label"], ["문장 1", "계약"], ["문장 2", "불법행위"], ["문장, 셋", "계약"], ["문장 4", "가족"]]


@pytest.mark.parametrize(
    ("name", "sep"),
    [("d.csv", ";"), ("d.csv", "|"), ("d.csv", "\t"), ("d.tsv", ","), ("d.tsv", ";"), ("d.csv", ",")],
    ids=["csv-semicolon", "csv-pipe", "csv-tab", "tsv-comma", "tsv-semicolon", "csv-comma"],
)
def test_the_delimiter_is_detected_from_the_first_lines(tmp_path: Path, name: str, sep: str) -> None:
    loaded = load(write(tmp_path, name, sheet(CLS_ROWS, sep).encode()))
    assert loaded.problems.ok, loaded.problems.lines()
    assert [[e["text"], e["label"]] for e in loaded.examples] == CLS_ROWS[1:]
    assert loaded.lines == [2, 3, 4, 5]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "text;label\n문장 1;계약\n문장 2;불법;행위\n문장 3\n",
            3,
            "malformed CSV (read as semicolon-separated, the only delimiter in its header line): "
            "Error tokenizing data. C error: Expected 2 fields in line 3, saw 3",
        ),
        (
            "text;label;note,x\n1;2;3,4\n5;6\n7;8;9,1,2\n",
            4,
            "malformed CSV (read as comma-separated by default; its header line seems to use semicolons): "
            "Error tokenizing data. C error: Expected 2 fields in line 4, saw 3",
        ),
    ],
    ids=["header-says-semicolon", "undetected-default-comma"],
)
def test_a_parse_error_names_the_delimiter_used_and_the_one_the_file_seems_to_use(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, "d.csv", text.encode())
    assert load(path).problems.lines() == [f"{path}:{line}: {message}"]


# ---------------------------------------------------------------------------------------------------------------
# 4. what a file is: UTF-16 (by its BOM or NUL bytes) is read, gzip is unpacked, a ZIP is named

CLS = [{"text": f"판결 {i}번", "label": ["계약", "가족"][i % 2]} for i in range(4)]
CLS_TEXT = jl(*CLS).decode()
CLS_CSV = sheet([["text", "label"], *([r["text"], r["label"]] for r in CLS)])


@pytest.mark.parametrize(
    ("name", "content", "encoding"),
    [
        ("d.jsonl", CLS_TEXT.encode("utf-16"), "utf-16 with BOM"),
        ("d.csv", CLS_CSV.encode("utf-16-le"), "utf-16-le"),
        ("d.jsonl", CLS_TEXT.encode("utf-16-be"), "utf-16-be"),
        ("d.jsonl", gzip.compress(CLS_TEXT.encode()), "utf-8, gzip-packed"),
        ("d.jsonl.gz", gzip.compress(CLS_TEXT.encode()), "utf-8, gzip-packed"),
        ("d.csv.gz", gzip.compress(CLS_CSV.encode("cp949")), "cp949, gzip-packed"),
        (
            "d.json.gz",
            gzip.compress(json.dumps(CLS, ensure_ascii=False).encode("utf-16")),
            "utf-16 with BOM, gzip-packed",
        ),
    ],
    ids=[
        "utf16-bom",
        "utf16le-no-bom",
        "utf16be-no-bom",
        "gzip-named-jsonl",
        "jsonl.gz",
        "cp949-csv.gz",
        "utf16-json.gz",
    ],
)
def test_utf16_and_gzip_files_are_read(tmp_path: Path, name: str, content: bytes, encoding: str) -> None:
    loaded = load(write(tmp_path, name, content))
    assert loaded.problems.ok, loaded.problems.lines()
    assert loaded.encoding == encoding
    assert [{"text": e["text"], "label": e["label"]} for e in loaded.examples] == CLS


@pytest.mark.parametrize(
    ("name", "content", "located"),
    [
        (
            "d.jsonl.gz",
            gzip.compress(CLS_TEXT.encode())[:30],
            ": a gzip file that cannot be unpacked "
            "(Compressed file ended before the end-of-stream marker was reached)",
        ),
        (
            "d.csv",
            b"PK\x03\x04" + bytes(40),
            ": a ZIP archive (an Excel .xlsx is one), not text; unpack it or save it as CSV",
        ),
        (
            "d.jsonl",
            CLS_TEXT.encode("utf-16") + b"\x00",
            ":5: UTF-16 text with bytes that are not UTF-16; save the file as UTF-8",
        ),
        ("d.csv", CLS_CSV.encode() + b"\xff,x\n", ":6: not UTF-8, CP949 or EUC-KR text; save the file as UTF-8"),
    ],
    ids=["damaged-gzip", "zip", "utf16-odd-byte", "undecodable"],
)
def test_a_file_that_is_not_text_is_named(tmp_path: Path, name: str, content: bytes, located: str) -> None:
    path = write(tmp_path, name, content)
    assert load(path).problems.lines() == [f"{path}{located}"]


# ---------------------------------------------------------------------------------------------------------------
# 5. ClassLabel names survive save_to_disk and Parquet written by `datasets`

NAMES = ["계약", "불법행위", "가족"]


def class_dataset(labels: list[int]):
    import datasets

    features = datasets.Features({"text": datasets.Value("string"), "label": datasets.ClassLabel(names=NAMES)})
    return datasets.Dataset.from_dict({"text": [f"판결 {i}" for i in range(len(labels))], "label": labels}, features)


def saved(folder: Path, labels: list[int]) -> Path:
    class_dataset(labels).save_to_disk(str(folder / "saved"))
    return folder / "saved"


def saved_dict(folder: Path, labels: list[int]) -> Path:
    import datasets

    datasets.DatasetDict({"train": class_dataset(labels)}).save_to_disk(str(folder / "dict"))
    return folder / "dict"


def parquet_file(folder: Path, labels: list[int]) -> Path:
    class_dataset(labels).to_parquet(str(folder / "d.parquet"))
    return folder / "d.parquet"


def parquet_folder(folder: Path, labels: list[int]) -> Path:
    (folder / "shards").mkdir()
    class_dataset(labels).to_parquet(str(folder / "shards" / "train.parquet"))
    return folder / "shards"


@pytest.mark.parametrize("make", [saved, saved_dict, parquet_file, parquet_folder])
def test_class_label_names_are_kept(tmp_path: Path, make) -> None:
    path = make(tmp_path, [0, 1, 2, 0, 0, 1])
    loaded = load(path)
    assert loaded.problems.ok, loaded.problems.lines()
    assert [e["label"] for e in loaded.examples] == ["계약", "불법행위", "가족", "계약", "계약", "불법행위"]
    classes = statistics("classification", loaded.examples)["classes"]
    assert [(c["label"], c["count"]) for c in classes] == [("계약", 3), ("불법행위", 2), ("가족", 1)]


def test_a_class_label_of_minus_one_is_a_missing_label_on_its_row(tmp_path: Path) -> None:
    path = saved(tmp_path, [0, 1, -1, 2])
    assert load(path).problems.lines() == [f"{path}:3: label: missing (expected a non-empty string)"]


# ---------------------------------------------------------------------------------------------------------------
# 6. the median is the middle value, or halfway between the two middle ones


@pytest.mark.parametrize(
    ("values", "expected"),
    [([3, 14], 8.5), ([1, 2, 3], 2), ([2, 4], 3), ([5, 5, 6, 9], 5.5), ([7], 7), ([1, 1, 2, 100], 1.5)],
)
def test_median(values: list[int], expected: float) -> None:
    assert median(values) == expected and type(median(values)) is type(expected)


def test_statistics_report_the_real_median_of_two_texts() -> None:
    examples = [{"text": "가" * 3, "label": "a"}, {"text": "나" * 14, "label": "b"}]
    stats = statistics("classification", examples)
    assert stats["lengths"]["text"]["mean"] == 8.5 and stats["lengths"]["text"]["p50"] == 8.5
    assert summary_lines(stats)[1] == "text length (characters): mean 8.5, median 8.5, p95 14, max 14"
