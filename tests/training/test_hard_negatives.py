"""loss.use_hard_negatives: auto follows the stored examples (on at 90% with a negative in the corpus), true and
false as set, old YAML bools as "true"/"false"; and data.max_train_samples as a seeded random sample, not the first
rows, for embedding and SFT."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasets_spec import store
from datasets_spec.jsonl import write_jsonl
from training.config.rules import Blocker
from training.config.startable import blockers
from training.config.studio import ConfigError, StudioConfig, from_dict, load_yaml
from training.insight.quantities import texts_per_row
from training.tasks import sft
from training.tasks.embedding import config_rows, training_rows
from training.tasks.hard_negatives import AUTO_SHARE, decide, of_config, uses_hard_negatives


def stored_without_negatives(tmp_path: Path, name: str, keep: int = 0) -> str:
    """The bundled sample's examples and corpus, stored again with the hard negatives of all but `keep` removed."""
    sample = store.load(store.SAMPLE_NAME)
    examples = [{**e, "hard_negatives": e["hard_negatives"] if i < keep else []} for i, e in enumerate(sample.train)]
    write_jsonl(tmp_path / "train.jsonl", examples)
    write_jsonl(tmp_path / "corpus.jsonl", list(sample.corpus.values()))
    store.import_file(tmp_path / "train.jsonl", name, corpus=tmp_path / "corpus.jsonl")
    return name


def embedding_on(dataset: str, setting: str = "auto") -> StudioConfig:
    return from_dict({"data": {"dataset": dataset}, "loss": {"use_hard_negatives": setting}})


# (negatives per training example, setting) → on: auto needs AUTO_SHARE of the examples with one
DECISIONS = [
    ([8] * 9 + [0], "auto", True),  # 90%: on, the one without is left out
    ([8] * 8 + [0] * 2, "auto", False),  # 80%: off
    ([0] * 10, "auto", False),
    ([], "auto", False),  # nothing to train on decides nothing
    ([8] * 10, "false", False),
    ([0] * 10, "true", True),  # as asked; the row count then blocks the run (test below)
]


@pytest.mark.parametrize(("per_example", "setting", "on"), DECISIONS)
def test_auto_needs_nine_in_ten_examples_with_a_negative(per_example: list[int], setting: str, on: bool) -> None:
    assert AUTO_SHARE == 0.9
    assert decide(setting, per_example).on is on


def test_a_bool_set_in_code_is_refused_not_read_as_a_word() -> None:
    with pytest.raises(ValueError, match="must be one of auto, true, false"):
        decide(True, [1])  # type: ignore[arg-type]


def test_auto_uses_the_sample_s_negatives_and_counts_them(data_dir: Path) -> None:
    config = StudioConfig()  # the default: auto, on the bundled legal sample
    found = of_config(config)
    sample = store.load(store.SAMPLE_NAME)
    assert config.loss.use_hard_negatives == "auto"
    assert (found.on, found.examples, found.with_negatives, found.median) == (True, len(sample.train), 276, 8)
    rows = config_rows(config, sample.train, sample.corpus)
    assert list(rows) == ["anchor", "positive", "negative"] and texts_per_row(config) == 3
    assert blockers(config, cuda=False) == []


@pytest.mark.parametrize("setting", ["false", False])  # False: an old YAML's `use_hard_negatives: false`
def test_false_turns_them_off_where_the_data_has_them(data_dir: Path, tmp_path: Path, setting: str | bool) -> None:
    (tmp_path / "config.yaml").write_text(f"loss:\n  use_hard_negatives: {str(setting).lower()}\n", encoding="utf-8")
    config = embedding_on(store.SAMPLE_NAME, setting)
    assert load_yaml(tmp_path / "config.yaml").loss.use_hard_negatives == config.loss.use_hard_negatives == "false"
    sample = store.load(store.SAMPLE_NAME)
    assert list(config_rows(config, sample.train, sample.corpus)) == ["anchor", "positive"]
    assert (uses_hard_negatives(config), texts_per_row(config), of_config(config).with_negatives) == (False, 2, 276)


def test_old_yaml_true_reads_as_true_and_other_words_are_refused(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("loss:\n  use_hard_negatives: true\n", encoding="utf-8")
    assert load_yaml(tmp_path / "config.yaml").loss.use_hard_negatives == "true"
    with pytest.raises(ConfigError, match="must be one of auto, true, false"):
        from_dict({"loss": {"use_hard_negatives": "maybe"}})


def test_auto_is_off_without_negatives_and_true_then_blocks(data_dir: Path, tmp_path: Path) -> None:
    name = stored_without_negatives(tmp_path, "plain")
    auto = embedding_on(name)
    assert (of_config(auto).on, of_config(auto).with_negatives, texts_per_row(auto)) == (False, 0, 2)
    assert blockers(auto, cuda=False) == []
    forced = embedding_on(name, "true")
    fields = ("data.dataset", "loss.use_hard_negatives")
    values = {"dataset": name, "rows": 0, "needs": 2, "cap": 0, "hard": True}
    assert blockers(forced, cuda=False) == [Blocker("too_few_rows", fields, values)]


def test_auto_below_nine_in_ten_stays_off_and_true_keeps_those_examples(data_dir: Path, tmp_path: Path) -> None:
    name = stored_without_negatives(tmp_path, "half", keep=150)
    train = store.load(name).train
    found = of_config(embedding_on(name))
    assert (found.on, found.with_negatives) == (False, sum(bool(e["hard_negatives"]) for e in train))
    assert 0 < found.with_negatives < AUTO_SHARE * found.examples
    dataset = store.load(name)
    rows = config_rows(embedding_on(name, "true"), dataset.train, dataset.corpus)
    with_one = [e for e in dataset.train if e["hard_negatives"]]
    assert len(rows["negative"]) == sum(len(e["positive_passages"]) for e in with_one)


def test_an_unreadable_dataset_leaves_auto_undecided(data_dir: Path) -> None:
    config = embedding_on("not-stored")
    assert (of_config(config), uses_hard_negatives(config), texts_per_row(config)) == (None, None, 3)
    assert uses_hard_negatives(embedding_on("not-stored", "false")) is False


def test_capped_embedding_rows_are_a_seeded_sample(data_dir: Path) -> None:
    sample = store.load(store.SAMPLE_NAME)

    def capped(seed: int, cap: int = 40) -> list[str]:
        rows = training_rows(sample.train, sample.corpus, use_hard_negatives=True, seed=seed, max_samples=cap)
        assert len({len(texts) for texts in rows.values()}) == 1
        return [f"{a}\t{p}\t{n}" for a, p, n in zip(rows["anchor"], rows["positive"], rows["negative"], strict=True)]

    every = capped(42, cap=0)
    first = capped(42)
    assert len(every) == 398 and len(first) == 40
    assert first == capped(42) and first != capped(7)
    assert first != every[:40] and set(first) <= set(every)
    assert [every.index(row) for row in first] == sorted(every.index(row) for row in first)  # stored order kept


def test_capped_sft_examples_are_a_seeded_sample(data_dir: Path) -> None:
    train = store.load(store.JSON_TASK_SAMPLE).train
    config = StudioConfig(task="sft")
    config.data.max_train_samples = 20

    def drawn(seed: int) -> list[dict]:
        config.training.seed = seed
        return sft.training_examples(config, train)

    first = drawn(42)
    assert len(first) == 20 and first == drawn(42) and first != drawn(7)
    assert first != train[:20] and all(e in train for e in first)
    config.data.max_train_samples = 0
    assert sft.training_examples(config, train) == train
