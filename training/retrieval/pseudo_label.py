"""Pseudo-labels for unlabelled questions: a question gets a passage only where BM25 and the model agree.

Two retrievers that fail differently (shared words; meaning) rarely put the same wrong passage near the top, so a
passage both rank high is a label worth training on, and a question they disagree on is left out rather than
guessed. The model must also prefer the kept passage by a margin over its next choice. Negatives are the passages
both still rank high below it (their reciprocal-rank fusion), the confusions a person's question really meets.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from core.knobs import ConfigError, check_fields, knob
from training.retrieval.search import Hit, rrf

REASONS = ("no_agreement", "margin", "absent")  # why a question was left out, counted in the report
RULES = ("agree", "hybrid")


@dataclass
class PseudoLabelOptions:
    """How strict the agreement is and which negatives a kept question gets: one place for the CLI and the page."""

    rule: str = knob(
        "agree",
        label="Label rule",
        choices=list(RULES),
        en="agree = a passage both BM25 and the model rank high (fewer, surer labels); hybrid = the first passage of "
        "their reciprocal-rank fusion for every question, which distils the hybrid's ranking, usually better than "
        "either alone, into the model (more labels, some wrong).",
        ko="agree = BM25와 모델이 모두 높게 매긴 조문(레이블은 적지만 확실), hybrid = 두 순위를 상호 순위 융합한 "
        "결과의 1위 조문을 모든 질문에 붙여, 대개 둘 각각보다 나은 하이브리드의 순위를 모델에 증류(레이블은 많지만 "
        "일부 틀림).",
    )
    depth: int = knob(
        10,
        label="Agree within the top",
        minimum=1,
        maximum=100,
        en="A question is kept when one passage is among the first `depth` of both BM25 and the model; of several, "
        "the one with the best ranks together.",
        ko="한 조문이 BM25와 모델 양쪽의 상위 `depth` 안에 모두 있을 때만 질문을 남깁니다. "
        "여럿이면 두 순위의 합이 가장 좋은 조문.",
    )
    margin: float = knob(
        0.0,
        label="Model margin",
        minimum=0.0,
        maximum=1.0,
        en="The model's cosine for the kept passage minus its best other passage must be at least this: 0 keeps a "
        "question only when the agreed passage is also the model's first choice; higher keeps fewer, surer labels.",
        ko="남길 조문에 대한 모델의 코사인에서 그다음으로 높은 다른 조문의 코사인을 뺀 값이 이 이상이어야 "
        "합니다. 0이면 합의된 조문이 모델의 1순위일 때만 남기고, 높일수록 더 적고 더 확실한 레이블만 남습니다.",
    )
    pool: int = knob(
        200,
        label="Model re-ranks BM25's top",
        minimum=0,
        maximum=5000,
        en="On a large corpus the model scores only the union of BM25's first `pool` passages of every question, "
        "so 84.5k articles need not all be encoded; 0 = the model searches the whole corpus.",
        ko="큰 코퍼스에서는 모델이 각 질문의 BM25 상위 `pool`개를 합친 조문만 점수를 매깁니다(8만 4천 조문을 모두 "
        "인코딩하지 않도록). 0 = 모델이 코퍼스 전체를 검색.",
    )
    num_negatives: int = knob(
        4,
        label="Negatives per question",
        minimum=0,
        maximum=50,
        en="Hard negatives each kept question gets: the passages BM25 and the model together rank next, from "
        "rank `negatives_from` on.",
        ko="남긴 질문마다 붙일 어려운 오답 수: BM25와 모델을 합친 순위에서 `negatives_from`위부터 이어지는 조문.",
    )
    negatives_from: int = knob(
        3,
        label="Negatives from rank",
        minimum=2,
        maximum=100,
        en="The first fused rank a negative may come from; the ranks just below the label are skipped because "
        "another correct passage often hides there.",
        ko="오답을 가져오기 시작하는 합친 순위. 레이블 바로 아래 순위에는 또 다른 정답이 숨어 있는 경우가 많아 "
        "건너뜁니다.",
    )

    def __post_init__(self) -> None:
        check_fields(self)
        if self.pool and self.pool < self.depth:
            raise ConfigError(f"pool = {self.pool}: must be 0 or at least depth ({self.depth})")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Agreement:
    """The kept passage, where each retriever ranked it (1 = first; 0 = not in its list) and the lead that kept it:
    the model's cosine over its next choice (rule agree), the fused score over the second (rule hybrid)."""

    passage: str
    bm25_rank: int
    model_rank: int
    margin: float


