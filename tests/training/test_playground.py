"""The playground on tiny runs trained through the CLI: an SFT run answered by its base and tuned model with the
JSON and schema verdicts, a classification run's top labels; the checks on hand-written answers; `ask` on the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from datasets_spec import store
from datasets_spec.json_answers import score_answer
from datasets_spec.jsonl import write_jsonl
from tests.training.builders import build_tiny_causal_lm, classification_config, cli, sft_config, table
from training.config.studio import save_yaml
from training.lifecycle import runs
from training.playground import ask as playground
from training.playground.ask import ModelCache, check_answer, top_labels
from training.playground.chat import answer, conversation

pytestmark = pytest.mark.slow  # trains its SFT and classification runs through the CLI

SCHEMA = {
    "type": "object",
    "properties": {
        "challenge": {"type": "string"},
        "duration_days": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["challenge", "duration_days"],
}


def train(config, data_dir: Path, run_dir: Path) -> Path:
    """A run directory made the way the Train tab makes it: `python -m training run` on a saved config."""
    run_dir.mkdir(parents=True)
    save_yaml(config, run_dir / "config.yaml")
    result = cli("run", str(run_dir / "config.yaml"), "--run-dir", str(run_dir), data_dir=data_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    return run_dir


@pytest.fixture(scope="module")
def sft_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(run dir, data dir): 4 steps of LoRA at lr 1e-2 on a tiny Llama, so the adapter has moved the logits."""
    root = tmp_path_factory.mktemp("playground-sft")
    model = build_tiny_causal_lm(root / "tiny-llama")
    config = sft_config(model, max_steps=4, eval_steps=0, save_steps=100, learning_rate=1e-2)
    config.sft.eval_generations = 0
    config.sft.max_new_tokens = 6
    return train(config, root / "data", root / "data" / "runs" / "sft"), root / "data"


@pytest.fixture(scope="module")
def classification_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(run dir, data dir): a tiny BERT saved without its pooler (as e5 is), so the head and the pooler are new."""
    from transformers import AutoTokenizer, BertModel

    from tests.conftest import build_tiny_bert

    root = tmp_path_factory.mktemp("playground-cls")
    bert = build_tiny_bert(root / "bert")
    model = root / "bert-no-pooler"
    BertModel.from_pretrained(bert, add_pooling_layer=False).save_pretrained(model)
    AutoTokenizer.from_pretrained(bert).save_pretrained(model)
    write_jsonl(root / "table.jsonl", table())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDIO_DATA_DIR", str(root / "data"))
        store.import_file(root / "table.jsonl", "five")
    config = classification_config(model, "five")
    config.early_stopping.load_best_model_at_end = False
    return train(config, root / "data", root / "data" / "runs" / "cls"), root / "data"


@pytest.fixture
def studio(monkeypatch: pytest.MonkeyPatch):
    """Point STUDIO_DATA_DIR at a module run's data directory, where its dataset is stored."""

    def use(run: tuple[Path, Path]) -> Path:
        monkeypatch.setenv("STUDIO_DATA_DIR", str(run[1]))
        return run[0]

    return use


