"""Hard-negative mining with real bm25s, a real tiny sentence-transformers model and real stored datasets.

The rule that matters most, that a known positive never comes back as a negative, is checked for every method on
a corpus built to tempt it: a copy of the positive under another id, a passage that is the query itself, and the
positive of another example with the same query.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

from core.knobs import ConfigError
from datasets_spec import store
from datasets_spec.mining.bm25 import char_ngrams, make_tokenizer
from datasets_spec.mining.cli import add_mine_command
from datasets_spec.mining.negatives import FEW_RANKED, FILTERED, NO_LAW, NO_TOKENS, mine
from datasets_spec.mining.options import MineOptions

QUERY = "채무자가 이행하지 아니한 때 계약을 해제할 수 있는가"
POSITIVE_TEXT = "채무자가 채무를 이행하지 아니한 때에는 채권자는 계약을 해제할 수 있다."


def tempting_corpus() -> dict[str, dict]:
    """민법 1-30 sharing the query's words; 상법|99 is 민법|1 again (spacing aside); 민법|31 is the query itself."""
    corpus = {
        f"민법|{i}": {
            "law": "민법",
            "article": str(i),
            "title": f"계약 {i}",
            "text": POSITIVE_TEXT if i == 1 else f"채권자는 계약 {i}에 따라 이행을 청구할 수 있다. 해제 사유 {i}.",
        }
        for i in range(1, 31)
    }
    corpus["상법|99"] = {
        "law": "상법",
        "article": "99",
        "title": "다른 제목",
        "text": "  " + POSITIVE_TEXT.replace(" ", "\n", 1),
    }
    corpus["민법|31"] = {"law": "민법", "article": "31", "title": "", "text": QUERY}
    return corpus


EXAMPLES = [
    {"query_id": "q1", "query_text": QUERY, "positive_passages": ["민법|1"], "hard_negatives": ["민법|30"]},
    {"query_id": "q2", "query_text": QUERY + " ", "positive_passages": ["민법|2"], "hard_negatives": []},
]
NEVER = {"민법|1", "민법|2", "상법|99", "민법|31"}  # both queries: the positives, the copy, the query itself


@pytest.fixture(scope="module")
def tiny_st(tiny_model: Path):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(tiny_model), device="cpu")


@pytest.fixture
def sample(data_dir: Path) -> store.StoredDataset:
    return store.load(store.SAMPLE_NAME)


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="python -m datasets_spec")
    add_mine_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["mine", *argv])
    return args.func(args)


@pytest.mark.parametrize("method", ["bm25", "model", "same-law"])
@pytest.mark.parametrize("sampling", ["random", "top"])
def test_known_positives_copies_and_the_query_are_never_negatives(
    method: str, sampling: str, request: pytest.FixtureRequest
) -> None:
    options = MineOptions(
        method=method, range_min=0, range_max=40, num_negatives=28, relative_margin=None, sampling_strategy=sampling
    )
    mined = mine(
        EXAMPLES, tempting_corpus(), options, model=request.getfixturevalue("tiny_st") if method == "model" else None
    )
    everything_else = set(tempting_corpus()) - NEVER
    for example, query in zip(mined.examples, mined.report.queries, strict=True):
        assert set(example["hard_negatives"]) == everything_else  # all 28 others, and nothing of NEVER
        assert [n.id for n in query.negatives] == example["hard_negatives"]
        assert query.short is None
    if method == "bm25":  # they were there to be taken: the copy and the query itself outscore everything
        assert mined.report.dropped["known positive or same text"] >= 2 * 3


def test_a_cloze_positive_keeps_its_source_article_and_sibling_cuts_out() -> None:
    """An inverse-cloze query is a sentence of its article: the article and its other cuts still contain it."""
    corpus = tempting_corpus()
    corpus["민법|1#ict1"] = {
        **corpus["민법|1"],
        "text": "채권자는 상당한 기간을 정하여 이행을 최고할 수 있다.",
        "cloze_of": "민법|1",
    }
    corpus["민법|1#ict2"] = {**corpus["민법|1"], "text": QUERY + " 채권자는 최고할 수 있다.", "cloze_of": "민법|1"}
    example = {"query_id": "c1", "query_text": QUERY, "positive_passages": ["민법|1#ict1"], "hard_negatives": []}
    options = MineOptions(range_min=0, range_max=40, num_negatives=40, relative_margin=None, sampling_strategy="top")
    (mined,) = mine([example], corpus, options).examples
    assert {"민법|1", "민법|1#ict2", "민법|1#ict1"}.isdisjoint(mined["hard_negatives"])
    assert len(mined["hard_negatives"]) == len(corpus) - 4  # and the query's own copy, 민법|31


