"""A seeded sample of a stored dataset's training examples, stored under a new name: a shorter run on real data
that still scores on the whole validation split and searches the whole corpus (hard negatives and evaluation point
into it, so both are kept as they are).

Stratified, each stratum (a retrieval example's law, a classification example's label) keeps its share of n by
largest remainders, so the shares add up to exactly n; while n is at least the number of strata, every stratum keeps
at least one example, so the small laws are not all dropped.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from datasets_spec import store
from datasets_spec.canonical import Loaded

STRATIFY = {"law": "retrieval", "label": "classification"}  # a stratum and the task whose examples have it
NO_LAW = ""  # the stratum of a passage with neither a "law" field nor a "LAW|ARTICLE" id


@dataclass
class Sampled:
    """What was drawn: per stratum (one, "", when not stratified) how many examples were kept of how many."""

    source: str
    n: int
    seed: int
    stratify: str | None
    strata: dict[str, tuple[int, int]]  # stratum -> (kept, available)
    validation: int  # examples of the validation split, kept whole
    passages: int  # the corpus, kept whole (0 for SFT and classification)
    stored: Path | None = None

    @property
    def available(self) -> int:
        return sum(total for _, total in self.strata.values())


def law_of(example: dict, corpus: dict[str, dict]) -> str:
    """The law of an example's first positive passage: the passage's "law" field, else its id's part before "|"."""
    pid = example["positive_passages"][0]
    law = corpus.get(pid, {}).get("law")
    if law:
        return str(law)
    head, bar, _ = pid.partition("|")
    return head if bar else NO_LAW


def allocate(sizes: dict[str, int], n: int, rng: random.Random) -> dict[str, int]:
    """n (at most the sum of `sizes`) shared in proportion to `sizes`.

    Largest remainders, ties in a seeded order: sizes 60/25/12/2/1 and n = 20 have exact shares 12, 5, 2.4, 0.4, 0.2,
    so 12, 5, 2, 0, 0 plus the one left over to a 0.4 (of two, the seed picks). Then, while n is at least the number
    of strata, an empty stratum takes one from the stratum most above its exact share: 12, 4, 2, 1, 1 or 11, 5, 2,
    1, 1.
    """
    total = sum(sizes.values())
    order = sorted(sizes)
    rng.shuffle(order)
    shares = {k: n * sizes[k] // total for k in order}  # integers throughout: no float rounding decides a share
    left = n - sum(shares.values())
    for k in sorted(order, key=lambda k: -(n * sizes[k] % total))[:left]:  # a stable sort keeps the seeded ties
        shares[k] += 1
    if n >= len(sizes):
        for k in [k for k in order if shares[k] == 0]:
            donor = max((j for j in order if shares[j] > 1), key=lambda j: shares[j] * total - n * sizes[j])
            shares[donor] -= 1
            shares[k] += 1
    return shares


def draw(
    examples: list[dict], n: int, seed: int, stratum: Callable[[dict], str] | None = None
) -> tuple[list[int], dict[str, tuple[int, int]]]:
    """The indices of n examples drawn with `seed` (in their original order), and per stratum (kept, available)."""
    rng = random.Random(seed)
    groups: dict[str, list[int]] = {}
    for index, example in enumerate(examples):
        groups.setdefault(stratum(example) if stratum else "", []).append(index)
    shares = allocate({k: len(v) for k, v in groups.items()}, n, rng)
    kept = sorted(i for k in sorted(groups) for i in rng.sample(groups[k], shares[k]))
    return kept, {k: (shares[k], len(groups[k])) for k in sorted(groups)}


def sample_dataset(
    source: str,
    name: str,
    n: int,
    *,
    seed: int = 42,
    stratify: str | None = None,
    overwrite: bool = False,
    owner: str | None = None,
) -> Sampled:
    """Draw n training examples of the stored dataset `source` and store them, its validation split and its corpus
    under `name`, with how they were drawn in the manifest's `made_by`."""
    dataset = store.load(source)
    task = dataset.task
    if stratify is not None and stratify not in STRATIFY:
        raise ValueError(f"stratify = {stratify!r}: choose {' or '.join(STRATIFY)}")
    if stratify is not None and STRATIFY[stratify] != task:
        raise ValueError(
            f"stratify = {stratify!r} needs {STRATIFY[stratify]} data, and {source!r} holds {task} examples; "
            "sample it without stratify"
        )
    available = len(dataset.train)
    if not 1 <= n <= available:
        raise ValueError(f"n = {n}: {source!r} has {available:,} training examples, so n must be 1 to {available:,}")
    strata: dict[str, Callable[[dict], str]] = {
        "law": lambda e: law_of(e, dataset.corpus),
        "label": lambda e: str(e["label"]),
    }
    kept, counts = draw(dataset.train, n, seed, strata[stratify] if stratify else None)
    result = Sampled(source, n, seed, stratify, counts, len(dataset.validation), len(dataset.corpus))
    fmt = dataset.manifest["format"]
    train = Loaded(task, fmt, dataset.path, examples=[dataset.train[i] for i in kept], corpus=dataset.corpus)
    held_out = Loaded(task, fmt, dataset.path, examples=dataset.validation)
    made_by = {
        "generator": "datasets_spec.sample",
        "parameters": {"n": n, "stratify": stratify},
        "seed": seed,
        "source_datasets": [source],
        "strata": {k: {"kept": kept_n, "of": total} for k, (kept_n, total) in counts.items()} if stratify else {},
    }
    result.stored = store.store_loaded(
        train, name, validation=held_out, overwrite=overwrite, made_by=made_by, owner=owner
    )
    return result
