"""BM25 over a corpus with bm25s, on tokens we make ourselves: bm25s's own tokenizer splits on words, and Korean
words carry particles and endings (법률은, 법률에, 법률의), so the same stem would be three different terms.

Character n-grams of each word (n = 2 by default, as Lucene's CJK bigram analyser) need no dictionary and match
a stem under any ending; morphemes from kiwipiepy are the option for people who have it installed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

TOKENIZERS = ("char-ngram", "kiwi")
# kiwipiepy tags left out of the terms: particles (J*), endings (E*) and punctuation; foreign words (SL),
# numbers (SN) and hanja (SH) stay, as article numbers and "GDPR"-like names are what a query shares.
_KIWI_DROP = ("J", "E", "SF", "SP", "SS", "SE", "SO", "SW")

Tokenize = Callable[[str], list[str]]


@lru_cache(maxsize=8)
def _ngram_patterns(n: int) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    # A lookahead finds overlapping n-grams inside words in C; words shorter than n are kept whole.
    inside = re.compile(rf"(?=(\w{{{n}}}))")
    short = re.compile(rf"\b\w{{1,{n - 1}}}\b") if n > 1 else None
    return inside, short


def char_ngrams(text: str, n: int = 2) -> list[str]:
    """The character n-grams of every word (words shorter than n whole), lower-cased; never across a space."""
    inside, short = _ngram_patterns(n)
    text = text.lower()
    return inside.findall(text) + (short.findall(text) if short else [])


def kiwi_tokenizer() -> Tokenize:
    """Morphemes from kiwipiepy, without particles, endings and punctuation."""
    try:
        from kiwipiepy import Kiwi
    except ImportError as exc:
        raise ImportError(
            "tokenizer 'kiwi' needs the kiwipiepy package (pip install kiwipiepy); "
            "the default tokenizer 'char-ngram' needs nothing"
        ) from exc
    kiwi = Kiwi()
    return lambda text: [t.form for t in kiwi.tokenize(text) if not t.tag.startswith(_KIWI_DROP)]


def make_tokenizer(name: str, ngram_size: int = 2) -> Tokenize:
    if name == "char-ngram":
        return lambda text: char_ngrams(text, ngram_size)
    if name == "kiwi":
        return kiwi_tokenizer()
    raise ValueError(f"tokenizer = {name!r}: must be one of {', '.join(TOKENIZERS)}")


class BM25Index:
    """A bm25s index of the documents, searched with queries made of the same tokens.

    The vocabulary is ours (token -> id), so bm25s is handed ids: it does not have to build a second vocabulary,
    and a query token the corpus never uses is dropped here instead of raising inside bm25s.
    """

    def __init__(
        self, documents: Sequence[str], tokenize: Tokenize, *, on_document: Callable[[int], None] | None = None
    ) -> None:
        import bm25s

        self.tokenize = tokenize
        vocab: defaultdict[str, int] = defaultdict()
        vocab.default_factory = vocab.__len__  # a new token gets the next id, inside the C-level map below
        ids = []
        for i, text in enumerate(documents):
            ids.append(list(map(vocab.__getitem__, tokenize(text))))
            if on_document and (i + 1) % 2000 == 0:
                on_document(i + 1)
        if on_document:
            on_document(len(ids))
        if not vocab:
            raise ValueError("the corpus has no words to index: every passage is empty or punctuation")
        self.vocab = dict(vocab)
        self.retriever = bm25s.BM25()  # Lucene's BM25 with k1=1.5, b=0.75: bm25s's defaults, as Elasticsearch's
        # No empty token: an empty query is ours to report, and bm25s's empty id lies outside the index.
        self.retriever.index((ids, self.vocab), create_empty_token=False, show_progress=False)
        self.size = len(ids)

    def query_ids(self, text: str) -> list[int]:
        """The query's token ids; tokens the corpus never uses are left out (they score nothing anyway)."""
        vocab = self.vocab
        return [vocab[t] for t in self.tokenize(text) if t in vocab]

    def search(self, queries: list[list[int]], k: int) -> tuple[np.ndarray, np.ndarray]:
        """(document indices, scores) of the top k for each non-empty query, best first."""
        k = min(k, self.size)
        # One thread: bm25s's numpy scorer (np.add.at) holds the GIL; on 2 cores, 2,000 statute queries took 2.3 s
        # on one thread and 2.9 s on two.
        documents, scores = self.retriever.retrieve(queries, k=k, show_progress=False, n_threads=0)
        return np.asarray(documents), np.asarray(scores)

    def scores_of(self, query: list[int], documents: list[int]) -> list[float]:
        """BM25 scores of given documents for one query: a positive outside the retrieved top k."""
        if not query:
            return [0.0] * len(documents)
        return [float(s) for s in self.retriever.get_scores(query)[documents]]
