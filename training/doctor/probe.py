"""One forward pass on a real batch before training: is the first loss near what chance predicts?

A freshly initialised model should be about as unsure as guessing: ln C for C classes, ln of the candidates per query
for InfoNCE. An initial loss many times that means the logits are far too large (a head initialised or scaled wrong,
a temperature too low, labels mapped wrong), and the first steps will be spent undoing it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch

from core.models.load import resolve_model_path

PROBE_RATIO = 3.0  # an initial loss over 3× chance is not noise: the logits are too large
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

    @property
    def ratio(self) -> float:
        return self.loss / self.chance if self.chance else float("inf")

    @property
    def verdict(self) -> str:
        return next(name for bound, name in VERDICTS if self.ratio <= bound)

    def to_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "verdict": self.verdict}


def probe_classification(model_path: str, examples: list[dict], num_labels: int, batch_size: int, max_length: int):
    """Cross-entropy of a sequence-classification model with a new `num_labels` head on the first batch."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    labels = sorted({e["label"] for e in examples})
    index = {label: i for i, label in enumerate(labels)}
    batch = examples[:batch_size]
    tokenizer = AutoTokenizer.from_pretrained(model_path)
    model = AutoModelForSequenceClassification.from_pretrained(model_path, num_labels=num_labels)
    return classification_loss(model, tokenizer, batch, index, num_labels, max_length)


def classification_loss(model, tokenizer, batch: list[dict], index: dict[str, int], num_labels: int, max_length: int):
    inputs = tokenizer(
        [e["text"] for e in batch], padding=True, truncation=True, max_length=max_length, return_tensors="pt"
    )
    target = torch.tensor([index[e["label"]] for e in batch])
    model.eval()
    with torch.no_grad():
        logits = model(**inputs).logits
    loss = torch.nn.functional.cross_entropy(logits, target).item()
    return ProbeResult(loss, math.log(num_labels), num_labels, len(batch), "classification")


def probe_embedding(config, rows: dict[str, list[str]]) -> ProbeResult:
    """MultipleNegativesRankingLoss of the model as it starts, on the first training batch."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    from training.tasks.embedding import column_prompts  # deferred: start-up time (sentence-transformers)

    size = min(config.training.per_device_train_batch_size, len(rows["anchor"]))
    model = SentenceTransformer(resolve_model_path(config.model.name_or_path))
    model.max_seq_length = config.model.max_seq_length
    prompts = column_prompts(model, list(rows)) or {}
    loss_fn = MultipleNegativesRankingLoss(model, scale=1.0 / config.loss.temperature)
    features = [model.preprocess([prompts.get(column, "") + text for text in rows[column][:size]]) for column in rows]
    model.eval()
    with torch.no_grad():
        loss = loss_fn(features, None).item()
    candidates = size * (len(rows) - 1)  # every positive (and negative) in the batch competes for each anchor
    return ProbeResult(loss, math.log(candidates), candidates, size, "embedding")
