"""Hard negatives for retrieval data: passages a retriever ranks high for a query that are not its answer.

Three ways to rank candidates: BM25 (bm25s, see bm25.py), the current embedding model
(sentence-transformers), and "same law, other article" (neighbouring articles first). One selection step follows,
with the options people know from FlagEmbedding's hn_mine and sentence-transformers' mine_hard_negatives: a rank
range to draw from, a number per query, a relative margin and a score ceiling against false negatives, and a seed.

A known positive is never returned as a negative: every positive of the query (and of any example with the same
query text), every passage whose text equals a positive's, the article a cloze positive was cut from (and its other
cuts, which still hold the query sentence), and any passage equal to the query are left out before ranks are
counted. sentence-transformers' own mine_hard_negatives is not used: it works on texts rather than ids,
draws from the global `random`, counts ranks after its score filters and cannot report progress.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasets_spec import store
from datasets_spec.canonical import Loaded, document
from datasets_spec.load import load as load_file
from datasets_spec.mining.bm25 import BM25Index, make_tokenizer
from datasets_spec.mining.by_model import model_ranked
from datasets_spec.mining.options import MineOptions
from datasets_spec.mining.ranked import QUERY_BATCH, Progress, Ranked

# Why a query got fewer negatives than asked: the keys of the report's `short` counts.
NO_TOKENS = "the query shares no word with the corpus"
NO_LAW = "no positive has a law, or its law has no other article"
FEW_RANKED = "fewer candidates than asked in the rank range"
FILTERED = "relative_margin / max_score left fewer than asked"


@dataclass
class Negative:
    id: str
    score: float | None  # None for same-law, which ranks without scores
    rank: int  # among candidates, known positives not counted


@dataclass
class QueryMined:
    """One query's result: what the preview shows side by side, and why it is short if it is."""

    query_id: str
    query_text: str
    positives: list[str]
    positive_scores: list[float | None]
    negatives: list[Negative]
    short: str | None = None


@dataclass
class MineReport:
    method: str
    options: dict[str, Any]
    queries: list[QueryMined] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)  # candidates above range_max left out, by rule
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def counts(self) -> dict[str, Any]:
        asked = self.options["num_negatives"]
        short = Counter(q.short or FEW_RANKED for q in self.queries if len(q.negatives) < asked)
        return {
            "queries": len(self.queries),
            "negatives_asked": asked,
            "negatives_found": sum(len(q.negatives) for q in self.queries),
            "queries_short": sum(short.values()),
            "short_by_reason": dict(short),
            "dropped_in_range": dict(self.dropped),
        }

    def preview(self, corpus: dict[str, dict], k: int = 5, width: int = 160) -> list[dict[str, Any]]:
        """The first k queries with their positives and negatives as texts with scores, for a side-by-side look."""

        def passage(pid: str, score: float | None, rank: int | None = None) -> dict[str, Any]:
            text = document(corpus[pid]) if pid in corpus else ""
            return {"id": pid, "score": score, "rank": rank, "text": " ".join(text.split())[:width]}

        return [
            {
                "query_id": q.query_id,
                "query": q.query_text,
                "positives": [passage(p, s) for p, s in zip(q.positives, q.positive_scores, strict=True)],
                "negatives": [passage(n.id, n.score, n.rank) for n in q.negatives],
                "short": q.short,
            }
            for q in self.queries[:k]
        ]

    def to_dict(self, corpus: dict[str, dict] | None = None, preview: int = 0) -> dict[str, Any]:
        out = {"method": self.method, "options": self.options, "counts": self.counts(), "timings": self.timings}
        if corpus is not None and preview:
            out["preview"] = self.preview(corpus, preview)
        return out


@dataclass
class Mined:
    examples: list[dict]
    report: MineReport


def _norm(text: str) -> str:
    return " ".join(text.split())


def _excluded(examples: list[dict], corpus: dict[str, dict], ids: list[str], append: bool) -> list[set[int]]:
    """Per example, the corpus positions that must never be returned as its negatives."""
    position = {pid: i for i, pid in enumerate(ids)}
    by_text: defaultdict[str, list[int]] = defaultdict(list)
    family: defaultdict[str, list[int]] = defaultdict(list)  # an article and the cloze passages cut from it
    for i, pid in enumerate(ids):
        by_text[_norm(corpus[pid]["text"])].append(i)
        family[corpus[pid].get("cloze_of") or pid].append(i)
    # Examples sharing a query text share their positives (sentence-transformers treats them so too).
    positives_of_query: defaultdict[str, set[str]] = defaultdict(set)
    for e in examples:
        positives_of_query[_norm(e["query_text"])].update(e["positive_passages"])
    out = []
    for e in examples:
        query = _norm(e["query_text"])
        known = positives_of_query[query] | (set(e.get("hard_negatives") or ()) if append else set())
        excluded = {position[p] for p in known if p in position}
        for p in positives_of_query[query]:
            if p in corpus:
                excluded.update(by_text[_norm(corpus[p]["text"])])
                # a cloze positive's source article (and its other cloze cuts) still holds the query's sentence
                excluded.update(family[corpus[p].get("cloze_of") or p])
        excluded.update(by_text.get(query, ()))
        out.append(excluded)
    return out