@pytest.mark.parametrize(
    ("text", "json_valid", "schema_valid", "error"),
    [
        ('{"challenge": "걷기", "duration_days": 14}', True, True, None),
        ('```json\n{"challenge": "걷기", "duration_days": 14, "tags": ["a"]}\n```', True, True, None),
        ('{"challenge": "걷기",\n "duration_days": 14', False, False, "not JSON: Expecting ',' delimiter at line 2"),
        ('{"challenge": "걷기" "duration_days": 14}', False, False, "Expecting ',' delimiter at line 1 column 20"),
        ("", False, False, "not JSON: Expecting value at line 1 column 1"),
        ('{"challenge": "걷', False, False, "not JSON: Unterminated string starting at line 1 column 15"),
        ('{"challenge": "걷기", "duration_days": "2주"}', True, False, "$.duration_days: '2주' is not of type"),
        ('{"challenge": "걷기"}', True, False, "$: 'duration_days' is a required property"),
        ('{"challenge": "걷기", "duration_days": 3, "tags": ["a", 7]}', True, False, "$.tags[1]: 7 is not of type"),
        ("[1, 2]", True, False, "$: [1, 2] is not of type 'object'"),
    ],
)
def test_check_names_the_json_error_and_the_schema_path(
    text: str, json_valid: bool, schema_valid: bool, error: str | None
) -> None:
    check = check_answer(text, SCHEMA)
    assert (check.json_valid, check.schema_valid) == (json_valid, schema_valid)
    # The same verdicts the SFT evaluation counts.
    scored = score_answer(text, '{"challenge": "걷기", "duration_days": 14}', SCHEMA)
    assert (scored.json_valid, scored.schema_valid) == (json_valid, schema_valid)
    said = check.json_error or check.schema_text()
    assert (error in said) if error else said == ""


def test_schema_errors_come_shallowest_first_and_are_counted() -> None:
    check = check_answer('{"duration_days": "x", "tags": [1, 2, 3]}', SCHEMA)
    assert check.schema_errors[0] == "$: 'challenge' is a required property"
    assert len(check.schema_errors) == 5
    assert check.schema_text().endswith("(+2 more)")


