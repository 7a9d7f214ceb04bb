"""Named starting points: each is a nested config dict applied over the defaults, with the rule of thumb it follows.

A preset names only what makes it that preset; every other field keeps the studio's default, so a preset follows
the defaults when they improve. `load` takes a YAML path or a preset name, for the CLI and the UI alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasets_spec.store import CLASSIFICATION_SAMPLE, JSON_TASK_SAMPLE
from training.config.groups import OFFLINE_SMOLLM2
from training.config.studio import OFFLINE_E5, ConfigError, StudioConfig, from_dict, get_value, load_yaml, set_value

LLAMA_ATTENTION = ["q_proj", "k_proj", "v_proj", "o_proj"]  # the attention projections of Llama / Qwen / SmolLM2

PRESETS: dict[str, dict[str, Any]] = {
    "embedding-lora-cpu": {
        "model": {"name_or_path": OFFLINE_E5},
        "lora": {"use_lora": True, "r": 16, "lora_alpha": 32},
    },
    "embedding-full-gpu": {
        "lora": {"use_lora": False},
        "training": {
            "per_device_train_batch_size": 64,  # each query sees 63 in-batch negatives
            "learning_rate": 2e-5,
            "warmup_ratio": 0.1,
            "mixed_precision": "fp16",
            "gradient_checkpointing": False,  # a small encoder fits at 64 without it; turn on for a large one
        },
    },
    # JSON-task SFT of the offline SmolLM2-135M on the bundled sample, sized for this 2-core CPU (~9 s a step).
    # Measured here, 50 steps: lr 2e-4 left 2 of 8 answers valid JSON; 1e-3 gave 6 of 8, all schema-valid.
    "sft-json-cpu": {
        "task": "sft",
        "model": {"name_or_path": OFFLINE_SMOLLM2, "max_seq_length": 256},
        "data": {"dataset": JSON_TASK_SAMPLE},
        "lora": {"use_lora": True, "r": 16, "lora_alpha": 32, "target_modules": LLAMA_ATTENTION},
        "training": {
            "learning_rate": 1e-3,
            "per_device_train_batch_size": 4,
            "per_device_eval_batch_size": 8,
            "max_steps": 50,
            "eval_steps": 25,
            "save_steps": 25,
        },
        "sft": {"eval_generations": 8, "max_new_tokens": 128},
    },
    # Supervised fine-tuning of a 7B causal LM on JSON answers, on a GPU.
    "sft-7b-json-lora": {
        "task": "sft",
        "model": {"name_or_path": "Qwen/Qwen2.5-7B-Instruct", "max_seq_length": 1024},
        "data": {"dataset": JSON_TASK_SAMPLE},
        "lora": {
            "use_lora": True,
            "r": 16,
            "lora_alpha": 32,
            "lora_dropout": 0.05,
            "target_modules": [*LLAMA_ATTENTION, "gate_proj", "up_proj", "down_proj"],
        },
        "training": {
            "learning_rate": 2e-4,
            "per_device_train_batch_size": 4,
            "gradient_accumulation_steps": 8,  # effective batch 32 on one GPU
            "lr_scheduler_type": "cosine",
            "warmup_ratio": 0.03,
            "weight_decay": 0.0,
            "gradient_checkpointing": True,  # 1,024-token sequences on a 7B model do not fit otherwise
        },
        "sft": {"eval_generations": 32, "max_new_tokens": 256},
    },
    # Sequence classification with a LoRA adapter (the new head trains in full) on the bundled sample.
    "classification-lora": {
        "task": "classification",
        "data": {"dataset": CLASSIFICATION_SAMPLE},
        "lora": {"use_lora": True, "r": 8, "lora_alpha": 16, "lora_dropout": 0.1},
        # 2e-4 for 3 epochs (GLUE's recipe, thousands of steps) left the 217-example sample at chance; 1e-3 for 10
        # epochs (140 steps, ~2 min here) reached 0.85 accuracy and macro-F1.
        "training": {
            "learning_rate": 1e-3,
            "num_train_epochs": 10.0,
            "warmup_ratio": 0.06,
            "lr_scheduler_type": "linear",
            "eval_steps": 14,
            "save_steps": 14,
        },
        "classification": {"min_samples_per_class": 5},
    },
}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "embedding-lora-cpu": {
        "en": "The studio's defaults: multilingual-e5-small offline with a rank-16 LoRA adapter, sized for a CPU.",
        "ko": "스튜디오 기본값: 오프라인 multilingual-e5-small에 랭크 16 LoRA 어댑터, CPU에 맞춘 크기.",
        "source": "This studio's measured runs on the bundled legal sample (see the field help of learning_rate and "
        "per_device_train_batch_size); alpha = 2 × r is the common LoRA rule of thumb.",
    },
    "embedding-full-gpu": {
        "en": "Full fine-tuning of the embedding model on a GPU: batch 64, lr 2e-5, 10% warmup, fp16.",
        "ko": "GPU에서 임베딩 모델 전체 미세조정: 배치 64, 학습률 2e-5, 워밍업 10%, fp16.",
        "source": "sentence-transformers training examples (lr 2e-5, warmup 0.1) and its MultipleNegativesRankingLoss "
        "docs: a larger batch gives more in-batch negatives and better results, to a point.",
    },
    "sft-json-cpu": {
        "en": "JSON-task SFT of the offline SmolLM2-135M on the bundled sample: LoRA r 16 on attention, lr 1e-3, "
        "batch 4, 50 steps, 256 tokens; JSON-valid share measured at each evaluation.",
        "ko": "번들 샘플로 오프라인 SmolLM2-135M의 JSON 과제 SFT: 어텐션에 LoRA r 16, 학습률 1e-3, 배치 4, 50 스텝, "
        "256 토큰. 평가마다 유효한 JSON 비율을 잽니다.",
        "source": "alpha = 2 × r: the common LoRA rule; lr 1e-3: this studio's measured 50-step CPU runs (2e-4, the "
        "QLoRA paper's rate for long runs, left only 2 of 8 answers valid JSON after 50 steps; see the README).",
    },
    "sft-7b-json-lora": {
        "en": "LoRA SFT of a 7B model on JSON answers: lr 2e-4, r 16, alpha 32, batch 4 × 8, cosine, 1,024 tokens.",
        "ko": "7B 모델의 JSON 응답 LoRA SFT: 학습률 2e-4, r 16, alpha 32, 배치 4 × 8, cosine, 1,024 토큰.",
        "source": "lr 2e-4 for 7B-13B LoRA adapters: the QLoRA paper (Dettmers et al., 2023); cosine with 3% warmup: "
        "the Stanford Alpaca recipe; alpha = 2 × r: the common LoRA rule of thumb.",
    },
    "classification-lora": {
        "en": "LoRA for sequence classification (the new head trains in full): r 8, alpha 16, lr 1e-3, 10 epochs, "
        "6% warmup, classes under 5 examples dropped.",
        "ko": "문장 분류용 LoRA(새 헤드는 전체 학습): r 8, alpha 16, 학습률 1e-3, 10 에폭, 워밍업 6%, 예제 5개 미만 "
        "클래스 제외.",
        "source": "r 8, alpha 16, warmup 0.06, linear: the LoRA paper (Hu et al., 2021) on GLUE; its lr 2e-4 for 3 "
        "epochs left the small bundled sample at chance, lr 1e-3 for 10 epochs reached 0.85 macro-F1 (README).",
    },
}


def preset_names() -> list[str]:
    return list(PRESETS)


def preset(name: str) -> StudioConfig:
    if name not in PRESETS:
        raise ConfigError(f"no preset named {name!r}; presets: {', '.join(PRESETS)}")
    return from_dict(PRESETS[name])


# What a preset loaded into a form never replaces, when the preset is for the task the person chose: the experiment
# (task, model, data) and what only fits that choice (the head's size follows the data's classes, a schema file
# describes the data's answers). A preset sets everything else: LoRA size and dropout, the loss, the optimiser and
# schedule, evaluation, hardware, the SFT and classification settings, early stopping, and max_seq_length (a cost the
# preset sized).
KEPT = (
    "task",
    "model.name_or_path",
    "model.num_labels",
    "data.dataset",
    "data.max_train_samples",
    "sft.json_schema",
)
# Module names belong to one architecture (q_proj in Llama, query in BERT): a preset's apply to its own model only.
KEPT_UNLESS_SAME_MODEL = ("lora.target_modules", "lora.layers_to_transform")


def presets_for(task: str) -> list[str]:
    """The presets that train `task`: the ones that keep an experiment of that task."""
    return [name for name in PRESETS if preset(name).task == task]


def kept_fields(name: str, chosen: StudioConfig) -> tuple[str, ...]:
    """The fields of `chosen` that loading preset `name` leaves as they are: none when the preset trains another task
    (an SFT preset's settings mean nothing for a classification dataset, and the dataset cannot train its task)."""
    wanted = preset(name)
    if wanted.task != chosen.task:
        return ()
    return KEPT if wanted.model.name_or_path == chosen.model.name_or_path else (*KEPT, *KEPT_UNLESS_SAME_MODEL)


def apply_preset(name: str, chosen: StudioConfig) -> StudioConfig:
    """Preset `name`'s training settings on the experiment `chosen` holds: its task, model and data stay (KEPT) when
    the preset trains that task; a preset for another task comes whole (the caller says so)."""
    config = preset(name)
    for path in kept_fields(name, chosen):
        set_value(config, path, get_value(chosen, path))
    return config


def load(name_or_path: str | Path) -> StudioConfig:
    """A config from a YAML file or, when no such file exists, a preset of that name."""
    path = Path(name_or_path)
    if path.is_file():
        return load_yaml(path)
    if str(name_or_path) in PRESETS:
        return preset(str(name_or_path))
    raise FileNotFoundError(f"{name_or_path}: no such config file, and no preset of that name ({', '.join(PRESETS)})")
