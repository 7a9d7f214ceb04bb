"""The passages the validation searches during training: a seeded sample of the corpus that always holds what the
validation queries are scored against.

Encoding an 84,539-article corpus at every evaluation took about 40 minutes on a 2-core CPU. The scores a run
watches need the passages each query must find (its positives) and the ones it must not confuse them with (its hard
negatives); the rest of the corpus is distractors, and a random sample of them keeps the search honest at a fraction
of the cost. Scores over fewer distractors run higher than over the whole corpus, so `python -m training eval`
and the Test tab still search all of it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ValidationCorpus:
    """The chosen passage ids (in corpus order) and where they came from."""

    ids: list[str]
    positives: int  # passages some validation query must find
    negatives: int  # validation hard negatives that are no query's positive
    sampled: int  # the others, drawn with the seed
    corpus: int  # passages in the whole corpus
    seed: int

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def whole(self) -> bool:
        return self.size == self.corpus

    def counts(self) -> dict[str, int]:
        """What the run folder records (status.json's `validation_corpus`), for the Train tab to say."""
        return {
            "size": self.size,
            "corpus": self.corpus,
            "positives": self.positives,
            "negatives": self.negatives,
            "sampled": self.sampled,
            "seed": self.seed,
        }

    def describe(self) -> str:
        """One line for the run's log (English, like the rest of train.log; the page words `counts()` itself)."""
        of = f"all {self.corpus:,}" if self.whole else f"{self.size:,} of {self.corpus:,}"
        return (
            f"validation searches {of} passages ({self.positives:,} positives, {self.negatives:,} hard negatives, "
            f"{self.sampled:,} sampled; seed {self.seed})"
        )


def validation_corpus(
    corpus: Mapping[str, object], validation: list[dict], *, size: int, seed: int
) -> ValidationCorpus:
    """Every validation positive and hard negative that is in the corpus, plus a sample of the other passages drawn
    with `seed`, up to `size` passages in all (0 = the whole corpus). Positives and negatives are kept even when
    they alone exceed `size`. The same corpus, examples, size and seed give the same ids."""
    positives = {p for e in validation for p in e["positive_passages"] if p in corpus}
    negatives = {n for e in validation for n in e.get("hard_negatives", ()) if n in corpus} - positives
    others = [pid for pid in corpus if pid not in positives and pid not in negatives]
    room = len(others) if size <= 0 else max(0, size - len(positives) - len(negatives))
    # Drawn from the corpus's own (file) order, so the same seed picks the same passages on every machine.
    drawn = set(random.Random(seed).sample(others, min(room, len(others))))
    ids = [pid for pid in corpus if pid in positives or pid in negatives or pid in drawn]
    return ValidationCorpus(ids, len(positives), len(negatives), len(drawn), len(corpus), seed)
