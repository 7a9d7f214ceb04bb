"""What is wrong with the form, and where it came from, in the page's language: the engine's ConfigError names a
rule, the field and the numbers; the Configure tab words it, offers this model's last layers as one click for
negative LoRA layer indices, and compares the LR with the past run whose settings the form took."""

from __future__ import annotations

import re
from string import Formatter

import pytest

from core.knobs import ConfigError
from core.models.names import MINILM
from datasets_spec import store
from studio.config_errors import config_error
from studio.form import config_to_values, form_fields, values_to_config
from studio.layer_fix import layer_fix_value
from studio.strings.configure import STRINGS
from studio.tabs import compare_panel, doctor_panel
from studio.tabs.configure import check, check_event, load_run
from training.config.studio import StudioConfig, from_dict
from training.lifecycle import runs
from training.visitors import access

HANGUL = re.compile(r"[가-힣]")
RULES = ("choice", "bounds", "empty", "type", "negative_layer")


def form(**changes: str) -> list:
    """The default form's values with some fields (by path) replaced by what a person typed."""
    values = config_to_values(StudioConfig())
    paths = [spec.path for spec in form_fields()]
    for path, typed in changes.items():
        values[paths.index(path.replace("__", "."))] = typed
    return values


@pytest.mark.parametrize(
    ("values", "rule", "path", "en", "ko"),
    [
        ({"lora": {"r": 0}}, "bounds", "lora.r", "`lora.r` = 0: must be >= 1 and <= 1024", "1 이상 1024 이하여야"),
        (
            {"training": {"learning_rate": 0}},
            "bounds",
            "training.learning_rate",
            "`training.learning_rate` = 0.0: must be > 0",
            "0 초과 1 이하여야 합니다",
        ),
        (
            {"training": {"lr_scheduler_type": "triangle"}},
            "choice",
            "training.lr_scheduler_type",
            "must be one of linear",
            "다음 중 하나여야 합니다: linear",
        ),
        ({"lora": {"r": "eight"}}, "type", "lora.r", "`lora.r` = eight: expected int", "int 값이어야 합니다"),
        (
            {"lora": {"layers_to_transform": [-1, -2]}},
            "negative_layer",
            "lora.layers_to_transform",
            "which is never -2, so a negative index adapts nothing; the last 2 of an L-layer model are L-2 to L-1",
            "그 번호가 -2일 수는 없으므로",
        ),
    ],
)
def test_each_rule_is_worded_in_both_languages(values: dict, rule: str, path: str, en: str, ko: str) -> None:
    with pytest.raises(ConfigError) as caught:
        from_dict(values)
    assert (caught.value.rule, caught.value.path) == (rule, path)
    assert en in config_error(caught.value, "en")
    worded = config_error(caught.value, "ko")
    assert ko in worded and HANGUL.search(worded)


def test_an_empty_form_field_is_a_rule_too() -> None:
    with pytest.raises(ConfigError) as caught:
        values_to_config(form(training__learning_rate=""))
    assert caught.value.rule == "empty"
    assert config_error(caught.value, "ko") == "`training.learning_rate`: 값이 비어 있습니다"


def test_an_error_without_a_rule_keeps_the_engines_sentence() -> None:
    said = "x.yaml: not valid YAML: bad indent"
    assert config_error(ConfigError(said), "ko") == said


def test_every_rule_has_both_languages_with_the_same_placeholders() -> None:
    for rule in RULES:
        entry = STRINGS[f"config_{rule}"]
        fields = [{name for _, name, _, _ in Formatter().parse(entry[lang]) if name} for lang in ("en", "ko")]
        assert fields[0] == fields[1], rule
        assert HANGUL.search(entry["ko"]), rule


def test_negative_layers_offer_the_last_layers_of_this_model() -> None:
    """MiniLM (shipped offline) has 6 layers: '-1, -2' means its last two, 4 and 5."""
    values = form(model__name_or_path=MINILM, lora__layers_to_transform="-1, -2")
    status, *_, button = check("ko", None, None, *values)
    assert "층 번호는 0부터 셉니다" in status and "-1, -2" in status
    assert button["visible"] is True
    assert button["value"] == "이 모델의 마지막 2개 층 사용: 4–5 (전체 6개 중)"
    fixed = layer_fix_value(MINILM, "-1, -2")
    assert fixed == "4, 5"
    status, *_, button = check("ko", None, None, *form(model__name_or_path=MINILM, lora__layers_to_transform=fixed))
    assert "설정 오류" not in status and button["visible"] is False


def test_a_model_that_cannot_be_read_offline_offers_no_fix(tmp_path) -> None:
    values = form(model__name_or_path=str(tmp_path / "no-such-model"), lora__layers_to_transform="-1")
    status, *_, button = check("en", None, None, *values)
    assert "layer indices count from 0" in status
    assert button["visible"] is False


def test_a_past_runs_settings_come_back_and_the_lr_is_compared_with_that_run(data_dir, monkeypatch) -> None:
    """'Use this run's settings' on the Train tab: the form holds the run's config, and Configure says how the LR
    now compares with the run's; in a shared studio another browser's run is refused in words."""
    mine, theirs = "a" * 32, "b" * 32
    config = StudioConfig()
    config.training.learning_rate = 2e-4
    config.lora.r = 32
    run_dir = runs.create_run(config, runs.runs_dir(), owner=mine)
    *values, origin, said = load_run("ko", run_dir.name, mine)
    assert values == config_to_values(config) and origin["kind"] == "run"
    assert said == f"설정 탭에 실행 **{run_dir.name}**의 설정을 불러왔습니다."
    edited = form(training__learning_rate=8e-4, lora__r=32)
    summary = check("en", None, origin, *edited)[3]
    assert f"LR 8e-4: 4× higher than the run you started from, {run_dir.name} (2e-4)" in summary
    monkeypatch.setenv("STUDIO_MODE", "shared")
    *unchanged, origin, said = load_run("en", run_dir.name, theirs)
    assert said == f"**Not done:** run '{run_dir.name}' belongs to another visitor; you may not use it"
    assert all(v == {"__type__": "update"} for v in [*unchanged, origin])


def test_the_page_never_reads_another_visitors_private_dataset(data_dir, tmp_path, monkeypatch) -> None:
    """In a shared studio the Configure check and the doctor refuse a dataset named by another visitor's private
    name before a row of it is read: no step count, statistic or finding tells a stranger about it."""
    monkeypatch.setenv("STUDIO_MODE", "shared")
    mine, theirs = "c" * 32, "d" * 32
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(f'{{"text": "문장 {i}", "label": "{i % 2}"}}\n' for i in range(10)), encoding="utf-8")
    store.import_file(rows, "private-rows", owner=mine)
    values = form(task="classification", data__dataset="private-rows", model__name_or_path=MINILM)
    refusal = "**Config error:** dataset 'private-rows' belongs to another visitor; you may not use it"
    status, *unchanged, button = check_event("en")(None, None, *values, theirs, None)
    assert status == refusal and button["visible"] is False
    assert all(v == {"__type__": "update"} for v in unchanged), "no YAML, chart or count of their data"
    assert doctor_panel.visitor_refusal("en", access.browser(theirs), values) == refusal
    status, *_ = check_event("en")(None, None, *values, mine, None)
    assert "belongs to another visitor" not in status, "the owner's own page reads it"
    assert doctor_panel.visitor_refusal("en", access.browser(mine), values) is None
    _, said = compare_panel.compare("en", "this form", "preset: embedding-lora-cpu", *values, owner=theirs)
    assert said == refusal, "Compare counts no rows of their dataset either"
