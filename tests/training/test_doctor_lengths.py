"""The doctor's length rules on real data files and the tiny model's own tokenizer: more than 10% of a field cut is a
finding with its share, the length that keeps 95% as the fix, and what that length costs a step (timed by the probe
when it runs, tokens per step when it does not)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.models.load import token_lengths
from studio.findings_view import worded
from tests.datasets_spec.examples import CORPUS, IDS_EXAMPLES, LONG_TEXT, ids_folder, write_jsonl
from training.config.studio import StudioConfig, set_value
from training.doctor.examine import examine

MAX_LEN = 48  # the tiny tokenizer reads a character per token: the corpus's articles are 27-32, short queries 6-12
SHORT = [e["query_text"] for e in IDS_EXAMPLES]
# six long queries, 60 to about 108 tokens: the question at the end of a scenario
LONG = [LONG_TEXT + (" " + LONG_TEXT[:k] if k else "") for k in (0, 10, 20, 30, 40, 60)]


def texts(long: int, total: int = 40) -> list[str]:
    return [SHORT[i % len(SHORT)] for i in range(total - long)] + LONG[:long]


def retrieval_folder(folder: Path, queries: list[str]) -> Path:
    ids = [p["id"] for p in CORPUS]
    examples = [
        {"query_id": f"q{i}", "query_text": q, "positive_passages": [ids[i % len(ids)]], "hard_negatives": []}
        for i, q in enumerate(queries)
    ]
    return ids_folder(folder, examples)


def sft_file(folder: Path, answers: list[str]) -> Path:
    rows = [{"messages": [{"role": "user", "content": "질문"}, {"role": "assistant", "content": a}]} for a in answers]
    return write_jsonl(folder / "chats.jsonl", rows)


def classification_file(folder: Path, texts: list[str]) -> Path:
    rows = [{"text": t, "label": ["계약", "가족"][i % 2]} for i, t in enumerate(texts)]
    return write_jsonl(folder / "classes.jsonl", rows)


# config task, how its data file is written, the field measured, the rule, and the case without the probe
TASKS = [
    ("embedding", retrieval_folder, "query", "query_truncation", "tokens"),
    ("sft", sft_file, "conversation", "truncation", "no_probe"),
    ("classification", classification_file, "text", "truncation", "tokens"),
]


def config_for(model: Path, task: str, **fields: object) -> StudioConfig:
    config = StudioConfig()
    config.task, config.model.name_or_path, config.model.max_seq_length = task, str(model), MAX_LEN
    for path, value in fields.items():
        set_value(config, path.replace("__", "."), value)
    return config


def cut(findings, rule: str):
    return next((f for f in findings if f.rule == rule), None)


@pytest.mark.parametrize(("task", "write", "field", "rule", "case"), TASKS)
def test_more_than_a_tenth_cut_offers_the_length_that_keeps_95_percent(
    tmp_path: Path, tiny_model: Path, task: str, write, field: str, rule: str, case: str
) -> None:
    queries = texts(long=6)  # 6 of 40 = 15% longer than 48 tokens
    data = write(tmp_path / "data", queries)
    findings, ctx = examine(config_for(tiny_model, task), data=str(data))
    finding = cut(findings, rule)
    measured = token_lengths(str(tiny_model))(
        [f"질문\n{q}" for q in queries] if task == "sft" else queries  # an SFT example is cut as one sequence
    )
    assert finding is not None and finding.values["field"] == field and finding.values["case"] == case
    assert finding.values["share"] == sum(n > MAX_LEN for n in measured) / len(measured) == 0.15
    assert finding.values["p95"] == sorted(measured)[38]  # the 39th of 40: 97.5% are no longer
    value = finding.fix.value
    assert finding.fix.path == "model.max_seq_length" and value % 8 == 0 and value - 8 < finding.values["p95"] <= value
    assert sum(n <= value for n in measured) / len(measured) >= 0.95
    tokens = ctx.quantities.tokens_per_step
    assert (finding.values["tokens_before"], finding.values["tokens_after"]) == (tokens, tokens * value // MAX_LEN)
    english, korean = worded(finding, "en"), worded(finding, "ko")
    assert english.title.startswith(f"15% of {'queries' if field == 'query' else field + 's'} are cut at 48 tokens")
    assert f"95% fit in {finding.values['p95']}" in english.title and "토큰에서 잘립니다" in korean.title
    assert english.fix.startswith(f"set max_seq_length to {value}: keeps 95%, +{value * tokens // MAX_LEN - tokens:,}")
    assert ("the probe can time it" in english.fix) is (case == "tokens")
    assert korean.fix.startswith(f"max_seq_length를 {value}(으)로 설정: 95% 유지")


@pytest.mark.parametrize(("task", "write", "field", "rule", "case"), TASKS)
def test_a_few_outliers_cut_are_no_finding(tmp_path: Path, tiny_model: Path, task, write, field, rule, case) -> None:
    data = write(tmp_path / "data", texts(long=2))  # 5%
    findings, _ = examine(config_for(tiny_model, task), data=str(data))
    assert not {"truncation", "query_truncation"} & {f.rule for f in findings}


def test_the_fix_clears_the_finding(tmp_path: Path, tiny_model: Path) -> None:
    config = config_for(tiny_model, "embedding")
    data = str(retrieval_folder(tmp_path / "data", texts(long=6)))
    finding = cut(examine(config, data=data)[0], "query_truncation")
    set_value(config, finding.fix.path, finding.fix.value)
    assert not {"truncation", "query_truncation"} & {f.rule for f in examine(config, data=data)[0]}


def test_the_model_that_reads_no_further_gets_no_fix(tmp_path: Path, tiny_model: Path) -> None:
    """The tiny model has 256 positions: a longer max_seq_length is refused, so the finding says to split instead."""
    assert json.loads((tiny_model / "config.json").read_text())["max_position_embeddings"] == 256
    long = [LONG_TEXT * 5] * 6  # about 370 tokens each
    data = retrieval_folder(tmp_path / "data", texts(long=0, total=34) + long)
    findings, ctx = examine(config_for(tiny_model, "embedding", model__max_seq_length=256), data=str(data))
    finding = cut(findings, "query_truncation")
    assert ctx.max_positions == 256 and finding.fix is None
    assert (finding.values["case"], finding.values["limit"]) == ("at_limit", 256)
    assert "reads at most 256" in worded(finding, "en").evidence and "256 토큰보다" in worded(finding, "ko").why


@pytest.mark.parametrize("task", ["embedding", "classification"])
def test_the_probe_times_a_step_at_both_lengths(tmp_path: Path, tiny_model: Path, task: str) -> None:
    write = retrieval_folder if task == "embedding" else classification_file
    rule = "query_truncation" if task == "embedding" else "truncation"
    config = config_for(
        tiny_model, task, training__per_device_train_batch_size=8, training__gradient_accumulation_steps=2
    )
    data = str(write(tmp_path / "data", texts(long=6)))
    findings, ctx = examine(config, data=data, probe=True)
    finding = cut(findings, rule)
    value = finding.fix.value
    assert set(ctx.probe.seconds) == {MAX_LEN, value} and all(s > 0 for s in ctx.probe.seconds.values())
    assert finding.values["case"] == "measured"
    before, after = 2 * ctx.probe.seconds[MAX_LEN], 2 * ctx.probe.seconds[value]  # two passes a step
    assert (finding.values["seconds_before"], finding.values["seconds_after"]) == (before, after)
    assert finding.values["seconds_added"] == pytest.approx(after - before)
    assert (
        f"s per step ({before:.3g} → {after:.3g} s on a batch of the longest texts, measured)"
        in worded(finding, "en").fix
    )
    assert "초, 측정값)" in worded(finding, "ko").fix
