"""`python -m training eval` of a base model beside a run encodes both at the run's max_seq_length, so the paired
difference is training alone; `--max-seq-length` overrides it, runs of different lengths must be told one, and the
output names the length."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datasets_spec import store
from tests.training.search_runs import adapter_run
from training.__main__ import main
from training.config.studio import save_yaml
from training.lifecycle.runs import load_config
from training.retrieval.evaluate import REPORTED

RUN_LENGTH = 32  # adapter_run's max_seq_length


def eval_json(capsys: pytest.CaptureFixture, *args: str) -> dict:
    capsys.readouterr()
    assert main(["eval", *args, "--dataset", store.SAMPLE_NAME, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def alone(capsys: pytest.CaptureFixture, model: Path, length: int | None = None) -> dict:
    """One model scored by the evaluator alone, at `length` tokens (None: its own)."""
    return eval_json(capsys, "--model", str(model), *(["--max-seq-length", str(length)] if length else []))


@pytest.mark.slow
def test_the_base_is_scored_at_the_runs_length(
    tiny_model: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    run = adapter_run(tiny_model, tmp_path / "runs")
    own = alone(capsys, tiny_model)
    assert own["max_seq_length"] > RUN_LENGTH  # the base alone reads its own (longer) length
    at_run = alone(capsys, tiny_model, RUN_LENGTH)
    assert own["ndcg@10"] != pytest.approx(at_run["ndcg@10"], abs=1e-4), "the sample's passages must be cut at 32"

    both = eval_json(capsys, "--model", str(tiny_model), "--model", str(run))
    assert both["max_seq_length"] == RUN_LENGTH and both["max_seq_length_from"] == f"the max_seq_length of run {run}"
    base_row, run_row = both["rows"][str(tiny_model)], both["rows"][str(run)]
    assert base_row["max_seq_length"] == run_row["max_seq_length"] == RUN_LENGTH
    for key in REPORTED:
        assert base_row[key] == pytest.approx(at_run[key], abs=1e-6), key
        assert run_row[key] == pytest.approx(alone(capsys, run)[key], abs=1e-6), key
    # The paired difference is run minus base at the same length.
    paired = both["paired"][0]
    assert paired["mean"] == pytest.approx(run_row["ndcg@10"] - base_row["ndcg@10"], abs=1e-9), paired

    capsys.readouterr()
    assert main(["eval", "--model", str(tiny_model), "--model", str(run), "--dataset", store.SAMPLE_NAME]) == 0
    shown = capsys.readouterr().out
    assert f"texts cut at {RUN_LENGTH} tokens for every model (the max_seq_length of run {run})" in shown


@pytest.mark.slow
def test_an_explicit_length_wins_and_runs_of_two_lengths_must_choose(
    tiny_model: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    run = adapter_run(tiny_model, tmp_path / "runs")
    both = eval_json(capsys, "--model", str(tiny_model), "--model", str(run), "--max-seq-length", "48")
    assert both["max_seq_length"] == 48 and both["max_seq_length_from"] == "--max-seq-length"
    assert {row["max_seq_length"] for name, row in both["rows"].items()} == {48}
    assert both["rows"][str(run)]["ndcg@10"] == pytest.approx(alone(capsys, run, 48)["ndcg@10"], abs=1e-6)

    other = adapter_run(tiny_model, tmp_path / "runs", seed=1)
    config = load_config(other)
    config.model.max_seq_length = 48
    save_yaml(config, other / "config.yaml")
    capsys.readouterr()
    assert main(["eval", "--model", str(run), "--model", str(other), "--dataset", store.SAMPLE_NAME]) == 2
    assert (
        f"error: the runs were trained at different lengths ({run} at 32, {other} at 48 tokens); pass "
        "--max-seq-length to score every model at one" in capsys.readouterr().err
    )


@pytest.mark.slow
def test_models_without_a_run_keep_their_own_lengths_and_say_so(
    tiny_model: Path, prompted_bert: Path, data_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    both = eval_json(capsys, "--model", str(tiny_model), "--model", str(prompted_bert))
    own = alone(capsys, tiny_model)["max_seq_length"]
    assert both["max_seq_length"] is None and both["max_seq_length_from"] == "each model's own"
    assert both["rows"][str(tiny_model)]["max_seq_length"] == own
    capsys.readouterr()
    assert (
        main(["eval", "--model", str(tiny_model), "--model", str(prompted_bert), "--dataset", "legal-ko-sample"]) == 0
    )
    shown = capsys.readouterr().out
    assert f"texts cut at each model's own length: {tiny_model} {own}, {prompted_bert} " in shown