@pytest.mark.parametrize(
    ("text", "n", "expected"),
    [
        ("민법 제750조", 2, ["민법", "제7", "75", "50", "0조"]),
        ("불법행위의 책임", 2, ["불법", "법행", "행위", "위의", "책임"]),
        ("a 법, b!", 2, ["a", "법", "b"]),  # words shorter than n stay whole; punctuation is not a token
        ("ABC", 3, ["abc"]),
        ("가나다", 1, ["가", "나", "다"]),
    ],
)
def test_char_ngrams_stay_inside_words(text: str, n: int, expected: list[str]) -> None:
    assert sorted(char_ngrams(text, n)) == sorted(expected)


def test_kiwi_tokenizer_names_the_missing_package(monkeypatch: pytest.MonkeyPatch, sample, capsys) -> None:
    monkeypatch.setitem(sys.modules, "kiwipiepy", None)  # importing it now raises ImportError
    with pytest.raises(ImportError, match="kiwipiepy"):
        make_tokenizer("kiwi")
    assert run_cli(store.SAMPLE_NAME, "--tokenizer", "kiwi") == 2
    assert "pip install kiwipiepy" in capsys.readouterr().err


def test_same_seed_same_negatives_other_seed_other_negatives(sample) -> None:
    def negatives(seed: int) -> list[list[str]]:
        mined = mine(sample.train, sample.corpus, MineOptions(seed=seed, relative_margin=None))
        return [e["hard_negatives"] for e in mined.examples]

    assert negatives(1) == negatives(1)
    assert negatives(1) != negatives(2)


def test_top_sampling_takes_the_range_in_rank_order(sample) -> None:
    options = MineOptions(range_min=2, range_max=5, num_negatives=3, relative_margin=None, sampling_strategy="top")
    report = mine(sample.train, sample.corpus, options).report
    for query in report.queries:
        assert [n.rank for n in query.negatives] == [2, 3, 4]
        scores = [n.score for n in query.negatives]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("options", "rule"),
    [
        ({"relative_margin": 0.05}, "relative_margin"),
        ({"relative_margin": None, "max_score": 3.0}, "max_score"),
    ],
)
def test_score_filters_drop_what_scores_too_close_to_the_positive(sample, options: dict, rule: str) -> None:
    report = mine(sample.train, sample.corpus, MineOptions(range_min=0, **options)).report
    assert report.dropped[rule] > 0
    for query in report.queries:
        weakest = min(query.positive_scores)
        ceiling = weakest - abs(weakest) * 0.05 if rule == "relative_margin" else 3.0
        assert all(n.score <= ceiling for n in query.negatives)


def test_why_queries_fall_short(sample) -> None:
    corpus = tempting_corpus()
    corpus["외톨이법|1"] = {"law": "외톨이법", "article": "1", "title": "", "text": "혼자 있는 조문"}
    examples = [
        {"query_id": "nothing shared", "query_text": "zzz qqq", "positive_passages": ["민법|3"], "hard_negatives": []},
        {"query_id": "alone", "query_text": "혼자", "positive_passages": ["외톨이법|1"], "hard_negatives": []},
    ]
    cases = [
        (MineOptions(relative_margin=None, range_min=0, range_max=40, num_negatives=5), examples[0], NO_TOKENS),
        (MineOptions(method="same-law", range_min=0, range_max=10, num_negatives=5), examples[1], NO_LAW),
        (MineOptions(range_min=30, range_max=40, num_negatives=5, relative_margin=None), EXAMPLES[0], FEW_RANKED),
        (MineOptions(range_min=0, range_max=40, num_negatives=5, max_score=-1.0), EXAMPLES[0], FILTERED),
    ]
    for options, example, reason in cases:
        report = mine([example], corpus, options).report
        assert report.queries[0].short == reason, (options, reason)
        assert report.counts()["short_by_reason"] == {reason: 1}


