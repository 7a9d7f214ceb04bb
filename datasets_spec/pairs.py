"""Cases + passages → retrieval training examples: the cited articles are positives, same-law articles negatives."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from datasets_spec.formats.references import parse_references


@dataclass(frozen=True)
class Passage:
    id: str  # "민법|750"
    law: str
    article: str
    title: str
    text: str

    @property
    def document(self) -> str:
        """What a model reads for this passage: title and body, as in BEIR's title + text."""
        return f"{self.title}\n{self.text}"


@dataclass(frozen=True)
class Case:
    id: str
    query: str
    references: str  # court-style 참조조문, e.g. "민법 제750조, 제751조"


@dataclass
class PairReport:
    """What pair building did, so nothing is dropped without the user seeing it."""

    examples: list[dict] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (case id, fragment the parser could not read)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (case id, passage id cited but not in the corpus)
    dropped: list[str] = field(default_factory=list)  # case ids with no positive in the corpus

    def summary(self) -> str:
        return (
            f"{len(self.examples)} examples; {len(self.dropped)} cases without a positive in the corpus; "
            f"{len(self.missing)} cited articles not in the corpus; {len(self.unreadable)} unreadable fragments"
        )


def build_pairs(
    passages: list[Passage], cases: list[Case], *, negatives_per_query: int = 8, seed: int = 42
) -> PairReport:
    """One example per case in the ID format; hard negatives are other articles of the positives' laws."""
    by_id = {p.id: p for p in passages}
    by_law: dict[str, list[str]] = defaultdict(list)
    for p in passages:
        by_law[p.law].append(p.id)
    rng = random.Random(seed)
    report = PairReport()
    for case in cases:
        parsed = parse_references(case.references)
        report.unreadable.extend((case.id, fragment) for fragment in parsed.unparsed)
        positives: list[str] = []
        for ref in parsed.refs:
            if ref.passage_id in positives:
                continue  # 제750조 제1항 and 제2항 cite the same passage
            if ref.passage_id in by_id:
                positives.append(ref.passage_id)
            else:
                report.missing.append((case.id, ref.passage_id))
        if not positives:
            report.dropped.append(case.id)
            continue
        laws = dict.fromkeys(by_id[p].law for p in positives)
        pool = [pid for law in laws for pid in by_law[law] if pid not in positives]
        negatives = rng.sample(pool, min(negatives_per_query, len(pool)))
        report.examples.append(
            {
                "query_id": case.id,
                "query_text": case.query,
                "positive_passages": positives,
                "hard_negatives": negatives,
            }
        )
    return report
