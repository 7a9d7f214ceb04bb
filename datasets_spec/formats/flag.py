"""FlagEmbedding's JSONL: {"query", "pos": [texts], "neg": [texts]}."""

from __future__ import annotations


def to_flag(example: dict, corpus: dict[str, dict]) -> dict:
    """An ID-format example with its passage ids replaced by the passages' texts."""

    def text(pid: str) -> str:
        return f"{corpus[pid]['title']}\n{corpus[pid]['text']}"

    return {
        "query": example["query_text"],
        "pos": [text(p) for p in example["positive_passages"]],
        "neg": [text(p) for p in example["hard_negatives"]],
    }
