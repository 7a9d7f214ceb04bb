"""The checks a model-written query passes before it is trained on: length, language, duplicate, answerability.

Each returns why a candidate fails (or None), so the report can count and show every drop. The first three are
plain string checks; answerability encodes with the embedding model, so it runs last, on what is left.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from core.models.load import prompts_of
from datasets_spec.canonical import document

FILTERS = ("length", "language", "duplicate", "answerability")  # in the order they run; the report keeps it
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")  # jamo, compatibility jamo, syllables
_WORD = re.compile(r"\w+")
ECHO_RATIO = 0.8  # "다음 검색 질의를 같은 말로 바꿔 쓰세요" against the instruction's "… 같은 뜻의 다른 말로 …": 0.87


def hangul_share(text: str) -> float:
    """Share of the words with letters that are Korean (hold Hangul); 0.0 when no word has a letter. Counted by
    word, not letter: one syllable carries what 2-3 Latin letters do, and "민법 750조 LLC 요건" is a Korean query."""
    words = [w for w in _WORD.findall(text) if any(c.isalpha() for c in w)]
    return sum(1 for w in words if _HANGUL.search(w)) / len(words) if words else 0.0


def normalise(text: str) -> str:
    """What makes two queries the same query: case, width (NFKC), spacing and punctuation do not."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def length_problem(text: str, min_chars: int, max_chars: int) -> str | None:
    size = len(text)
    if size < min_chars:
        return f"{size} characters, under {min_chars}"
    if size > max_chars:
        return f"{size} characters, over {max_chars}"
    return None


def language_problem(text: str, source: str, max_gap: float) -> str | None:
    """A Korean query answered in English (or the reverse) is another language, not a paraphrase."""
    mine, theirs = hangul_share(text), hangul_share(source)
    if abs(mine - theirs) > max_gap:
        return f"{mine:.0%} of its words Korean vs {theirs:.0%} in the source (gap over {max_gap:.0%})"
    return None


def echoes(text: str, sentence: str) -> bool:
    """The instruction's sentence inside the text, the text a piece of it, or the two 80% alike (a word dropped)."""
    if not text:
        return False
    return sentence in text or text in sentence or SequenceMatcher(None, text, sentence).ratio() >= ECHO_RATIO


class Duplicates:
    """Known queries by their normalised text: the dataset's own (either split) and each variant kept so far; and
    the sentences of the instruction, which small models repeat instead of following."""

    def __init__(self, examples: list[dict], instructions: tuple[str, ...] = ()) -> None:
        self.known: dict[str, str] = {}
        self.query_of: dict[str, str] = {}
        for example in examples:
            text = normalise(example["query_text"])
            self.known.setdefault(text, example["query_id"])
            self.query_of[example["query_id"]] = text
        self.instructions = [n for n in map(normalise, instructions) if n]

    def problem(self, text: str, source_query_id: str) -> str | None:
        """Also a variant that is a piece of its source query: small models copy the start and stop."""
        mine = normalise(text)
        owner = self.known.get(mine)
        if owner == source_query_id:
            return "same as its source query"
        if owner is not None:
            return f"same as query {owner}" if not owner.startswith("llm-") else f"same as variant {owner}"
        if mine and mine in self.query_of.get(source_query_id, ""):
            return "a piece of its source query"
        if any(echoes(mine, sentence) for sentence in self.instructions):
            return "repeats the instruction"
        return None

    def add(self, text: str, variant_id: str) -> None:
        self.known.setdefault(normalise(text), variant_id)


@dataclass
class Answerability:
    """How the embedding model places a variant: cosine to its best source passage, and that passage's rank among
    itself and `distractors` other passages of the corpus (1 = nearest)."""

    score: float
    rank: int
    pool: int  # passages ranked: the source's plus the distractors


def distractor_ids(corpus_ids: list[str], exclude: set[str], n: int, seed: int, key: str) -> list[str]:
    """A seeded sample of passages that are not the source's positives, the same for every variant of one source."""
    pool = [pid for pid in corpus_ids if pid not in exclude]
    return random.Random(f"{seed}|llm-distractors|{key}").sample(pool, min(n, len(pool)))


def answerability(
    embedder: Any,
    queries: list[str],
    positives: list[list[str]],
    distractors: list[list[str]],
    corpus: dict[str, dict],
    *,
    batch_size: int = 32,
) -> list[Answerability]:
    """Cosine under `embedder`, each text with the model's own query / passage prompt. Cosine rather than the
    model's similarity function, so `min_score` means the same thing for every model that could be chosen."""
    if not queries:
        return []
    prompts = prompts_of(embedder)
    ids = list(dict.fromkeys(pid for group in (*positives, *distractors) for pid in group))
    where = {pid: i for i, pid in enumerate(ids)}

    def encode(texts: list[str], prompt: str):
        return embedder.encode(
            texts, prompt=prompt or None, batch_size=batch_size, convert_to_tensor=True, normalize_embeddings=True
        )

    passages = encode([document(corpus[pid]) for pid in ids], prompts.passage)
    encoded = encode(queries, prompts.query)
    results = []
    for i, (own, others) in enumerate(zip(positives, distractors, strict=True)):
        own_scores = (passages[[where[p] for p in own]] @ encoded[i]).tolist()
        other_scores = (passages[[where[p] for p in others]] @ encoded[i]).tolist() if others else []
        best = max(own_scores)
        rank = 1 + sum(1 for s in other_scores if s > best)
        results.append(Answerability(best, rank, 1 + len(other_scores)))
    return results


def answerability_problem(found: Answerability, min_score: float | None, top_k: int | None) -> str | None:
    if top_k is not None and found.rank > top_k:
        return f"its passage ranks {found.rank} of {found.pool}, below the top {top_k}"
    if min_score is not None and found.score < min_score:
        return f"cosine {found.score:.3f} to its passage, under {min_score}"
    return None
