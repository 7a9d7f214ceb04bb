"""SlotOptions: how many examples to draw from a slot spec, all combinations or a seeded sample, and the share held
out, for the CLI and the Augment tab (`generate.py` reads them; the spec holds the slots and templates)."""

from __future__ import annotations

from dataclasses import dataclass

from core.knobs import check_fields, knob

MODES = ("combinatorial", "sampled")
DEFAULT_N = 1000  # enough to fine-tune a small model on a JSON task; a spec often has hundreds of thousands


@dataclass
class SlotOptions:
    """How many examples, in which order, under which seed, and how much to hold out for validation."""

    n: int | None = knob(
        DEFAULT_N,
        label="Examples to make (empty: every combination)",
        minimum=1,
        en="Examples to make, train + validation; empty = every combination (up to a million).",
        ko="만들 예제 수(학습 + 검증). 비우면 모든 조합(백만 개까지).",
    )
    mode: str = knob(
        "sampled",
        label="Mode",
        choices=list(MODES),
        en="sampled = a seeded spread over all combinations; combinatorial = combinations in order.",
        ko="sampled = 시드로 모든 조합에 고르게 퍼뜨려 뽑음, combinatorial = 조합을 차례대로.",
    )
    seed: int = knob(42, label="Seed", en="Same seed, same examples (byte for byte).", ko="같은 시드면 같은 예제.")
    holdout_ratio: float | None = knob(
        None,
        label="Held-out share of combinations (empty: the spec's)",
        minimum=0.0,
        allow_empty=True,
        en="Share of the holdout slots' combinations kept for validation only, below 1; empty = the spec's "
        "holdout.ratio, else 0.",
        ko="검증에만 쓸 holdout 슬롯 조합의 비율(1 미만). 비우면 명세의 holdout.ratio, 없으면 0.",
    )

    def __post_init__(self) -> None:
        check_fields(self)
