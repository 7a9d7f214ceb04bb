"""The Train tab's sweep panel without a browser: a bad field is named; a good sweep queues runs that get ranked."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from datasets_spec import store
from studio.form import config_to_values
from studio.tabs import sweep_panel
from tests.training.builders import tiny_config
from training.lifecycle import runs

pytestmark = pytest.mark.slow  # queues and trains the sweep's runs


def test_the_panel_names_a_bad_field_and_queues_and_ranks_a_good_sweep(data_dir: Path, tiny_model: Path) -> None:
    store.load(store.SAMPLE_NAME)
    form = config_to_values(tiny_config(tiny_model, max_steps=2, eval_steps=2))
    _, said = sweep_panel.queue("en", "lr", "grid", 1, "auto", "training.learnig_rate: [1e-4]", *form)
    assert "'training.learnig_rate' is not a config field" in said
    assert runs.list_runs(runs.runs_dir()) == [], "nothing is queued from a bad sweep"

    picked, said = sweep_panel.queue("en", "lr", "grid", 1, "auto", "training.learning_rate: [1e-4, 1e-3]", *form)
    assert picked["value"] == "lr" and "Queued 2 runs of sweep **lr**, ranked by `eval_ndcg@10`" in said
    deadline = time.time() + 180
    while any(r.state in ("queued", "running") for r in runs.list_runs(runs.runs_dir())):
        assert time.time() < deadline, "the sweep's runs did not finish"
        time.sleep(0.5)
    table = sweep_panel.table("lr")
    assert list(table["state"]) == ["finished", "finished"]
    assert set(table["training.learning_rate"]) == {1e-4, 1e-3}
    assert table["best"].iloc[0] >= table["best"].iloc[1]
    korean = sweep_panel.table("lr", lang="ko")
    assert list(korean["상태"]) == ["완료", "완료"] and list(korean.columns[:6]) == [
        "실행",
        "시도",
        "상태",
        "지표",
        "최고값",
        "해당 스텝",
    ]
    assert "training.learning_rate" in korean.columns, "a varied field keeps its config path"
