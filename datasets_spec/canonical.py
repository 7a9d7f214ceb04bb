"""The three shapes every format is read into, so checks, statistics, conversion and storage are written once.

- retrieval: the ID format, `corpus` {passage id: {"title", "text", ...}} and examples
  {"query_id", "query_text", "positive_passages": [ids], "hard_negatives": [ids], ...}
- sft: examples {"messages": [{"role", "content"}, ...], ...}
- classification: examples {"text", "label", ...}
Fields a format carries beyond these (FlagEmbedding's "prompt", a corpus's "law") ride along unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from datasets_spec.errors import Problems

TASKS = ("retrieval", "sft", "classification")


@dataclass
class Loaded:
    """A file read into its task's shape, with each example's source line and what was wrong with it."""

    task: str
    format: str
    source: Path
    examples: list[dict] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    corpus: dict[str, dict] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)
    unit: str = "line"
    encoding: str = "utf-8"
    corpus_source: Path | None = None
    broken: set[str] = field(default_factory=set)  # ids whose own row was rejected: not reported again where cited

    def add(self, example: dict, line: int | None) -> None:
        self.examples.append(example)
        self.lines.append(line)


def document(passage: dict) -> str:
    """What a model reads for a passage: title and body on two lines, as BEIR's title + text, or the body alone."""
    title = (passage.get("title") or "").strip()
    return f"{title}\n{passage['text']}" if title else passage["text"]
