"""Every finding the doctor can emit is worded in English and Korean with the same placeholders, and both panels show
findings in the page's language."""

from __future__ import annotations

import re
import string

import pytest

from studio.findings_view import SPECS, worded
from studio.strings.findings import FINDINGS, NAMES
from studio.tabs.doctor_panel import findings_markdown
from studio.tabs.train import findings_markdown as live_markdown
from training.doctor.findings import CATALOGUE, Finding, Fix
from training.doctor.live_findings import Noted

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# a value of the right kind for each format spec, so a template can be filled without a real run
SAMPLES = {"name": "low", "pairs": [["계약", 1]], "spans": [4, 5], "pow": -4, "lr": 5e-5, "lrw": 5e-5, "x": 4.0}


def fields(template: str) -> dict[str, str]:
    """Placeholder name → format spec."""
    return {name: spec for _, name, spec, _ in string.Formatter().parse(template) if name is not None}


def combinations() -> list[tuple[str, str, str | None]]:
    """Every (rule, case, fix field or None) the catalogue allows."""
    return [
        (rule, case, path)
        for rule, wording in CATALOGUE.items()
        for case in wording.cases
        for path in (None, *(() if case in wording.unfixed else wording.fixes))
    ]


def sample_values(rule: str, case: str) -> dict[str, object]:
    """Values for every placeholder the rule's templates name, fragments followed; `value` is the fix's."""
    values: dict[str, object] = {"case": case} if case else {}
    for entry in (FINDINGS[rule], FINDINGS["_shared"]):
        for texts in entry.values():
            for name, spec in fields(texts["en"]).items():
                if name not in entry and name not in FINDINGS["_shared"] and name != "value":
                    values[name] = SAMPLES.get(spec, 3)
    return values


@pytest.mark.parametrize(("rule", "case", "path"), combinations())
def test_every_finding_is_worded_in_both_languages(rule: str, case: str, path: str | None) -> None:
    value = SAMPLES["spans"] if path == "lora.layers_to_transform" else 2.0
    finding = Finding(rule, "warning", sample_values(rule, case), Fix(path, value) if path else None)
    english, korean = worded(finding, "en"), worded(finding, "ko")
    parts = zip(
        (english.title, english.evidence, english.why), (korean.title, korean.evidence, korean.why), strict=True
    )
    for en, ko in parts:
        assert en and ko and "{" not in en + ko
    assert (english.fix is None, korean.fix is None) == (path is None, path is None)
    assert HANGUL.search(korean.title) and HANGUL.search(korean.why), korean
    if path:
        assert HANGUL.search(korean.fix) or korean.fix == english.fix


ENTRIES = [(rule, key) for rule, entry in FINDINGS.items() for key in entry]


@pytest.mark.parametrize(("rule", "key"), ENTRIES)
def test_english_and_korean_name_the_same_placeholders(rule: str, key: str) -> None:
    """Korean says every number English says, and only those; a Korean template without Hangul must be the English
    one: numbers and code names only (the trend, `learning_rate 5e-5 → 1e-4`)."""
    en, ko = FINDINGS[rule][key]["en"], FINDINGS[rule][key]["ko"]
    assert set(fields(en)) == set(fields(ko)), (en, ko)
    assert {spec for spec in fields(en).values() if spec in SPECS} >= {
        spec for spec in fields(ko).values() if spec in SPECS
    }
    if not HANGUL.search(ko):
        assert ko == en and not re.search(r"[a-z]{3,} [a-z]{3,}", re.sub(r"\{[^}]*\}", "", en)), ko


def test_the_table_words_exactly_the_catalogued_rules_and_names() -> None:
    assert set(FINDINGS) - {"_shared"} == set(CATALOGUE)
    assert all(set(words) == {"en", "ko"} for words in NAMES.values())