def test_append_keeps_the_old_negatives_and_adds_new_ones() -> None:
    options = MineOptions(range_min=0, range_max=40, num_negatives=3, relative_margin=None, append=True)
    mined = mine(EXAMPLES, tempting_corpus(), options)
    first = mined.examples[0]["hard_negatives"]
    assert first[0] == "민법|30" and len(first) == 4 and len(set(first)) == 4


def test_progress_reaches_the_end(sample) -> None:
    seen: list[tuple[int, int, str]] = []
    mine(sample.train, sample.corpus, progress=lambda done, total, what: seen.append((done, total, what)))
    assert ("indexing the corpus" in {w for _, _, w in seen}) and ("retrieving" in {w for _, _, w in seen})
    assert seen[-1] == (len(sample.train), len(sample.train), "done")
    assert all(0 <= done <= total for done, total, _ in seen)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"method": "tfidf"}, "method"),
        ({"range_min": 50, "range_max": 50}, "range_min"),
        ({"num_negatives": 0}, "num_negatives"),
        ({"range_min": 0, "range_max": 5, "num_negatives": 6}, "num_negatives"),
        ({"relative_margin": 1.5}, "relative_margin"),
        ({"tokenizer": "whitespace"}, "tokenizer"),
    ],
)
def test_bad_options_name_the_field(options: dict, field: str) -> None:
    with pytest.raises(ConfigError, match=f"^{field} = "):
        MineOptions(**options)


def test_same_law_needs_a_law_field() -> None:
    corpus = {"a": {"title": "", "text": "가나다"}, "b": {"title": "", "text": "라마바"}}
    example = {"query_id": "q", "query_text": "가나", "positive_passages": ["a"], "hard_negatives": []}
    with pytest.raises(ValueError, match="'law' field"):
        mine([example], corpus, MineOptions(method="same-law", range_min=0, range_max=1, num_negatives=1))


@pytest.mark.slow
def test_cli_stores_a_new_dataset_with_how_it_was_made(sample, capsys) -> None:
    argv = ["--range", "0-40", "--negatives", "4", "--seed", "7", "--name", "sample-bm25", "--preview", "2"]
    assert run_cli(store.SAMPLE_NAME, *argv, "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["queries"] == len(sample.train) + len(sample.validation)
    assert len(report["preview"]) == 2 and report["preview"][0]["negatives"][0]["text"]
    mined = store.load("sample-bm25")
    assert mined.manifest["made_by"] == {
        "generator": "datasets_spec.mining.negatives (bm25)",
        "parameters": {**MineOptions(range_min=0, range_max=40, num_negatives=4, seed=7).to_dict()},
        "seed": 7,
        "source_datasets": [store.SAMPLE_NAME],
    }
    assert [e["query_id"] for e in mined.validation] == [e["query_id"] for e in sample.validation]  # split kept
    for example in mined.train + mined.validation:
        assert not set(example["hard_negatives"]) & set(example["positive_passages"])
    with pytest.raises(FileExistsError, match="already exists"):  # the CLI's main turns this into exit 2
        run_cli(store.SAMPLE_NAME, *argv)


def test_cli_mines_a_file_and_previews_side_by_side(tmp_path: Path, data_dir: Path, capsys) -> None:
    corpus = tempting_corpus()
    (tmp_path / "corpus.jsonl").write_text(
        "".join(json.dumps({"id": pid, **p}, ensure_ascii=False) + "\n" for pid, p in corpus.items()), "utf-8"
    )
    (tmp_path / "train.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in EXAMPLES), "utf-8")
    argv = ["--corpus", str(tmp_path / "corpus.jsonl"), "--method", "same-law", "--range", "0-10", "--preview", "1"]
    assert run_cli(str(tmp_path / "train.jsonl"), *argv, "--negatives", "3") == 0
    out = capsys.readouterr().out
    assert "same-law: 6 negatives for 2 queries (3 asked each); 0 got fewer" in out
    assert f"query q1: {QUERY}" in out and "+       -        민법|1:" in out
    with pytest.raises(SystemExit):
        run_cli(str(tmp_path / "train.jsonl"), "--range", "10")
