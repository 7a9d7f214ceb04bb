"""LlmOptions: the generator and its sampling (model, kind, per_example, temperature, top_p), and the filters that
keep a variant (length, language, embedding score, distractors), read by the CLI's flags and the Augment tab alike;
`variants.py` runs them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from core.knobs import ConfigError, check_fields, knob
from datasets_spec.augment.llm.writer import Sampling

KINDS = ("paraphrase", "question")


@dataclass
class LlmOptions:
    """Everything a generation depends on: one declaration for the CLI's flags, the Augment tab's widgets and the
    checks (each field's bounds here; the rules between fields in `check`)."""

    model: str = knob(
        "",
        label="Causal LM (Hub id or local folder)",
        en="The model that writes the variants. The offline default SmolLM2-135M is English-first and writes poor "
        "Korean; with a network, Qwen/Qwen2.5-0.5B-Instruct or larger.",
        ko="변형을 쓸 언어 모델. 오프라인 기본 SmolLM2-135M은 영어 위주라 한국어를 잘 못 씁니다. 네트워크가 있으면 "
        "Qwen/Qwen2.5-0.5B-Instruct 이상을 쓰세요.",
    )
    kind: str = knob(
        "paraphrase",
        label="Kind",
        choices=list(KINDS),
        en="paraphrase = rewrite each training query; question = ask what one of its positive passages says.",
        ko="paraphrase = 학습 질의를 바꿔 씀, question = 정답 문단 하나가 답하는 질문을 씀.",
    )
    per_example: int = knob(
        2,
        label="Variants per query",
        minimum=1,
        maximum=10,
        en="Variants asked of each source query; more than 1 needs a temperature above 0.",
        ko="원본 질의마다 요청할 변형 수. 1보다 크면 temperature가 0보다 커야 함.",
    )
    limit: int | None = knob(
        None,
        label="Training queries to use (empty: all)",
        minimum=1,
        en="Source queries picked under the seed; empty = every training query.",
        ko="시드로 뽑을 원본 질의 수. 비우면 모든 학습 질의.",
    )
    seed: int = knob(
        42, label="Seed", en="Same seed, same queries and the same variants.", ko="같은 시드면 같은 질의와 같은 변형."
    )
    temperature: float = knob(
        0.7,
        label="Temperature",
        minimum=0.0,
        en="Sampling temperature; 0 = greedy, which writes one variant per query.",
        ko="샘플링 온도. 0 = 탐욕 디코딩이라 질의마다 변형 하나만 씀.",
    )
    top_p: float = knob(
        0.9,
        label="Top-p",
        minimum=0.0,
        maximum=1.0,
        exclusive_minimum=True,
        en="Nucleus sampling: draw from the smallest set of tokens whose probability adds up to this.",
        ko="누적 확률이 이 값에 이르는 가장 작은 토큰 집합에서 뽑음(nucleus sampling).",
    )
    max_new_tokens: int = knob(
        128,
        label="Max new tokens",
        minimum=1,
        en="Tokens a variant may take; one cut off here is dropped. An English-first model spends ~3 tokens per "
        "Korean syllable.",
        ko="변형 하나에 쓸 수 있는 토큰 수. 여기서 잘린 변형은 버림. 영어 위주 모델은 한글 한 음절에 약 3 토큰을 씀.",
    )
    batch_size: int = knob(
        8, label="Batch", minimum=1, en="Prompts per generation step.", ko="생성 단계마다 프롬프트 수."
    )
    min_chars: int = knob(
        8, label="Min characters", minimum=0, en="Shorter variants are dropped.", ko="이보다 짧은 변형은 버림."
    )
    max_chars: int = knob(
        300,
        label="Max characters",
        minimum=0,
        en="Longer variants are dropped: people search with a sentence, not a paragraph (as the statute generator).",
        ko="이보다 긴 변형은 버림: 사람은 문단이 아니라 문장으로 검색함(조문 생성기와 같음).",
    )
    max_language_gap: float = knob(
        0.3,
        label="Max language gap",
        minimum=0.0,
        maximum=1.0,
        en="Allowed difference in the share of Korean words, variant vs source.",
        ko="변형과 원본 사이에 허용하는 한국어 단어 비율의 차이.",
    )
    embedding_model: str | None = knob(
        None,
        label="Embedding model that scores answerability",
        en="Ranks the source passage among distractors for each variant; empty = the studio's default embedding "
        "model.",
        ko="변형마다 원본 문단을 방해 문단들 사이에서 순위 매길 모델. 비우면 스튜디오의 기본 임베딩 모델.",
    )
    min_score: float | None = knob(
        None,
        label="Minimum cosine (empty: none)",
        minimum=-1.0,
        maximum=1.0,
        allow_empty=True,
        en="Also require this cosine between variant and passage, for a model one knows (cosines differ between "
        "models); empty = none.",
        ko="변형과 문단 사이의 코사인이 이 값 이상이어야 함. 코사인은 모델마다 달라 잘 아는 모델에만 씀. 비우면 없음.",
    )
    top_k: int | None = knob(
        3,
        label="Answerability top-k",
        minimum=1,
        en="The source passage must rank in this top among itself and the distractors; empty = no ranking.",
        ko="원본 문단이 자신과 방해 문단들 가운데 이 순위 안에 들어야 함. 비우면 순위를 보지 않음.",
    )
    distractors: int = knob(
        49,
        label="Distractors",
        minimum=0,
        en="Other passages the source passage is ranked against, drawn per query under the seed.",
        ko="원본 문단과 함께 순위를 매길 다른 문단 수. 질의마다 시드로 뽑음.",
    )

    def __post_init__(self) -> None:
        check_fields(self)

    def check(self) -> None:
        """Each field within its bounds again (they may have changed since), a model named, and the rules between
        fields."""
        check_fields(self)
        if not (self.model or "").strip():
            raise ConfigError("model: choose a causal LM (a Hub id or a local folder) to write the variants")
        if self.max_chars < self.min_chars:
            raise ConfigError(f"max_chars = {self.max_chars}: must not be below min_chars ({self.min_chars})")
        if self.temperature == 0 and self.per_example > 1:
            raise ConfigError(
                f"per_example = {self.per_example} with temperature 0: greedy decoding writes one variant per "
                "query; set temperature above 0 (e.g. 0.7) to sample several"
            )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sampling(self) -> Sampling:
        return Sampling(
            self.per_example, self.temperature, self.top_p, self.max_new_tokens, self.batch_size, self.seed
        )