def test_sft_answers_base_and_tuned_with_the_runs_schema_and_system_prompt(sft_run, studio) -> None:
    run_dir = studio(sft_run)
    facts = playground.run_facts(run_dir)
    assert facts.task == "sft" and facts.system == "JSON으로만 답하세요."  # what the training chats open with
    assert facts.schema == json.loads((run_dir / "schema.json").read_text("utf-8"))
    assert facts.schema["required"] == ["challenge", "category", "duration_days", "difficulty", "reason"]
    example = facts.examples[0]
    assert example.split == "validation" and facts.reference(example.prompt + "  ") == example

    cache = ModelCache()
    replies = [answer(run_dir, example.prompt, which=w, cache=cache) for w in ("base", "tuned")]
    for reply in replies:
        assert isinstance(reply.text, str) and reply.seconds > 0  # "" too: a model may end its turn at once
        assert reply.check == check_answer(reply.text, facts.schema)
        assert len(reply.text) <= 6 * 4  # 6 new tokens of at most a few characters each
    assert len(cache.recent) == 1  # one load answered both

    # Base is the run's starting point: with the adapter off, the very logits of the model it was built from.
    from transformers import AutoModelForCausalLM

    loaded = cache.get(run_dir)
    chat = conversation([{"role": "user", "content": example.prompt}], facts.system)
    ids = loaded.tokenizer.apply_chat_template(chat, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    original = AutoModelForCausalLM.from_pretrained(runs.load_config(run_dir).model.name_or_path).eval()
    with torch.no_grad():
        expected = original(**ids).logits
        with loaded.use("base") as model:
            base = model(**ids).logits
        with loaded.use("tuned") as model:
            tuned = model(**ids).logits
    torch.testing.assert_close(base, expected, rtol=0, atol=1e-6)  # bitwise but for MKL's alignment-dependent sums
    assert (tuned - base).abs().max() > 1e-3  # the adapter trained
    assert answer(run_dir, example.prompt, which="tuned", cache=cache).text == replies[1].text  # greedy: repeatable


def test_wrong_requests_are_named(sft_run, classification_run, studio) -> None:
    run_dir = studio(sft_run)
    with pytest.raises(ValueError, match="prompt is empty"):
        answer(run_dir, "  ")
    with pytest.raises(ValueError, match="which = 'both': choose base or tuned"):
        answer(run_dir, "hi", which="both")
    with pytest.raises(ValueError, match="max_new_tokens = 0: at least 1"):
        answer(run_dir, "hi", max_new_tokens=0)
    with pytest.raises(ValueError, match="is an SFT run: ask it for an answer instead"):
        top_labels(run_dir, "hi")
    with pytest.raises(FileNotFoundError, match=r"run empty \(unknown\) has no saved model"):
        playground.model_dir(run_dir.parent / "empty")
    run_dir = studio(classification_run)
    with pytest.raises(ValueError, match="is a classification run: ask it for top labels instead"):
        answer(run_dir, "hi")
    with pytest.raises(ValueError, match="k = 0: at least 1"):
        top_labels(run_dir, "hi", k=0)


def test_classification_top_labels_base_is_the_runs_step_zero_model(classification_run, studio) -> None:
    run_dir = studio(classification_run)
    facts = playground.run_facts(run_dir)
    names = json.loads((run_dir / "model" / "labels.json").read_text("utf-8"))
    assert facts.task == "classification" and list(facts.labels) == names
    example = facts.examples[0]
    cache = ModelCache()
    for which in ("base", "tuned"):
        top = top_labels(run_dir, example.prompt, which=which, cache=cache)
        assert len(top) == 5 and {label for label, _ in top} == set(names)
        probabilities = [p for _, p in top]
        assert probabilities == sorted(probabilities, reverse=True) and sum(probabilities) <= 1 + 1e-6
    assert len(top_labels(run_dir, example.prompt, k=2, cache=cache)) == 2

    # With the adapter off, the base scores the validation split exactly as the run's step-0 evaluation did: the
    # same encoder, and the same random head and pooler, drawn again from the run's seed.
    loaded = cache.get(run_dir)
    validation = store.load("five").validation
    batch = loaded.tokenizer([e["text"] for e in validation], truncation=True, max_length=32, padding=True)
    batch = {k: torch.tensor(v) for k, v in batch.items()}
    gold = torch.tensor([names.index(e["label"]) for e in validation])
    status = runs.read_status(run_dir)
    with torch.no_grad():
        for which, logged in (("base", "first_eval"), ("tuned", "final_eval")):
            with loaded.use(which) as model:
                loss = torch.nn.functional.cross_entropy(model(**batch).logits, gold).item()
            assert loss == pytest.approx(status[logged]["eval_loss"], abs=1e-4)
    assert math.isclose(status["first_eval"]["eval_loss"], math.log(5), abs_tol=0.3)  # an untrained head


def test_playable_runs_are_finished_sft_and_classification_runs(sft_run, classification_run) -> None:
    root = sft_run[1] / "runs"
    assert [r.id for r in playground.playable_runs(root)] == ["sft"]
    runs.write_status(root / "sft", state="queued")  # a run being trained again rewrites its model
    try:
        assert playground.playable_runs(root) == []
    finally:
        runs.write_status(root / "sft", state="finished")
    assert [r.id for r in playground.playable_runs(classification_run[1] / "runs")] == ["cls"]


def test_ask_cli_prints_both_answers_with_their_checks(sft_run, classification_run, studio, capsys) -> None:
    run_dir, data_dir = sft_run
    result = cli("ask", str(run_dir), "서울 사는 간호사예요.", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout)
    assert (
        out["task"] == "sft" and out["system"] == "JSON으로만 답하세요." and set(out["answers"]) == {"base", "tuned"}
    )
    for reply in out["answers"].values():
        assert reply["check"]["json_valid"] == (reply["check"]["json_error"] is None)
        assert reply["check"]["json_valid"] == check_answer(reply["text"], {}).json_valid

    from training.__main__ import main

    run_dir = studio(classification_run)
    text = store.load("five").validation[0]
    assert main(["ask", str(run_dir), text["text"], "--top", "3", "--base"]) == 0
    printed = capsys.readouterr().out
    assert f"gold label: {text['label']}" in printed and "base (" in printed and "tuned (" not in printed
    assert "  3. " in printed and "  4. " not in printed
    assert main(["ask", str(run_dir), " "]) == 2
    assert "error: text is empty" in capsys.readouterr().err
