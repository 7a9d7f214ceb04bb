"""`python -m datasets_spec sample`: n training examples drawn with a seed, by law in proportion when asked (every
law kept while n allows), stored with the validation split and corpus whole, and refused in one sentence when n is
more than there is."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from datasets_spec import store
from datasets_spec.__main__ import main
from datasets_spec.load import load
from datasets_spec.sample import allocate
from tests.datasets_spec.examples import write_jsonl

# Training examples per law: two small laws that a plain draw of 20 would usually lose.
LAWS = {"민법": 60, "형법": 25, "상법": 12, "근로기준법": 2, "주택임대차보호법": 1}
TOTAL = sum(LAWS.values())
VALIDATION = 10


def passage_id(law: str, article: int) -> str:
    """상법's ids carry no law (its "law" field says it); 근로기준법's rows have no "law" field (the id says it)."""
    return f"c{article}" if law == "상법" else f"{law}|{article}"


def law_of_row(law: str, article: int) -> dict:
    row = {"id": passage_id(law, article), "title": f"{law} 제{article}조", "text": f"{law} 제{article}조의 본문"}
    return row if law == "근로기준법" else {**row, "law": law}


@pytest.fixture
def legal(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> str:
    """A stored retrieval dataset 'legal': TOTAL training examples, each citing an article of its law first."""
    corpus = [law_of_row(law, k) for law, count in LAWS.items() for k in range(1, count + VALIDATION + 1)]
    other = {law: next(o for o in LAWS if o != law) for law in LAWS}
    train = [
        {
            "query_id": f"{law}-{k}",
            "query_text": f"{law}에 관한 {k}번째 질문",
            "positive_passages": [passage_id(law, k), passage_id(other[law], 1)],
            "hard_negatives": [passage_id(other[law], 2)],
        }
        for law, count in LAWS.items()
        for k in range(1, count + 1)
    ]
    validation = [
        {"query_id": f"v{k}", "query_text": f"검증 질문 {k}", "positive_passages": [passage_id("민법", 70 - k)]}
        for k in range(VALIDATION)
    ]
    args = [
        "import",
        write_jsonl(tmp_path / "train.jsonl", train),
        "--corpus",
        write_jsonl(tmp_path / "c.jsonl", corpus),
    ]
    args += ["--validation", write_jsonl(tmp_path / "validation.jsonl", validation), "--name", "legal"]
    assert main(list(map(str, args))) == 0, capsys.readouterr()
    capsys.readouterr()
    return "legal"


def sample(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["sample", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def kept_ids(name: str) -> list[str]:
    return [e["query_id"] for e in store.load(name).train]


def laws_kept(name: str) -> Counter:
    return Counter(qid.rsplit("-", 1)[0] for qid in kept_ids(name))


def test_the_seed_decides_the_sample(legal: str, capsys: pytest.CaptureFixture) -> None:
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        code, out, err = sample(capsys, legal, "--n", "30", "--seed", seed, "--name", name)
        assert code == 0, err
        assert out.splitlines()[0] == f"sampled 30 of {TOTAL} training examples of 'legal' (seed {seed})"
    assert len(kept_ids("a")) == len(set(kept_ids("a"))) == 30
    assert kept_ids("a") == kept_ids("b")
    assert kept_ids("a") != kept_ids("c")


@pytest.mark.parametrize("n", [3, 5, 20, 50, TOTAL])
def test_stratified_by_law_keeps_every_law_in_proportion(legal: str, n: int, capsys: pytest.CaptureFixture) -> None:
    code, out, err = sample(capsys, legal, "--n", str(n), "--stratify", "law", "--seed", "1", "--name", "by-law")
    assert code == 0, err
    kept = laws_kept("by-law")
    assert sum(kept.values()) == n
    if n >= len(LAWS):
        assert set(kept) == set(LAWS), "a law with an example was dropped"
        assert f"{len(LAWS)} of {len(LAWS)} laws kept" in out
    # Within rounding, but for the laws raised to one example: each takes it from a law at or above its share.
    raised = sum(n * count < TOTAL for count in LAWS.values()) if n >= len(LAWS) else 0
    for law, count in LAWS.items():
        assert abs(kept[law] - n * count / TOTAL) < 1 + raised, (law, kept)
    strata = json.loads((store.datasets_dir() / "by-law" / "manifest.json").read_text("utf-8"))["made_by"]["strata"]
    assert strata == {law: {"kept": kept[law], "of": count} for law, count in LAWS.items()}


@pytest.mark.parametrize("seed", range(5))
def test_shares_are_largest_remainders_with_every_stratum_kept(seed: int) -> None:
    assert allocate({"a": 50, "b": 30, "c": 20}, 7, random.Random(seed)) == {"a": 4, "b": 2, "c": 1}  # 3.5 2.1 1.4
    assert allocate({"a": 50, "b": 30, "c": 20}, 2, random.Random(seed)) == {"a": 1, "b": 1, "c": 0}  # 1 .6 .4
    # allocate's docstring: exact shares 12, 5, 2.4, 0.4, 0.2; the two small laws raised to one each.
    shares = allocate(dict(zip("abcde", LAWS.values(), strict=True)), 20, random.Random(seed))
    assert shares in ({"a": 12, "b": 4, "c": 2, "d": 1, "e": 1}, {"a": 11, "b": 5, "c": 2, "d": 1, "e": 1})


def test_the_sample_is_stored_whole_and_valid(legal: str, capsys: pytest.CaptureFixture) -> None:
    code, out, err = sample(capsys, legal, "--n", "20", "--stratify", "law", "--seed", "3", "--name", "small")
    assert code == 0, err
    assert out.splitlines()[-2:] == [
        f"kept whole: {VALIDATION} validation examples and {len(store.load(legal).corpus)} passages",
        f"stored {store.datasets_dir() / 'small'}",
    ]
    source, small = store.load(legal), store.load("small")
    assert small.task == "retrieval" and small.corpus == source.corpus and small.validation == source.validation
    assert all(e in source.train for e in small.train)
    assert small.manifest["counts"] == {"train": 20, "validation": VALIDATION, "passages": len(source.corpus)}
    made_by = small.manifest["made_by"]
    assert made_by["parameters"] == {"n": 20, "stratify": "law"} and made_by["seed"] == 3
    assert made_by["source_datasets"] == [legal]
    reread = load(small.path / "train.jsonl", format="ids", corpus=small.path / "corpus.jsonl")
    assert reread.problems.ok, reread.problems.lines()
    assert len(reread.examples) == 20


def test_more_than_there_is_exits_2_in_one_sentence(legal: str, capsys: pytest.CaptureFixture) -> None:
    code, out, err = sample(capsys, legal, "--n", str(TOTAL + 1), "--name", "big")
    assert code == 2 and out == ""
    assert err == f"error: n = {TOTAL + 1}: 'legal' has {TOTAL} training examples, so n must be 1 to {TOTAL}\n"
    assert "big" not in store.list_datasets()


def test_sft_is_sampled_plainly_and_classification_by_label(data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = sample(capsys, store.JSON_TASK_SAMPLE, "--n", "10", "--seed", "5", "--name", "sft-10")
    assert code == 0, err
    sft = store.load("sft-10")
    assert sft.task == "sft" and len(sft.train) == 10
    assert sft.validation == store.load(store.JSON_TASK_SAMPLE).validation

    code, _, err = sample(capsys, store.JSON_TASK_SAMPLE, "--n", "10", "--stratify", "law", "--name", "x")
    assert code == 2
    assert err == (
        f"error: stratify = 'law' needs retrieval data, and {store.JSON_TASK_SAMPLE!r} holds sft examples; "
        "sample it without stratify\n"
    )

    labels = Counter(e["label"] for e in store.load(store.CLASSIFICATION_SAMPLE).train)
    n = len(labels) + 2
    code, out, err = sample(capsys, store.CLASSIFICATION_SAMPLE, "--n", str(n), "--stratify", "label", "--name", "cls")
    assert code == 0, err
    kept = Counter(e["label"] for e in store.load("cls").train)
    assert sum(kept.values()) == n and set(kept) == set(labels)
    assert f"{len(labels)} of {len(labels)} labels kept" in out
