"""The engine's insight ids in words: every id has English and Korean with the same placeholders, every impact the
diff can give is said in both languages, and the English reads as it did when the engine wrote it."""

from __future__ import annotations

import copy
import re
from string import Formatter
from typing import Any

import pytest

from core.models.load import EMBEDDING_CHOICES, SFT_CHOICES
from studio.form import config_to_values
from studio.insight_words import COUNTED, diff_notes, diff_table, impact_text, meaning_lines, said
from studio.strings.configure import MODEL_NOTES_KO
from studio.strings.configure import STRINGS as CONFIGURE
from studio.strings.insight import STRINGS
from studio.tabs.compare_panel import FORM, compare
from studio.tabs.configure_form import model_note
from tests.training.changes import ROWS, SEED_A, SEED_B, changed_value
from training.config.presets import preset
from training.config.studio import StudioConfig, field_specs, get_value, load_yaml, set_value
from training.insight.diff import diff
from training.insight.explain import meanings
from training.insight.schedule import horizon

HANGUL = re.compile("[가-힣]")
# Entries with no words to translate: only placeholders, numbers, symbols and code names
NEUTRAL = {"nothing", "from_to", "generic", "scheduler", "shrink", "way_lora", "meaning_lr"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_id_has_english_and_korean_with_the_same_placeholders(key: str) -> None:
    entry = STRINGS[key]
    assert set(entry) == {"en", "ko"}
    assert placeholders(entry["en"]) == placeholders(entry["ko"]), key
    assert key in NEUTRAL or HANGUL.search(entry["ko"]), f"{key}: no Korean"


@pytest.mark.parametrize("key", ["at_step", "lora_share", "compare_form"])
def test_the_configure_tabs_new_lines_are_korean_too(key: str) -> None:
    entry = CONFIGURE[key]
    assert placeholders(entry["en"]) == placeholders(entry["ko"]) and HANGUL.search(entry["ko"])


def ids(value: Any) -> set[str]:
    """Every rule id in a phrase, its parts included."""
    if isinstance(value, dict):
        return {value["id"]} | {i for k, v in value.items() if k != "id" for i in ids(v)} if "id" in value else set()
    return set()


@pytest.fixture(scope="module")
def seed_a() -> StudioConfig:
    return load_yaml(SEED_A)


@pytest.mark.parametrize("spec", [s for s in field_specs() if s.path != "task"], ids=lambda s: s.path)
def test_every_field_change_is_said_in_both_languages(spec, seed_a: StudioConfig) -> None:
    b = copy.deepcopy(seed_a)
    set_value(b, spec.path, changed_value(spec, get_value(seed_a, spec.path)))
    (change,) = diff(seed_a, b, a_rows=ROWS, b_rows=ROWS).changes
    assert ids({"id": change.impact, **change.values}) <= set(STRINGS)
    english, korean = (impact_text(change.impact, change.values, lang) for lang in ("en", "ko"))
    assert english and english != "changed", english
    assert HANGUL.search(korean) or not re.search("[A-Za-z]{3,}", korean), (
        korean
    )  # words in Korean, or none ("0 → 100")


@pytest.fixture(scope="module")
def seeds():
    return diff(load_yaml(SEED_A), load_yaml(SEED_B), a_rows=ROWS, b_rows=ROWS)


def test_the_seed_comparison_reads_as_before(seeds) -> None:
    impacts = {c.path: impact_text(c.impact, c.values, "en") for c in seeds.changes}
    assert impacts["training.learning_rate"] == "2× lower: each update moves half as far"
    assert impacts["lora.r"].startswith("2× the adapter parameters")
    assert "scale lora_alpha / r stays 2" in impacts["lora.r"]
    assert "= 2 → 512/256 = 2 (unchanged" in impacts["lora.lora_alpha"]
    assert "2× smaller per-device batch" in impacts["training.per_device_train_batch_size"]
    assert "in-batch negatives per query 31 → 15" in impacts["training.per_device_train_batch_size"]
    for path in ("training.per_device_train_batch_size", "training.gradient_accumulation_steps"):
        assert "effective batch 128 → 128 (unchanged)" in impacts[path]
    assert impacts["training.num_train_epochs"] == "3.33× the steps (237 → 790)"
    assert impacts["training.weight_decay"].startswith("5× weaker weight decay")
    assert "2e-7 → 2e-8 (10× less)" in impacts["training.weight_decay"]  # lr × weight_decay
    assert "(0 → 79 steps)" in impacts["training.warmup_ratio"]
    assert impacts["training.lr_scheduler_type"].startswith("constant at peak")
    assert "cosine to 2.5% of peak; final LR 2e-5 → 2.5e-7" in impacts["training.lr_scheduler_type"]
    assert impacts["model.max_seq_length"].startswith("longer texts kept: +25% tokens per step")
    korean = {c.path: impact_text(c.impact, c.values, "ko") for c in seeds.changes}
    assert korean["training.learning_rate"] == "2× 낮음: 업데이트마다 절반만큼 움직임"
    assert korean["training.num_train_epochs"] == "스텝 3.33× (237 → 790)"


def test_the_diff_table_in_both_languages(seeds) -> None:
    table = diff_table(seeds, "en")
    assert list(table.columns) == ["", "setting", "A", "B", "B vs A"]
    assert ["derived", "trainable parameters", "5,406,720", "10,813,440", "2×"] in table.values.tolist()
    assert ["derived", "effective batch", "128", "128", "1× (unchanged)"] in table.values.tolist()
    assert ["derived", "final LR / peak", "100%", "2.5%", "0.025×"] in table.values.tolist()
    korean = diff_table(seeds, "ko")
    assert list(korean.columns) == ["", "설정", "A", "B", "B 대 A"]
    assert ["파생", "유효 배치", "128", "128", "1× (변화 없음)"] in korean.values.tolist()


def test_unknown_lengths_are_said_in_both_languages() -> None:
    a, b = load_yaml(SEED_A), load_yaml(SEED_A)
    b.training.max_steps = 500
    result = diff(a, b)
    table = diff_table(result, "en").set_index("setting")
    assert table.loc["total steps", "B vs A"] == "A: needs the training rows (--rows N)"
    assert table.loc["total steps", "A"] == "unknown" and table.loc["total steps", "B"] == "500"
    assert diff_notes(result, "en")[0].startswith("A: max_steps is -1")
    assert HANGUL.search(diff_notes(result, "ko")[0])


def test_meanings_read_as_before() -> None:
    config = StudioConfig()
    config.training.learning_rate = 1e-5
    config.training.max_steps = 7002
    config.lora.r, config.lora.lora_alpha = 128, 256
    config.training.gradient_accumulation_steps = 2
    lines = meaning_lines(meanings(config, horizon(config)), "en")
    assert lines == [
        "learning_rate 1e-5 = 1 × 10⁻⁵ = 0.00001; 30× lower than the default 3e-4; below the usual LoRA range 1e-4 "
        "to 1e-3",
        "LoRA scale lora_alpha / r = 256 / 128 = 2",
        "effective batch = 16 × 2 accumulation × 1 processes = 32; in-batch negatives per query: 15",
        "warmup_ratio 0.1 of 7,002 steps = 701 warmup steps (transformers rounds up)",
        "temperature 0.05 = similarity scale 1 / 0.05 = 20",
    ]
    korean = meaning_lines(meanings(config, horizon(config)), "ko")
    assert korean[0].endswith("기본값 3e-4보다 30× 낮음; LoRA의 보통 범위 1e-4~1e-3보다 낮음")
    assert all(HANGUL.search(line) for line in korean)
    assert meaning_lines(meanings(StudioConfig()), "en")[0].endswith(
        "; same as the default; inside the usual LoRA range 1e-4 to 1e-3"
    )


@pytest.mark.parametrize("choice", [*EMBEDDING_CHOICES, *SFT_CHOICES], ids=lambda m: m.name)
def test_every_model_choice_has_a_korean_note(choice) -> None:
    assert HANGUL.search(MODEL_NOTES_KO[choice.name]) and model_note(choice, "en") == choice.note
    assert model_note(choice, "ko") == MODEL_NOTES_KO[choice.name]


@pytest.mark.parametrize("key", sorted(COUNTED))
def test_a_count_of_one_is_said_in_the_singular(key: str) -> None:
    """Issue 19's grammar: "1 warmup step", "1 evaluation", never "1 steps"; other counts keep the plural."""
    others = {name: 2 for name in placeholders(STRINGS[key]["en"])}
    one = said({"id": key, **others, COUNTED[key]: 1}, "en")
    assert re.search(r"\b1 (warmup )?(step|evaluation)\b", one) and not re.search(r"\b1 \w+s\b", one), one
    assert re.search(r"\b2 (warmup )?(steps|evaluations)\b", said({"id": key, **others}, "en"))
    assert HANGUL.search(said({"id": key, **others, COUNTED[key]: 1}, "ko"))


@pytest.mark.parametrize(("changed", "headline"), [(1, "**1 field differs** (A → B):"), (2, "**2 fields differ**")])
def test_compare_counts_one_changed_field_in_the_singular(changed: int, headline: str) -> None:
    config = preset("embedding-lora-cpu")
    config.training.learning_rate = 1e-3
    if changed == 2:
        config.lora.r = 4
    _, text = compare("en", FORM, "preset: embedding-lora-cpu", *config_to_values(config))
    assert text.startswith(headline), text
