"""One forward pass on a real batch before training: is the first loss near what chance predicts?

A freshly initialised model should be about as unsure as guessing: ln C for C classes, ln of the candidates per query
for InfoNCE. An initial loss many times that means the logits are far too large (a head initialised or scaled wrong,
a temperature too low, labels mapped wrong), and the first steps will be spent undoing it.

Asked for `lengths` (the current max_seq_length and the ones the truncation findings offer), the probe also times one
forward and backward pass at each, the part of a training step that the length changes, on a batch of the longest
texts: a batch that reaches the length, as most do when more than 10% of the texts are longer.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

import torch

from core.models.load import resolve_model_path

PROBE_RATIO = 3.0  # an initial loss over 3× chance is not noise: the logits are too large
TIMED_ROUNDS = 2  # passes timed per length, the fastest kept; each round costs a pass per length
# Upper bounds of loss / chance, lowest first, and the verdict each range earns; the studio words each verdict.
VERDICTS = [
    (0.8, "below_chance"),  # already better than guessing: a pretrained retriever ranks its positives first
    (1.25, "at_chance"),  # as unsure as guessing: what a new head should be
    (PROBE_RATIO, "above_chance"),  # somewhat sure and wrong: the first steps undo it
    (math.inf, "far_above_chance"),  # the preflight's initial_loss error
]


@dataclass(frozen=True)
class ProbeResult:
    """The measurement itself, shown whether or not it is a problem: the loss, what guessing scores, of what."""

    loss: float
    chance: float  # ln candidates
    candidates: int  # classes, or the passages each query is ranked among
    batch: int  # examples (queries) in the probed batch
    task: str  # "classification" or "embedding"
    seconds: dict[int, float] = field(default_factory=dict)  # max_seq_length → one forward and backward pass

    @property
    def ratio(self) -> float:
        return self.loss / self.chance if self.chance else float("inf")

    @property
    def verdict(self) -> str:
        return next(name for bound, name in VERDICTS if self.ratio <= bound)

    def to_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "verdict": self.verdict}


def longest(items: list, size: int, text: Callable = str) -> list:
    """The `size` items with the longest texts, by characters (a proxy for tokens that needs no tokenizer)."""
    return sorted(items, key=lambda item: len(text(item)), reverse=True)[:size]


def step_seconds(model, prepare: Callable[[int], Callable[[], torch.Tensor]], lengths: tuple[int, ...]):
    """Seconds of one forward and backward pass at each length: `prepare(length)` tokenises the batch (the collator's
    work, not timed) and returns the loss to compute. The optimizer's update does not depend on the length and is left
    out; a length the device has no memory for is left out too. An untimed pass first (the first backward pays for
    the autograd engine's start and, on a GPU, the kernels' set-up), then TIMED_ROUNDS rounds over the lengths, each
    length's fastest kept: another process on the machine only ever slows a pass down, and rounds (not one length's
    passes in a row) let a slow spell fall on both lengths alike."""
    cuda = next(model.parameters()).is_cuda
    seconds: dict[int, float] = {}
    model.train()  # dropout on, as in training
    lengths = tuple(dict.fromkeys(lengths))
    for length, timed in [(lengths[0], False), *((length, True) for _ in range(TIMED_ROUNDS) for length in lengths)]:
        loss_of = prepare(length)
        try:
            if cuda:
                torch.cuda.synchronize()
            start = time.perf_counter()
            loss_of().backward()
            if cuda:
                torch.cuda.synchronize()
            if timed:
                seconds[length] = min(seconds.get(length, math.inf), time.perf_counter() - start)
        except torch.OutOfMemoryError:
            if cuda:
                torch.cuda.empty_cache()
        model.zero_grad(set_to_none=True)
    model.eval()
    return seconds


def probe_classification(
    model_path: str,
    examples: list[dict],
    num_labels: int,
    batch_size: int,
    max_length: int,
    lengths: tuple[int, ...] = (),
):
    """Cross-entropy of a sequence-classification model with a new `num_labels` head on the first batch; with
    `lengths`, a timed step at each on the longest texts."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    labels = sorted({e["label"] for e in examples})
    index = {label: i for i, label in enumerate(labels)}
    batch = examples[:batch_size]
    tokenizer = AutoTokenizer.from_pretrained(model_path)
    model = AutoModelForSequenceClassification.from_pretrained(model_path, num_labels=num_labels)
    result = classification_loss(model, tokenizer, batch, index, num_labels, max_length)
    if not lengths:
        return result
    device = "cuda" if torch.cuda.is_available() else "cpu"  # where the run will train
    model.to(device)
    timed = longest(examples, batch_size, lambda e: e["text"])
    target = torch.tensor([index[e["label"]] for e in timed], device=device)

    def prepare(length: int) -> Callable[[], torch.Tensor]:
        inputs = encoded(tokenizer, timed, length).to(device)
        return lambda: torch.nn.functional.cross_entropy(model(**inputs).logits, target)

    return replace(result, seconds=step_seconds(model, prepare, lengths))


def encoded(tokenizer, batch: list[dict], max_length: int):
    texts = [e["text"] for e in batch]
    return tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")


def classification_loss(model, tokenizer, batch: list[dict], index: dict[str, int], num_labels: int, max_length: int):
    inputs = encoded(tokenizer, batch, max_length)
    target = torch.tensor([index[e["label"]] for e in batch])
    model.eval()
    with torch.no_grad():
        logits = model(**inputs).logits
    loss = torch.nn.functional.cross_entropy(logits, target).item()
    return ProbeResult(loss, math.log(num_labels), num_labels, len(batch), "classification")


def probe_embedding(config, rows: dict[str, list[str]], lengths: tuple[int, ...] = ()) -> ProbeResult:
    """MultipleNegativesRankingLoss of the model as it starts, on the first training batch; with `lengths`, a timed
    step at each on each column's longest texts (the columns are encoded apart, so each pads to its own longest)."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from sentence_transformers.util import batch_to_device

    from training.tasks.embedding import column_prompts  # deferred: start-up time (sentence-transformers)

    size = min(config.training.per_device_train_batch_size, len(rows["anchor"]))
    model = SentenceTransformer(resolve_model_path(config.model.name_or_path))
    model.max_seq_length = config.model.max_seq_length
    prompts = column_prompts(model, list(rows)) or {}
    loss_fn = MultipleNegativesRankingLoss(model, scale=1.0 / config.loss.temperature)

    def prepare(length: int, texts: dict[str, list[str]]) -> Callable[[], torch.Tensor]:
        model.max_seq_length = length
        columns = [[prompts.get(column, "") + text for text in batch] for column, batch in texts.items()]
        features = [batch_to_device(model.preprocess(column), model.device) for column in columns]
        return lambda: loss_fn(features, None)

    loss_of = prepare(config.model.max_seq_length, {column: texts[:size] for column, texts in rows.items()})
    model.eval()
    with torch.no_grad():
        loss = loss_of().item()
    candidates = size * (len(rows) - 1)  # every positive (and negative) in the batch competes for each anchor
    seconds = {}
    if lengths:
        timed = {column: longest(texts, size) for column, texts in rows.items()}
        seconds = step_seconds(model, lambda length: prepare(length, timed), lengths)
    return ProbeResult(loss, math.log(candidates), candidates, size, "embedding", seconds)