def _select(
    ranked: Ranked, excluded: set[int], options: MineOptions, rng: random.Random, dropped: Counter
) -> tuple[list[tuple[int, float | None, int]], str | None]:
    """The negatives in the rank range that pass the score filters, drawn as asked, and why they fall short."""
    low, high, n = options.range_min, options.range_max, options.num_negatives
    ceiling = None
    known = [s for s in ranked.positive_scores if s is not None]
    if options.relative_margin is not None and known:
        weakest = min(known)  # the harder positive, as sentence-transformers: the safer ceiling
        ceiling = weakest - abs(weakest) * options.relative_margin
    window: list[tuple[int, float | None, int]] = []
    rank = 0
    for position, index in enumerate(ranked.indices):
        if rank >= high:
            break
        if index in excluded:
            dropped["known positive or same text"] += 1
            continue
        score = ranked.scores[position] if ranked.scores is not None else None
        if rank >= low:
            if score is not None and ceiling is not None and score > ceiling:
                dropped["relative_margin"] += 1
            elif score is not None and options.max_score is not None and score > options.max_score:
                dropped["max_score"] += 1
            else:
                window.append((index, score, rank))
        rank += 1
    if options.sampling_strategy == "top":
        chosen = window[:n]
    else:
        chosen = sorted(rng.sample(window, min(n, len(window))), key=lambda c: c[2])
    short = None
    if len(chosen) < n:
        short = ranked.note or (FEW_RANKED if rank - low < n else FILTERED)
    return chosen, short