def ranks(hits: Sequence[Hit], depth: int) -> dict[str, int]:
    return {pid: rank for rank, (pid, _) in enumerate(hits[:depth], start=1)}


def agree(bm25: Sequence[Hit], model: Sequence[Hit], corpus: set[str] | dict, options: PseudoLabelOptions):
    """The Agreement for one question, or the reason it is left out (one of REASONS)."""
    if options.rule == "hybrid":
        return fused_first(bm25, model, corpus)
    by_bm25, by_model = ranks(bm25, options.depth), ranks(model, options.depth)
    both = [pid for pid in by_model if pid in by_bm25]
    if not both:
        return "no_agreement"
    passage = min(both, key=lambda pid: (by_bm25[pid] + by_model[pid], by_model[pid]))
    if passage not in corpus:  # a stale ranking (another corpus, a cache): never a label the corpus cannot show
        return "absent"
    score = dict(model)[passage]
    others = [s for pid, s in model if pid != passage]
    margin = score - max(others) if others else score
    if margin < options.margin or (options.margin == 0 and by_model[passage] != 1):
        return "margin"
    return Agreement(passage, by_bm25[passage], by_model[passage], round(margin, 4))


def fused_first(bm25: Sequence[Hit], model: Sequence[Hit], corpus: set[str] | dict):
    """The hybrid's own first passage (reciprocal-rank fusion, as the Test tab's hybrid row), whatever the parts say;
    `margin` is its fused score's lead over the second."""
    fused = rrf([[pid for pid, _ in bm25], [pid for pid, _ in model]])
    if not fused:
        return "no_agreement"
    passage, score = fused[0]
    if passage not in corpus:
        return "absent"
    by_bm25, by_model = ranks(bm25, len(bm25)), ranks(model, len(model))
    lead = score - fused[1][1] if len(fused) > 1 else score
    return Agreement(passage, by_bm25.get(passage, 0), by_model.get(passage, 0), round(lead, 6))


def negatives(bm25: Sequence[Hit], model: Sequence[Hit], positive: str, options: PseudoLabelOptions) -> list[str]:
    """The fused ranking's passages from rank `negatives_from` on, the positive excluded."""
    fused = [pid for pid, _ in rrf([[pid for pid, _ in bm25], [pid for pid, _ in model]]) if pid != positive]
    start = options.negatives_from - 2  # fused rank 1 is the positive (or beside it): rank r is index r - 2
    return fused[start : start + options.num_negatives]


def label(
    questions: Sequence[str],
    bm25_rows: Sequence[Sequence[Hit]],
    model_rows: Sequence[Sequence[Hit]],
    corpus: set[str] | dict,
    options: PseudoLabelOptions,
    *,
    id_of: Callable[[int], str] = lambda i: f"q{i + 1}",
) -> tuple[list[dict], dict[str, Any]]:
    """Retrieval examples for the questions both retrievers agree on (each with its ranks, to inspect), and the
    report: how many were asked, kept, and left out for each reason."""
    examples, left_out = [], Counter()
    for i, (question, bm25, model) in enumerate(zip(questions, bm25_rows, model_rows, strict=True)):
        found = agree(bm25, model, corpus, options)
        if isinstance(found, str):
            left_out[found] += 1
            continue
        examples.append(
            {
                "query_id": id_of(i),
                "query_text": question,
                "positive_passages": [found.passage],
                "hard_negatives": negatives(bm25, model, found.passage, options),
                "pseudo_label": {"bm25_rank": found.bm25_rank, "model_rank": found.model_rank, "margin": found.margin},
            }
        )
    report = {"questions": len(questions), "kept": len(examples), "left_out": {r: left_out[r] for r in REASONS}}
    return examples, report
