"""MineOptions: the method (BM25, the model, same law), the rank range, how many negatives and how they are picked,
declared once for the CLI's flags, the Augment tab's widgets and the checks.

Names follow sentence-transformers' mine_hard_negatives (range_min, range_max, num_negatives, relative_margin,
max_score, sampling_strategy), so settings carry over between the two.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from core.knobs import ConfigError, check_fields, knob

METHODS = ("bm25", "model", "same-law")
SAMPLING = ("random", "top")


@dataclass
class MineOptions:
    """How to mine: one place for the CLI's flags and the UI's widgets."""

    method: str = knob(
        "bm25",
        label="Method",
        choices=list(METHODS),
        en="What ranks the candidates. bm25 = shared words (fast, no model); model = the embedding model's "
        "similarity (what it currently confuses); same-law = other articles of the positive's law, nearest first.",
        ko="후보의 순위를 매기는 방법. bm25 = 겹치는 단어(빠름, 모델 불필요), model = 임베딩 모델의 유사도"
        "(지금 모델이 헷갈리는 것), same-law = 정답 조문과 같은 법의 다른 조문(가까운 조문부터).",
    )
    range_min: int = knob(
        10,
        label="Skip the top ranks",
        minimum=0,
        en="Candidates ranked above this are skipped: the very top is where unlabelled positives hide "
        "(FlagEmbedding samples from ranks 10-210). Ranks are counted after known positives are removed.",
        ko="이 순위보다 위의 후보는 건너뜀: 맨 위에는 표시되지 않은 정답이 숨어 있음(FlagEmbedding은 10-210위에서 "
        "뽑음). 순위는 알려진 정답을 뺀 뒤에 셈.",
    )
    range_max: int = knob(
        100,
        label="Down to rank",
        minimum=1,
        en="Candidates are drawn from ranks range_min to range_max (exclusive). A wider range gives easier negatives.",
        ko="range_min부터 range_max(미포함)까지의 순위에서 후보를 뽑음. 범위가 넓을수록 쉬운 오답이 섞임.",
    )
    num_negatives: int = knob(
        8,
        label="Negatives per query",
        minimum=1,
        maximum=200,
        en="How many hard negatives each query gets (8, as the legal import).",
        ko="질의마다 붙일 어려운 오답 수(법령 가져오기와 같은 8개).",
    )
    relative_margin: float | None = knob(
        0.05,
        label="Relative margin",
        minimum=0.0,
        maximum=1.0,
        en="Drop candidates scoring above positive - |positive| x margin (the weakest positive): they are likely "
        "unlabelled positives. 0.05 is NV-Retriever's TopK-PercPos 95%. Empty = no margin.",
        ko="정답 점수 - |정답 점수| x margin 보다 높은 후보는 버림(정답이 여럿이면 가장 낮은 점수 기준): "
        "표시되지 않은 정답일 가능성이 큼. 0.05는 NV-Retriever의 TopK-PercPos 95%. 비우면 적용 안 함.",
    )
    max_score: float | None = knob(
        None,
        label="Score ceiling",
        en="Drop candidates scoring above this, whatever the positive scores (e.g. 0.9 cosine). Empty = none.",
        ko="정답 점수와 관계없이 이 점수보다 높은 후보는 버림(예: 코사인 0.9). 비우면 적용 안 함.",
    )
    sampling_strategy: str = knob(
        "random",
        label="Sampling",
        choices=list(SAMPLING),
        en="random = draw from the range with the seed (FlagEmbedding); top = the highest-ranked that pass.",
        ko="random = 시드로 범위 안에서 무작위 추출(FlagEmbedding), top = 조건을 통과한 상위 후보.",
    )
    seed: int = knob(42, label="Seed", minimum=0, en="Same seed, same negatives.", ko="같은 시드면 같은 오답.")
    append: bool = knob(
        False,
        label="Keep existing negatives",
        en="Add the mined negatives after the ones the data already has, instead of replacing them.",
        ko="기존 오답을 바꾸지 않고 그 뒤에 새로 찾은 오답을 덧붙임.",
    )
    tokenizer: str = knob(
        "char-ngram",
        label="BM25 tokens",
        choices=["char-ngram", "kiwi"],
        en="char-ngram = character bigrams of each word, which match a Korean stem under any particle and need "
        "nothing installed; kiwi = morphemes (needs the kiwipiepy package).",
        ko="char-ngram = 어절마다 글자 2-gram: 조사가 붙어도 어간이 맞고 설치할 것이 없음, kiwi = 형태소"
        "(kiwipiepy 패키지 필요).",
    )
    ngram_size: int = knob(
        2, label="Characters per n-gram", minimum=1, maximum=4, en="2 as Lucene's CJK bigrams.", ko="Lucene CJK처럼 2."
    )
    model: str | None = knob(
        None,
        label="Embedding model",
        en="The model whose mistakes to mine (method model): a Hub id, a folder or a run; empty = the default.",
        ko="오답을 찾을 모델(method model): Hub id, 폴더 또는 실행 폴더. 비우면 기본 모델.",
    )
    batch_size: int = knob(64, label="Encoding batch", minimum=1, en="Texts per encoding step.", ko="인코딩 배치.")

    def __post_init__(self) -> None:
        check_fields(self)
        if self.range_min >= self.range_max:
            raise ConfigError(f"range_min = {self.range_min}: must be below range_max ({self.range_max})")
        if self.num_negatives > self.range_max - self.range_min:
            raise ConfigError(
                f"num_negatives = {self.num_negatives}: ranks {self.range_min}-{self.range_max} hold only "
                f"{self.range_max - self.range_min} candidates; widen the range or ask for fewer"
            )

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
