"""Named starting points: each is a nested config dict applied over the defaults, with the rule of thumb it follows.

A preset names only what makes it that preset; every other field keeps the studio's default, so a preset follows
the defaults when they improve. `load` takes a YAML path or a preset name, for the CLI and the UI alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from training.config import OFFLINE_E5, ConfigError, StudioConfig, from_dict, load_yaml

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
    # Supervised fine-tuning of a 7B causal LM on JSON answers. The config's task allows only "embedding" until the
    # SFT task lands with issue 6, so this keeps the model and task of an embedding run and carries the intended
    # numbers; the default encoder reads at most 512 positions, so train with it only after issue 6.
    "sft-7b-json-lora": {
        "model": {"max_seq_length": 1024},
        "lora": {"use_lora": True, "r": 16, "lora_alpha": 32, "lora_dropout": 0.05},
        "training": {
            "learning_rate": 2e-4,
            "per_device_train_batch_size": 4,
            "gradient_accumulation_steps": 8,  # effective batch 32 on one GPU
            "lr_scheduler_type": "cosine",
            "warmup_ratio": 0.03,
            "weight_decay": 0.0,
            "gradient_checkpointing": True,  # 1,024-token sequences on a 7B model do not fit otherwise
        },
    },
    # Sequence classification with a LoRA adapter; the classification task lands with issue 6, so this too keeps
    # the task embedding and carries the intended numbers.
    "classification-lora": {
        "lora": {"use_lora": True, "r": 8, "lora_alpha": 16, "lora_dropout": 0.1},
        "training": {"learning_rate": 2e-4, "warmup_ratio": 0.06, "lr_scheduler_type": "linear"},
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
    "sft-7b-json-lora": {
        "en": "LoRA SFT of a 7B model on JSON answers: lr 2e-4, r 16, alpha 32, batch 4 × 8, cosine, 1,024 tokens.",
        "ko": "7B 모델의 JSON 응답 LoRA SFT: 학습률 2e-4, r 16, alpha 32, 배치 4 × 8, cosine, 1,024 토큰.",
        "source": "lr 2e-4 for 7B-13B LoRA adapters: the QLoRA paper (Dettmers et al., 2023); cosine with 3% warmup: "
        "the Stanford Alpaca recipe; alpha = 2 × r: the common LoRA rule of thumb. Task lands with issue 6.",
    },
    "classification-lora": {
        "en": "LoRA for sequence classification: lr 2e-4, r 8, alpha 16, 6% warmup, linear decay.",
        "ko": "문장 분류용 LoRA: 학습률 2e-4, r 8, alpha 16, 워밍업 6%, 선형 감소.",
        "source": "The LoRA paper (Hu et al., 2021) on GLUE with RoBERTa-large: r 8, alpha 16, lr 2e-4 to 4e-4, "
        "warmup 0.06, linear schedule. Task lands with issue 6.",
    },
}


def preset_names() -> list[str]:
    return list(PRESETS)


def preset(name: str) -> StudioConfig:
    if name not in PRESETS:
        raise ConfigError(f"no preset named {name!r}; presets: {', '.join(PRESETS)}")
    return from_dict(PRESETS[name])


def load(name_or_path: str | Path) -> StudioConfig:
    """A config from a YAML file or, when no such file exists, a preset of that name."""
    path = Path(name_or_path)
    if path.is_file():
        return load_yaml(path)
    if str(name_or_path) in PRESETS:
        return preset(str(name_or_path))
    raise FileNotFoundError(f"{name_or_path}: no such config file, and no preset of that name ({', '.join(PRESETS)})")