def mine(
    examples: list[dict],
    corpus: dict[str, dict],
    options: MineOptions | None = None,
    *,
    model: Any = None,
    progress: Progress | None = None,
) -> Mined:
    """Examples with mined `hard_negatives` (replacing the old ones, or after them with `append`), and the report.

    `model` is a loaded SentenceTransformer for method "model"; without one, `options.model` is loaded.
    """
    options = options or MineOptions()
    if not corpus:
        raise ValueError("the corpus is empty: there is nothing to mine negatives from")
    progress = progress or (lambda done, total, what: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    ids = list(corpus)
    excluded = _excluded(examples, corpus, ids, options.append)
    position = {pid: i for i, pid in enumerate(ids)}
    positives = [[position[p] for p in e["positive_passages"] if p in position] for e in examples]
    # Enough depth that the range survives the removal of every known positive: ranks are counted without them.
    depth = [min(len(ids), options.range_max + len(x)) for x in excluded]
    timings["prepare"] = time.perf_counter() - start
    if options.method == "bm25":
        ranked = _bm25_ranked(examples, corpus, ids, positives, depth, options, progress, timings)
    elif options.method == "model":
        ranked = model_ranked(examples, corpus, ids, positives, depth, options, model, progress, timings)
    else:
        ranked = _same_law_ranked(corpus, ids, positives, depth, progress, timings)
    start = time.perf_counter()
    report = MineReport(options.method, options.to_dict(), timings=timings)
    out = []
    for e, r, x in zip(examples, ranked, excluded, strict=True):
        rng = random.Random(f"{options.seed}:{e['query_id']}")  # per query: independent of order and batching
        chosen, short = _select(r, x, options, rng, report.dropped)
        negatives = [Negative(ids[i], None if s is None else round(float(s), 4), rank) for i, s, rank in chosen]
        kept = list(e.get("hard_negatives") or ()) if options.append else []
        out.append({**e, "hard_negatives": kept + [n.id for n in negatives]})
        found = [p for p in e["positive_passages"] if p in position]
        scores = dict(zip(found, r.positive_scores, strict=True))
        report.queries.append(
            QueryMined(
                e["query_id"],
                e["query_text"],
                list(e["positive_passages"]),
                [None if scores.get(p) is None else round(float(scores[p]), 4) for p in e["positive_passages"]],
                negatives,
                short,
            )
        )
    timings["select"] = time.perf_counter() - start
    timings["total"] = sum(timings.values())
    progress(len(examples), len(examples), "done")
    return Mined(out, report)


def _bm25_ranked(examples, corpus, ids, positives, depth, options, progress, timings) -> list[Ranked]:

    start = time.perf_counter()
    tokenize = make_tokenizer(options.tokenizer, options.ngram_size)
    index = BM25Index(
        [document(corpus[pid]) for pid in ids],
        tokenize,
        on_document=lambda done: progress(done, len(ids), "indexing the corpus"),
    )
    timings["index"] = time.perf_counter() - start
    start = time.perf_counter()
    queries = [index.query_ids(e["query_text"]) for e in examples]
    ranked: list[Ranked] = [Ranked([], None, [None] * len(p), NO_TOKENS) for p in positives]
    for begin in range(0, len(examples), QUERY_BATCH):
        batch = [i for i in range(begin, min(begin + QUERY_BATCH, len(examples))) if queries[i]]
        if batch:
            found, scores = index.search([queries[i] for i in batch], max(depth[i] for i in batch))
            for row, i in enumerate(batch):
                hits, values = found[row, : depth[i]].tolist(), scores[row, : depth[i]].tolist()
                where = {d: s for d, s in zip(hits, values, strict=True)}
                missing = [p for p in positives[i] if p not in where]
                if missing:  # a positive below the retrieved depth: score it alone
                    where.update(zip(missing, index.scores_of(queries[i], missing), strict=True))
                ranked[i] = Ranked(hits, values, [where[p] for p in positives[i]])
        progress(min(begin + QUERY_BATCH, len(examples)), len(examples), "retrieving")
    timings["retrieve"] = time.perf_counter() - start
    return ranked


def _same_law_ranked(corpus, ids, positives, depth, progress, timings) -> list[Ranked]:
    """Other articles of each positive's law, nearest to the positive in the law's order first (the hardest:
    neighbouring articles share a chapter and its wording)."""
    start = time.perf_counter()
    if not any(corpus[pid].get("law") for pid in ids):
        raise ValueError("same-law mining needs a 'law' field on the passages; this corpus has none")
    members: defaultdict[str, list[int]] = defaultdict(list)
    place: dict[int, int] = {}
    for i, pid in enumerate(ids):
        law = corpus[pid].get("law")
        if law:
            place[i] = len(members[law])
            members[law].append(i)
    ranked = []
    for row, own in enumerate(positives):
        distance: dict[int, int] = {}
        for p in own:
            law = corpus[ids[p]].get("law")
            for candidate in members.get(law, ()) if law else ():
                if candidate in own:
                    continue
                gap = abs(place[candidate] - place[p])
                distance[candidate] = min(gap, distance.get(candidate, gap))
        order = sorted(distance, key=lambda c: (distance[c], c))[: depth[row]]
        ranked.append(Ranked(order, None, [None] * len(own), None if order else NO_LAW))
        if row % 1000 == 999:
            progress(row + 1, len(positives), "ranking same-law articles")
    timings["retrieve"] = time.perf_counter() - start
    return ranked


@dataclass
class MinedDataset:
    """A mined source: both splits (a file source has only `train`), its corpus, the report and where it went."""

    source: str
    train: list[dict]
    validation: list[dict]
    corpus: dict[str, dict]
    report: MineReport
    stored: Path | None = None


def mine_source(
    source: str,
    options: MineOptions | None = None,
    *,
    corpus: str | Path | None = None,
    name: str | None = None,
    overwrite: bool = False,
    model: Any = None,
    progress: Progress | None = None,
    owner: str | None = None,
) -> MinedDataset:
    """Mine a stored dataset (name or folder) or a retrieval file (with its `corpus` file), and store the result
    as `name` with how it was made. A stored dataset keeps its split; both splits are mined over one index.
    `owner` (a browser session's id) keeps the stored result out of other sessions' lists until shared."""

    options = options or MineOptions()
    path = Path(source)
    is_file = path.exists() and not (path / "manifest.json").exists()
    if is_file:
        loaded = load_file(path, corpus=corpus)
        if not loaded.problems.ok:
            raise store.DatasetRejected(loaded.problems)
        task, train, validation, passages, origin = loaded.task, loaded.examples, [], loaded.corpus, path
    else:
        dataset = store.load(source)
        task, train, validation, passages, origin = (
            dataset.task,
            dataset.train,
            dataset.validation,
            dataset.corpus,
            dataset.path,
        )
    if task != "retrieval":
        raise ValueError(f"{source}: mining needs retrieval data (queries, passages); this is {task} data")
    mined = mine(train + validation, passages, options, model=model, progress=progress)
    result = MinedDataset(source, mined.examples[: len(train)], mined.examples[len(train) :], passages, mined.report)
    if name:
        made_by = {
            "generator": f"datasets_spec.mining.negatives ({options.method})",
            "parameters": options.to_dict(),
            "seed": options.seed,
            "source_datasets": [source],
        }
        mined_train = Loaded("retrieval", "ids", origin, examples=result.train, corpus=passages)
        if is_file:  # split as an import of that file would be
            result.stored = store.store_loaded(
                mined_train, name, seed=options.seed, overwrite=overwrite, made_by=made_by, owner=owner
            )
        else:
            held_out = Loaded("retrieval", "ids", origin, examples=result.validation)
            result.stored = store.store_loaded(
                mined_train, name, validation=held_out, overwrite=overwrite, made_by=made_by, owner=owner
            )
    return result
