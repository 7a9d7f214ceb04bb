"""The sentence-transformers trainer with tokens-seen counted over every text column (for the Train tab's tokens/s).
Its own module: importing sentence-transformers takes seconds, and only a run needs it."""

from __future__ import annotations

from typing import Any

import torch
from sentence_transformers import SentenceTransformerTrainer


class EmbeddingTrainer(SentenceTransformerTrainer):
    """Counts the non-padding tokens of every text column (anchor, positive, negatives) as tokens seen: the base
    trainer looks for a single `input_ids` column, which a sentence-transformers batch doesn't have."""

    def _track_num_input_tokens(self, inputs: dict[str, Any]) -> None:
        masks = [value for key, value in inputs.items() if key.endswith("attention_mask")]
        if self.args.include_num_input_tokens_seen == "no" or not masks:
            return
        tokens = torch.as_tensor(sum(int(mask.sum()) for mask in masks), device=self.args.device, dtype=torch.int64)
        self.state.num_input_tokens_seen += self.accelerator.gather(tokens).sum().item()
