"""The passages a run's validation searches during training: every validation positive and hard negative, and a
seeded sample of the rest up to training.eval_corpus_size; a real tiny run records and logs what it searched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from datasets_spec import store
from datasets_spec.jsonl import write_jsonl
from tests.training.builders import tiny_config
from training.config.studio import from_dict
from training.lifecycle import runs
from training.lifecycle.train import train
from training.retrieval.validation_corpus import validation_corpus
from training.tasks.embedding import build_trainer

COPIES = 2  # the sample's 137 passages twice more: 411 passages, of which 136 are validation positives or negatives


@pytest.fixture
def sample(data_dir: Path) -> store.StoredDataset:
    return store.load(store.SAMPLE_NAME)


def widened(dataset: store.StoredDataset) -> dict[str, dict]:
    """The sample's corpus with COPIES more of every passage under new ids: distractors no example points at."""
    copies = range(1, COPIES + 1)
    extra = {f"{pid}#{n}": {**p, "id": f"{pid}#{n}"} for n in copies for pid, p in dataset.corpus.items()}
    return {**dataset.corpus, **extra}


def kept(dataset: store.StoredDataset) -> tuple[set[str], set[str]]:
    positives = {p for e in dataset.validation for p in e["positive_passages"]}
    return positives, {n for e in dataset.validation for n in e["hard_negatives"]} - positives


def test_the_sample_keeps_every_validation_positive_and_hard_negative(sample: store.StoredDataset) -> None:
    corpus = widened(sample)
    positives, negatives = kept(sample)
    assert (len(corpus), len(positives), len(negatives)) == (411, 75, 61)
    chosen = validation_corpus(corpus, sample.validation, size=200, seed=42)
    assert positives | negatives <= set(chosen.ids)
    assert (chosen.size, chosen.positives, chosen.negatives, chosen.sampled) == (200, 75, 61, 64)
    assert chosen.corpus == 411 and not chosen.whole
    assert chosen.ids == [pid for pid in corpus if pid in set(chosen.ids)], "in corpus order"
    assert chosen.counts() == {"size": 200, "corpus": 411, "positives": 75, "negatives": 61, "sampled": 64, "seed": 42}
    assert chosen.describe() == (
        "validation searches 200 of 411 passages (75 positives, 61 hard negatives, 64 sampled; seed 42)"
    )


@pytest.mark.parametrize("size", [0, 411, 10_000])
def test_no_size_or_one_beyond_the_corpus_searches_all_of_it(sample: store.StoredDataset, size: int) -> None:
    corpus = widened(sample)
    chosen = validation_corpus(corpus, sample.validation, size=size, seed=42)
    assert chosen.ids == list(corpus) and chosen.whole
    assert chosen.sampled == 411 - 75 - 61
    assert chosen.describe().startswith("validation searches all 411 passages (75 positives")


def test_positives_and_negatives_stay_when_they_alone_exceed_the_size(sample: store.StoredDataset) -> None:
    chosen = validation_corpus(widened(sample), sample.validation, size=10, seed=42)
    assert set(chosen.ids) == set().union(*kept(sample)) and chosen.sampled == 0 and chosen.size == 136


def test_the_same_seed_draws_the_same_passages_and_another_seed_others(sample: store.StoredDataset) -> None:
    corpus = widened(sample)
    first, again = (validation_corpus(corpus, sample.validation, size=200, seed=42) for _ in range(2))
    other = validation_corpus(corpus, sample.validation, size=200, seed=7)
    assert first.ids == again.ids
    assert other.size == 200 and set(other.ids) != set(first.ids)


def test_the_field_reads_from_yaml_and_refuses_a_negative_size() -> None:
    assert from_dict({}).training.eval_corpus_size == 10_000
    assert from_dict({"training": {"eval_corpus_size": 0}}).training.eval_corpus_size == 0
    with pytest.raises(ValueError, match=r"training.eval_corpus_size = -1: must be >= 0"):
        from_dict({"training": {"eval_corpus_size": -1}})


@pytest.mark.slow
def test_a_run_searches_the_sampled_corpus_and_records_it(
    tiny_model: Path, sample: store.StoredDataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "wide"  # the sample with 274 more passages, stored as a dataset folder the config names
    shutil.copytree(sample.path, folder)
    write_jsonl(folder / "corpus.jsonl", ({"id": pid, **p} for pid, p in widened(sample).items()))
    config = tiny_config(tiny_model, max_steps=2, eval_steps=2, save_steps=2, eval_corpus_size=160, seed=3)
    config.data.dataset = str(folder)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    assert train(config, run_dir, resume=False) == 0

    expected = validation_corpus(widened(sample), sample.validation, size=160, seed=3)
    status = runs.read_status(run_dir)
    assert status["validation_corpus"] == {
        "size": 160,
        "corpus": 411,
        "positives": 75,
        "negatives": 61,
        "sampled": 24,
        "seed": 3,
    }
    assert status["validation_corpus"] == expected.counts()
    assert status["first_eval"]["eval_ndcg@10"] >= 0 and status["final_eval"]["step"] == 2
    said = "validation searches 160 of 411 passages (75 positives, 61 hard negatives, 24 sampled; seed 3)"
    assert capsys.readouterr().out.count(said) == 1, "the run's log (its stdout) says it once"
    assert json.loads((run_dir / "status.json").read_text())["validation_corpus"]["size"] == 160
    evaluator = build_trainer(config, tmp_path / "again", []).evaluator  # what each evaluation encodes
    assert sorted(evaluator.corpus_ids) == sorted(expected.ids) and len(evaluator.queries) == 69