def test_a_finding_outside_the_catalogue_is_refused() -> None:
    with pytest.raises(KeyError):
        Finding("no_such_rule", "warning")
    with pytest.raises(ValueError, match="case"):
        Finding("warmup", "warning", {"case": "sideways"})
    with pytest.raises(ValueError, match="fix on training.max_steps"):
        Finding("logging", "warning", {}, Fix("training.max_steps", 1))
    with pytest.raises(ValueError, match="patience_on"):  # early stopping is on: nothing to fix
        Finding("metric_stalled", "info", {"case": "patience_on"}, Fix("early_stopping.patience", 3))


LOSS_NAN = Finding(
    "loss_nan",
    "error",
    {"case": "after", "loss": "nan", "step": 4, "last_loss": 2.1, "last_step": 3, "grad_norm": 0.5},
    Fix("training.learning_rate", 3e-05),
)


def test_both_panels_word_a_finding_in_the_pages_language() -> None:
    english, korean = findings_markdown([LOSS_NAN], "en"), findings_markdown([LOSS_NAN], "ko")
    assert english == (
        "**Error** · **The loss is nan from step 4**  \n"
        "loss nan at step 4; the last finite loss 2.1 at step 3; grad_norm 0.5  \n"
        "_why: a NaN or infinite loss poisons every weight it reaches, and nothing after it trains: usually the LR is "
        "too high, or fp16 overflowed_"
    )
    assert korean.startswith("**오류** · **스텝 4부터 손실이 nan입니다**") and "_이유: " in korean
    live = live_markdown([Noted(4, LOSS_NAN, 0.0)], "ko")
    assert "스텝 4부터 손실이 nan입니다" in live and "learning_rate를 3e-05(으)로 설정 (더 작은 스텝)" in live
    assert "set learning_rate to 3e-05 (a smaller step)" in live_markdown([Noted(4, LOSS_NAN, 0.0)], "en")


def test_text_values_are_redacted_as_words_redacts_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """lora_targets shows the reader's own message, which may name a server path: in a shared studio it goes through
    access.redact, as every value studio.strings.words fills in does."""
    monkeypatch.setattr("studio.findings_view.redact", lambda text: text.replace("/srv/models", "<data>"))
    finding = Finding("lora_targets", "error", {"message": "cannot read /srv/models/x"})
    assert worded(finding, "ko").evidence == "cannot read <data>/x"


@pytest.mark.parametrize(
    ("rule", "values", "fix", "one", "many"),
    [
        (
            "rare_classes",
            {"count": 1, "min_samples": 2, "rare": [["x", 1]]},
            None,
            "1 class has fewer",
            "classes have",
        ),
        ("few_steps", {"case": "unknown", "epochs": 1, "total_steps": 1}, None, "1 epoch = 1 steps", "epochs ="),
        (
            "metric_stalled",
            {
                "case": "patience_on",
                "metric": "f1",
                "evals": 1,
                "best": 0.5,
                "best_step": 2,
                "first": 3,
                "last": 4,
                "reached": 0.4,
            },
            None,
            "for 1 evaluation",
            "evaluations",
        ),
        ("batch_small", {"batch": 2, "in_batch_negatives": 1}, None, "Only 1 in-batch negative per", "negatives per"),
        (
            "few_steps",
            {"case": "epochs", "epochs": 1, "total_steps": 3, "fix_steps": 1, "train_rows": 24, "per_epoch": 3}
            | {"effective_batch": 8, "batch": 8, "accumulation": 1, "processes": 1},
            ("training.num_train_epochs", 1),
            "train 1 epoch (1 step)",
            "epochs (",
        ),
    ],
)
def test_one_of_a_thing_is_said_in_the_singular(rule, values, fix, one, many) -> None:
    """Issue 19's "1 warnings": a count of 1 takes the singular noun (and verb), any other count the plural."""
    said = worded(Finding(rule, "warning", values, Fix(*fix) if fix else None), "en")
    text = " | ".join(filter(None, (said.title, said.evidence, said.fix)))
    assert one in text and many not in text, text
    more = {k: 2 if v == 1 else v for k, v in values.items()}
    plural = worded(Finding(rule, "warning", more, Fix(fix[0], 2) if fix else None), "en")
    assert many in " | ".join(filter(None, (plural.title, plural.evidence, plural.fix))), plural
