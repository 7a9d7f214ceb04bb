"""Pair building, splitting, storing and exporting the legal dataset, on hand-made files and the bundled sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from datasets_spec import store
from datasets_spec.errors import DataError
from datasets_spec.formats.beir import load_beir
from datasets_spec.formats.legal import Case, Passage, read_cases, read_passages
from datasets_spec.pairs import build_pairs
from datasets_spec.split import split_by_group

ROOT = Path(__file__).resolve().parents[2]


def passage(law: str, article: str) -> Passage:
    return Passage(f"{law}|{article}", law, article, f"{law} {article}", f"제{article}조 본문")


PASSAGES = [passage("민법", a) for a in ("750", "751", "756", "390")] + [passage("상법", a) for a in ("24", "42")]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_positives_follow_the_references_and_negatives_come_from_the_same_law() -> None:
    cases = [
        Case("c1", "직원의 교통사고", "민법 제750조, 제756조 제1항, 제756조 제2항"),
        Case("c2", "명의대여", "상법 제24조"),
    ]
    report = build_pairs(PASSAGES, cases, negatives_per_query=8, seed=1)
    first, second = report.examples
    assert first["positive_passages"] == ["민법|750", "민법|756"]  # 항 of one article cite one passage
    assert set(first["hard_negatives"]) == {"민법|751", "민법|390"}
    assert second["positive_passages"] == ["상법|24"]
    assert second["hard_negatives"] == ["상법|42"]
    assert first["query_text"] == "직원의 교통사고" and first["query_id"] == "c1"


def test_missing_articles_and_unreadable_fragments_are_reported_not_dropped_silently() -> None:
    cases = [
        Case("c1", "q1", "민법 제750조, 제9999조"),
        Case("c2", "q2", "형법 제347조"),
        Case("c3", "q3", "민법 제칠백오십조"),
    ]
    report = build_pairs(PASSAGES, cases)
    assert [e["query_id"] for e in report.examples] == ["c1"]
    assert ("c1", "민법|9999") in report.missing and ("c2", "형법|347") in report.missing
    assert report.dropped == ["c2", "c3"]
    assert report.unreadable and report.unreadable[0][0] == "c3"
    assert "1 examples; 2 cases without a positive" in report.summary()


def test_negatives_are_seeded() -> None:
    cases = [Case("c1", "q", "민법 제750조")]
    runs = [build_pairs(PASSAGES, cases, negatives_per_query=2, seed=s).examples[0]["hard_negatives"] for s in (3, 3)]
    assert runs[0] == runs[1] and len(runs[0]) == 2


def test_split_keeps_each_group_on_one_side() -> None:
    items = [{"case": f"c{i // 2}", "n": i} for i in range(40)]
    train, validation = split_by_group(items, lambda x: x["case"], 0.25, seed=7)
    assert {x["case"] for x in train}.isdisjoint({x["case"] for x in validation})
    assert len(train) + len(validation) == 40 and len(validation) == 10
    assert split_by_group(items, lambda x: x["case"], 0.25, seed=7) == (train, validation)
    with pytest.raises(ValueError, match="validation_ratio"):
        split_by_group(items, lambda x: x["case"], 1.0)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: invalid JSON"),
        ('{"id": "x", "law": "민법", "article": "1", "title": "t"}', "line 2, field 'text': missing"),
        ('{"id": "x", "law": "민법", "article": "1", "title": "t", "text": ["a"]}', "field 'text': expected a string"),
        (
            '{"id": "민법|750", "law": "민법", "article": "750", "title": "t", "text": "b"}',
            "line 2, field 'id': duplicate passage id '민법|750' (first on line 1)",
        ),
        ('["a list"]', "line 2: expected a JSON object"),
    ],
)
def test_bad_passages_name_file_line_and_field(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "passages.jsonl"
    first = {"id": "민법|750", "law": "민법", "article": "750", "title": "t", "text": "본문"}
    path.write_text(json.dumps(first, ensure_ascii=False) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_passages(path)
    assert str(info.value).startswith(str(path)) and message in str(info.value)


def test_empty_query_is_an_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "cases.jsonl", [{"id": "c1", "query": "  ", "references": "민법 제750조"}])
    with pytest.raises(DataError, match=r"line 1, field 'query': empty"):
        read_cases(path)


def test_bundled_sample_meets_its_promises() -> None:
    passages = read_passages(store.SAMPLE_DIR / "passages.jsonl")
    cases = read_cases(store.SAMPLE_DIR / "cases.jsonl")
    assert len(passages) >= 120 and len({p.law for p in passages}) >= 4 and len(cases) >= 300
    report = build_pairs(passages, cases)
    assert not report.missing and not report.unreadable and not report.dropped
    cited = {pid for e in report.examples for pid in e["positive_passages"]}
    assert cited == {p.id for p in passages}, "every article is some case's positive"


def test_store_imports_the_sample_once_split_by_case(data_dir: Path) -> None:
    dataset = store.load(store.SAMPLE_NAME)
    assert dataset.path == data_dir / "datasets" / store.SAMPLE_NAME
    counts = dataset.manifest["counts"]
    assert counts["train"] + counts["validation"] == 345 and counts["validation"] >= 50
    assert {e["query_id"] for e in dataset.train}.isdisjoint({e["query_id"] for e in dataset.validation})
    every = dataset.train + dataset.validation
    assert all(pid in dataset.corpus for e in every for pid in e["positive_passages"] + e["hard_negatives"])
    assert store.list_datasets() == [store.SAMPLE_NAME]


@pytest.mark.slow
def test_processes_naming_the_sample_together_store_it_once(data_dir: Path) -> None:
    """The ranks of a multi-process run all resolve the bundled sample at start; none may find it half-made."""
    code = f"from datasets_spec import store; print(store.load({store.SAMPLE_NAME!r}).manifest['counts']['train'])"
    env = {**os.environ, "STUDIO_DATA_DIR": str(data_dir)}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    results = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], [err.decode()[-500:] for _, err in results]
    assert len({out for out, _ in results}) == 1
    assert store.list_datasets() == [store.SAMPLE_NAME]


def test_failed_import_leaves_existing_dataset_untouched(data_dir: Path, tmp_path: Path) -> None:
    good = store.import_legal(store.SAMPLE_DIR / "passages.jsonl", store.SAMPLE_DIR / "cases.jsonl", "mine")
    before = (good / "train.jsonl").read_bytes()
    bad_cases = tmp_path / "cases.jsonl"
    bad_cases.write_text('{"id": "c1", "query": "q", "references": "민법 제750조"}\n{oops\n', encoding="utf-8")
    with pytest.raises(DataError, match="line 2: invalid JSON"):
        store.import_legal(store.SAMPLE_DIR / "passages.jsonl", bad_cases, "mine", overwrite=True)
    assert (good / "train.jsonl").read_bytes() == before
    assert [p.name for p in (data_dir / "datasets").iterdir()] == ["mine"], "no half-written folder is left"
    with pytest.raises(FileExistsError):
        store.import_legal(store.SAMPLE_DIR / "passages.jsonl", store.SAMPLE_DIR / "cases.jsonl", "mine")
    with pytest.raises(ValueError, match="name .*no slashes"):
        store.import_legal(store.SAMPLE_DIR / "passages.jsonl", store.SAMPLE_DIR / "cases.jsonl", "../escape")


def run_cli(*args: str, stdin: str | None = None, env_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = None
    if env_dir is not None:
        import os

        env = {**os.environ, "STUDIO_DATA_DIR": str(env_dir)}
    return subprocess.run(
        [sys.executable, "-m", "datasets_spec", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.mark.slow
def test_cli_exports_flag_and_beir(data_dir: Path, tmp_path: Path) -> None:
    flag = run_cli(
        "export",
        store.SAMPLE_NAME,
        "--format",
        "flag",
        "--split",
        "train",
        "--out",
        str(tmp_path / "flag.jsonl"),
        env_dir=data_dir,
    )
    assert flag.returncode == 0, flag.stderr
    first = json.loads((tmp_path / "flag.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"query", "pos", "neg"} and first["pos"] and first["neg"]
    beir = run_cli("export", store.SAMPLE_NAME, "--format", "beir", "--out", str(tmp_path / "beir"), env_dir=data_dir)
    assert beir.returncode == 0, beir.stderr
    loaded = load_beir(tmp_path / "beir")
    dataset = store.load(store.SAMPLE_NAME)
    assert len(loaded.corpus) == len(dataset.corpus) and len(loaded.queries) == len(dataset.validation)
    assert loaded.qrels == {e["query_id"]: set(e["positive_passages"]) for e in dataset.validation}


@pytest.mark.slow
def test_cli_refs_prints_one_array_per_input() -> None:
    result = run_cli("refs", "민법 제750조, 제751조", "형법 제10조의2")
    assert result.returncode == 0
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        [{"law": "민법", "article": "750"}, {"law": "민법", "article": "751"}],
        [{"law": "형법", "article": "10의2"}],
    ]
    piped = run_cli("refs", "-", stdin="상법 제24조\n민법 제칠백오십조\n")
    assert piped.stdout.splitlines() == ['[{"law": "상법", "article": "24"}]', "[]"]
    assert piped.returncode == 1 and "input 2: could not read" in piped.stderr
