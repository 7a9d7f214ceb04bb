"""Whether an embedding run trains on its dataset's hard negatives: loss.use_hard_negatives "true" or "false" as
set, or "auto", which the stored training examples decide.

auto is on when at least 90% of the training examples have a hard negative that is in the corpus. With negatives,
every example without one is left out (a triplet row needs its third text), so auto on its own never drops more
than a tenth of the data; mined data (`python -m datasets_spec mine`) and the bundled sample have one everywhere.
Training (embedding.config_rows), the row count, the Configure tab and the doctor all ask `resolve`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from datasets_spec import store
from datasets_spec.jsonl import read_jsonl
from training.config.studio import StudioConfig

SETTINGS = ("auto", "true", "false")
AUTO_SHARE = 0.9  # auto's bar: the share of training examples with a hard negative in the corpus


@dataclass(frozen=True)
class HardNegatives:
    """What loss.use_hard_negatives means on one dataset: on or off, and the counts that decided it."""

    setting: str  # "auto", "true" or "false", as configured
    on: bool
    examples: int  # training examples
    with_negatives: int  # of them, those with at least one hard negative in the corpus
    median: float  # hard negatives in the corpus per example that has some, the median (0 when none has)

    @property
    def share(self) -> float:
        return self.with_negatives / self.examples if self.examples else 0.0


def usable(example: dict, corpus: dict[str, dict]) -> list[str]:
    """The example's hard negatives that are passages of the corpus (a negative outside it has no text to train on)."""
    return [n for n in example["hard_negatives"] if n in corpus]


def decide(setting: str, per_example: list[int]) -> HardNegatives:
    """`setting` given each training example's number of usable hard negatives."""
    if setting not in SETTINGS:  # a bool set in code would read as "on" and "off" alike: say so instead
        raise ValueError(f"loss.use_hard_negatives = {setting!r}: must be one of {', '.join(SETTINGS)}")
    some = [n for n in per_example if n]
    enough = bool(per_example) and len(some) >= AUTO_SHARE * len(per_example)
    on = setting == "true" or (setting == "auto" and enough)
    return HardNegatives(setting, on, len(per_example), len(some), statistics.median(some) if some else 0)


def resolve(setting: str, train: list[dict], corpus: dict[str, dict]) -> HardNegatives:
    """`setting` on these training examples and their corpus."""
    return decide(setting, [len(usable(e, corpus)) for e in train])


@lru_cache(maxsize=8)
def _per_example(folder: str, stamp: tuple) -> tuple[int, ...]:
    """Usable negatives per training example of a stored dataset; `stamp` (the files' sizes and times) makes a
    rewritten dataset a new key, so an edit on the Configure tab does not reread a large corpus each time."""
    corpus = {obj["id"] for _, obj in read_jsonl(Path(folder) / "corpus.jsonl")}
    return tuple(sum(n in corpus for n in e["hard_negatives"]) for _, e in read_jsonl(Path(folder) / "train.jsonl"))


def of_config(config: StudioConfig) -> HardNegatives | None:
    """The setting on the config's own dataset; None for another task, or when the dataset cannot be read (a name
    not stored yet, data of another kind): auto is then undecided, and the caller says so."""
    if config.task != "embedding":
        return None
    try:
        folder = store.resolve(config.data.dataset)
        files = [folder / "train.jsonl", folder / "corpus.jsonl"]
        stamp = tuple((f.stat().st_size, f.stat().st_mtime_ns) for f in files)
        per_example = _per_example(str(folder), stamp)
    except (OSError, KeyError, TypeError, ValueError):
        return None
    return decide(config.loss.use_hard_negatives, list(per_example))


def uses_hard_negatives(config: StudioConfig) -> bool | None:
    """Whether the config's run trains on hard negatives; None when it is auto and the data cannot say."""
    if config.task != "embedding" or config.loss.use_hard_negatives == "false":
        return False
    if config.loss.use_hard_negatives == "true":
        return True
    found = of_config(config)
    return found.on if found else None
