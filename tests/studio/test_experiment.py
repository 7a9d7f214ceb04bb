"""The experiment kept per browser and said in one line (studio/experiment.py), without a browser."""

from __future__ import annotations

import re

from datasets_spec import store
from studio import experiment
from studio.form import config_to_values, form_fields
from training.config.studio import StudioConfig
from training.insight.pace import Pace, speed_key
from training.lifecycle.progress import format_duration
from training.visitors import access

PATHS = [spec.path for spec in form_fields()]


def changed(**values: object) -> list:
    """The default form with some fields changed, by path with "__" for "."."""
    form = config_to_values(StudioConfig())
    for key, value in values.items():
        form[PATHS.index(key.replace("__", "."))] = value
    return form


def pace_of(config: StudioConfig, per_step: float = 2.0, at: float = 1.0) -> Pace:
    return Pace(seconds_per_step=per_step, startup_seconds=30.0, steps=3, key=speed_key(config), measured_at=at)


def test_a_kept_form_comes_back_and_a_field_the_page_gained_keeps_the_pages_value() -> None:
    page = config_to_values(StudioConfig())
    form = changed(training__learning_rate=7e-4, task="classification", data__dataset="my-cases")
    kept = experiment.remembered(form)
    assert kept["training.learning_rate"] == 7e-4 and kept["data.dataset"] == "my-cases"
    assert experiment.restored(kept, page, ["legal-ko-sample", "my-cases"]) == form
    del kept["training.warmup_ratio"]  # kept by a version of the page without this field
    restored = experiment.restored(kept, page, ["legal-ko-sample", "my-cases"])
    assert restored[PATHS.index("training.warmup_ratio")] == StudioConfig().training.warmup_ratio
    assert restored[PATHS.index("training.learning_rate")] == 7e-4


def test_a_kept_dataset_this_visitor_may_no_longer_see_stays_the_pages() -> None:
    page = config_to_values(StudioConfig())
    kept = experiment.remembered(changed(training__learning_rate=7e-4, data__dataset="gone-or-private"))
    restored = experiment.restored(kept, page, ["legal-ko-sample"])
    assert restored[experiment.DATASET] == page[experiment.DATASET] == "legal-ko-sample"
    assert restored[PATHS.index("training.learning_rate")] == 7e-4


def test_nothing_usable_kept_leaves_the_page_as_it_is() -> None:
    page = config_to_values(StudioConfig())
    assert experiment.restored(None, page, []) is None and experiment.restored({}, page, []) is None
    assert experiment.restored({"training.learning_rate": "not a number"}, page, []) is None
    assert experiment.restored(["a", "list"], page, []) is None


def test_the_open_tab_is_one_of_the_pages_tabs() -> None:
    assert experiment.tab_of("test") == "test"
    assert experiment.tab_of("../../etc") == "data" and experiment.tab_of(None) == "data"


def test_paces_keep_the_newest_few() -> None:
    paces: dict = {}
    for i in range(experiment.PACES_KEPT + 3):
        config = StudioConfig()
        config.training.per_device_train_batch_size = i + 1
        paces = experiment.with_pace(paces, pace_of(config, at=float(i)))
    assert len(paces) == experiment.PACES_KEPT
    assert min(p["measured_at"] for p in paces.values()) == 3.0


def test_the_line_says_the_experiment_and_the_measured_time(data_dir) -> None:
    config = StudioConfig()  # the bundled legal sample, 3 epochs
    who = access.browser("a" * 32)
    unmeasured = experiment.summary(config, {}, who, "en")
    assert "dataset **legal-ko-sample**" in unmeasured and "retrieval (embedding)" in unmeasured
    assert "not measured yet" in unmeasured
    steps = int(re.search(r"(\d+) steps of 16 examples", unmeasured).group(1))
    cheaper = StudioConfig()
    cheaper.training.learning_rate = 1e-3  # the LR does not change a step's cost: the same pace applies
    line = experiment.summary(cheaper, experiment.with_pace({}, pace_of(config)), who, "en")
    assert f"about {format_duration(30 + 2 * steps)}" in line and "2 s per step" in line
    korean = experiment.summary(cheaper, experiment.with_pace({}, pace_of(config)), who, "ko")
    assert "이 컴퓨터에서 잰 스텝당 2초" in korean and "검색 (임베딩)" in korean


def test_the_line_counts_no_steps_of_another_visitors_dataset(data_dir, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_MODE", "shared")
    mine, theirs = "c" * 32, "d" * 32
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(f'{{"text": "문장 {i}", "label": "{i % 2}"}}\n' for i in range(10)), encoding="utf-8")
    store.import_file(rows, "private-rows", owner=mine)
    config = StudioConfig()
    config.task, config.data.dataset = "classification", "private-rows"
    assert "steps: not known yet" in experiment.summary(config, {}, access.browser(theirs), "en")
    assert "steps of 16 examples" in experiment.summary(config, {}, access.browser(mine), "en")


def test_a_dataset_of_another_task_gives_no_step_count_and_no_exception(data_dir) -> None:
    """Chat data under an embedding config: counting its rows the embedding way would read fields it lacks."""
    store.import_file(store.SAMPLES / "json_task_ko" / "train.jsonl", "my-chats")
    config = StudioConfig()
    config.data.dataset = "my-chats"
    line = experiment.summary(config, {}, access.browser("a" * 32), "en")
    assert "steps: not known yet" in line and "dataset **my-chats**" in line


def test_the_time_per_step_reads_in_two_figures_never_rounded_to_zero() -> None:
    # a tiny model's 0.023 s per step read "0.0 s per step" beside a real time of 1:22:42 for 200,000 steps
    shown = [experiment.step_seconds(s) for s in (0.0234, 0.00012, 7.13, 12.4, 140.6)]
    assert shown == ["0.023", "0.00012", "7.1", "12", "141"]
