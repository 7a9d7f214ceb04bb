"""Sampling: how the playground draws a reply (temperature, top_p, top_k, max_new_tokens, repetition_penalty,
seed), declared once for the Playground tab's widgets, the `ask` and `chat` commands' flags and the checks."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from core.knobs import check_fields, knob
from core.models.generation import Decoding


@dataclass
class Sampling:
    """Greedy by default, as the run's own evaluations answer: temperature 0 makes the other draws irrelevant and
    the reply repeatable without a seed."""

    temperature: float = knob(
        0.0,
        label="Temperature",
        minimum=0.0,
        maximum=2.0,
        en="0 = greedy: always the most likely token, the run's evaluations' way. Higher draws more freely "
        "(0.7 is a common chat setting).",
        ko="0 = 탐욕 디코딩: 늘 가장 가능성 높은 토큰을 고름(실행의 평가와 같은 방식). 높일수록 더 자유롭게 뽑음"
        "(대화에는 0.7을 흔히 씀).",
    )
    top_p: float = knob(
        1.0,
        label="Top-p",
        minimum=0.0,
        maximum=1.0,
        exclusive_minimum=True,
        en="Nucleus sampling: draw from the smallest set of tokens whose probability adds up to this; 1 = all. "
        "Used when temperature is above 0.",
        ko="누적 확률이 이 값에 이르는 가장 작은 토큰 집합에서 뽑음(nucleus sampling). 1 = 전부. temperature가 0보다 "
        "클 때 쓰임.",
    )
    top_k: int = knob(
        0,
        label="Top-k",
        minimum=0,
        maximum=1000,
        en="Draw only from the k most likely tokens; 0 = no limit. Used when temperature is above 0.",
        ko="가장 가능성 높은 토큰 k개 안에서만 뽑음. 0 = 제한 없음. temperature가 0보다 클 때 쓰임.",
    )
    max_new_tokens: int = knob(
        0,
        label="Max new tokens (0: the run's)",
        minimum=0,
        maximum=4096,
        en="Longest reply in tokens; 0 = the run's sft.max_new_tokens, the length its evaluations allowed.",
        ko="답의 최대 토큰 수. 0 = 실행의 sft.max_new_tokens(평가가 허용한 길이).",
    )
    repetition_penalty: float = knob(
        1.0,
        label="Repetition penalty",
        minimum=0.0,
        maximum=2.0,
        exclusive_minimum=True,
        en="Above 1 makes tokens already in the chat less likely (small models loop); 1 = off.",
        ko="1보다 크면 대화에 이미 나온 토큰이 덜 뽑힘(작은 모델은 같은 말을 되풀이함). 1 = 끔.",
    )
    seed: int = knob(
        0,
        label="Seed",
        minimum=0,
        en="Same seed, same settings and same chat: the same reply. Change it for another draw.",
        ko="시드, 설정, 대화가 같으면 같은 답. 다른 답을 보려면 바꾸세요.",
    )

    def __post_init__(self) -> None:
        check_fields(self)  # ConfigError with rule "bounds" and the field's numbers

    def decoding(self, default_max_new_tokens: int) -> Decoding:
        """The draw for one reply; max_new_tokens 0 takes the run's."""
        check_fields(self)  # the fields may have been set since
        return Decoding(
            self.max_new_tokens or default_max_new_tokens,
            self.temperature,
            self.top_p,
            self.top_k,
            self.repetition_penalty,
            self.seed,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
