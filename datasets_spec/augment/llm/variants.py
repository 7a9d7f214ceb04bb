"""Model-written variants of a stored retrieval dataset (optional, off unless asked): a local causal LM rewrites
queries (`paraphrase`) or writes the question a positive passage answers (`question`), and only variants that pass
the filters in `filters.py` are kept.

Variants are written for training queries only: a paraphrase of a validation query in training would leak its
answer. A paraphrase keeps its source's positives and hard negatives (same meaning, same answer); a question
points at the one passage it was written from and gets no negatives (the source's were mined for another query).

Answerability by default asks the embedding model to rank the source passage within the top 3 of itself and 49
other passages drawn under the seed, rather than to clear a cosine threshold: cosines are not comparable between
models (E5 puts unrelated Korean texts near 0.8), a rank is. The bar is that of a real query: on the bundled
legal sample, e5-small puts the positive of 92% of the human-written training queries in that top 3 (79% first).
`min_score` adds a cosine threshold for a model one knows.

Deterministic under the seed: the same examples are picked, `torch.manual_seed` fixes the sampling, and the
distractors are drawn per source query.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.models.load import load_embedding_model
from core.models.names import DEFAULT_EMBEDDING_MODEL
from datasets_spec import store
from datasets_spec.augment.llm.filters import (
    FILTERS,
    Duplicates,
    answerability,
    answerability_problem,
    distractor_ids,
    language_problem,
    length_problem,
)
from datasets_spec.augment.llm.options import LlmOptions
from datasets_spec.augment.llm.writer import (
    clean,
    cut_off,
    instruction_sentences,
    load_lm,
    prompt_language,
    render,
    write,
)
from datasets_spec.canonical import Loaded, document
from datasets_spec.checks import check_examples
from datasets_spec.mining.ranked import Progress
from datasets_spec.store import check_name, datasets_dir, store_loaded

MAX_PASSAGE_CHARS = 1200  # of a passage put into a question prompt: the gist, with the prompt kept short


@dataclass
class Candidate:
    """One text the model wrote, with what the filters made of it."""

    id: str  # the variant's query id: "llm-paraphrase:<source query id>#<n>"
    source_query_id: str
    source_query: str
    language: str  # of the prompt: "ko" or "en"
    positives: list[str]
    hard_negatives: list[str]
    source_text: str  # what the language filter compares with: the query, or the passage a question is about
    text: str
    raw: str  # the model's output before the first line and labels were taken
    passage: str | None = None  # question: the passage it was written from
    distractors: list[str] = field(default_factory=list, repr=False)  # passages its positive is ranked against
    score: float | None = None
    rank: int | None = None
    dropped: str | None = None  # a FILTERS name
    why: str | None = None
    cut: bool = False  # the model was still writing the kept line when max_new_tokens stopped it


@dataclass
class LlmReport:
    source: str
    model: str
    embedding_model: str
    kind: str
    seed: int
    parameters: dict[str, Any]
    examples: int = 0  # source queries picked
    training_queries: int = 0  # of the source's training split, where they were picked from
    prompts: Counter = field(default_factory=Counter)  # prompt language → source queries
    generated: int = 0
    dropped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FILTERS, 0))
    kept: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "prompts": dict(self.prompts)}

    def lines(self) -> list[str]:
        dropped = ", ".join(f"{n} {name}" for name, n in self.dropped.items())
        languages = ", ".join(f"{n} {lang}" for lang, n in sorted(self.prompts.items()))
        timing = ", ".join(f"{what} {s:.1f} s" for what, s in self.seconds.items())
        p = self.parameters
        rules = [f"its passage in the top {p['top_k']} of 1 + {p['distractors']}"] if p["top_k"] else []
        rules += [f"cosine ≥ {p['min_score']}"] if p["min_score"] is not None else []
        return [
            f"{self.kind} by {self.model}: {self.examples} of {self.training_queries} training queries of "
            f"{self.source} (prompts: {languages or 'none'}) → {self.generated} written, {self.kept} kept",
            f"dropped: {dropped}",
            f"answerability by {self.embedding_model}: {' and '.join(rules) or 'off'}; seed {self.seed}",
            f"time: {timing}",
        ]


@dataclass
class Variants:
    """The kept variants as a retrieval `Loaded` over the source corpus, every candidate, and the report."""

    loaded: Loaded
    candidates: list[Candidate]
    report: LlmReport
    source_train: list[dict]
    source_validation: list[dict]


def pick(train: list[dict], limit: int | None, seed: int) -> list[dict]:
    """A seeded sample of training queries, in dataset order."""
    if limit is None or limit >= len(train):
        return list(train)
    return [train[i] for i in sorted(random.Random(seed).sample(range(len(train)), limit))]


def candidates_for(
    examples: list[dict], corpus: dict[str, dict], options: LlmOptions, tokenizer
) -> tuple[list[Candidate], list[tuple[str, bool]]]:
    """One prompt per picked query and the empty candidates its outputs fill; a question is asked of one positive,
    drawn per query under the seed. Distractors are never any of the source query's positives."""
    shells, prompts, corpus_ids = [], [], list(corpus)
    for example in examples:
        qid, query = example["query_id"], example["query_text"]
        if options.kind == "paraphrase":
            passage, positives, negatives, text = None, example["positive_passages"], example["hard_negatives"], query
        else:
            passage = random.Random(f"{options.seed}|llm-passage|{qid}").choice(example["positive_passages"])
            positives, negatives, text = [passage], [], document(corpus[passage])[:MAX_PASSAGE_CHARS]
        language = prompt_language(text)
        prompts.append(render(tokenizer, options.kind, language, text))
        pool = distractor_ids(corpus_ids, set(example["positive_passages"]), options.distractors, options.seed, qid)
        shells.append(Candidate("", qid, query, language, positives, negatives, text, "", "", passage, pool))
    return shells, prompts


def filter_candidates(
    candidates: list[Candidate],
    known: list[dict],
    corpus: dict[str, dict],
    options: LlmOptions,
    embedder: Any,
) -> None:
    """Mark each candidate with the first filter it fails; answerability is scored for what the rest left."""
    duplicates = Duplicates(known, instruction_sentences(options.kind))
    cut = f"cut off by max_new_tokens ({options.max_new_tokens})"
    left = []
    for c in candidates:
        checks = (
            ("length", lambda c=c: cut if c.cut else length_problem(c.text, options.min_chars, options.max_chars)),
            ("language", lambda c=c: language_problem(c.text, c.source_text, options.max_language_gap)),
            ("duplicate", lambda c=c: duplicates.problem(c.text, c.source_query_id)),
        )
        c.dropped, c.why = next(((name, why) for name, check in checks if (why := check()) is not None), (None, None))
        if c.dropped is None:
            duplicates.add(c.text, c.id)
            left.append(c)
    if embedder is None:  # answerability switched off: no top_k, no min_score
        return
    found = answerability(
        embedder, [c.text for c in left], [c.positives for c in left], [c.distractors for c in left], corpus
    )
    for c, result in zip(left, found, strict=True):
        c.score, c.rank = round(result.score, 4), result.rank
        c.why = answerability_problem(result, options.min_score, options.top_k)
        c.dropped = "answerability" if c.why else None


def load_embedder(name: str):
    try:
        return load_embedding_model(name)
    except (OSError, ValueError) as exc:  # offline and not cached, or no such folder
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValueError(f"embedding_model = {name!r}: cannot load it here: {first}") from exc


def variant_example(c: Candidate, kind: str) -> dict:
    example = {
        "query_id": c.id,
        "query_text": c.text,
        "positive_passages": c.positives,
        "hard_negatives": c.hard_negatives,
        "generator": "llm",
        "kind": kind,
        "source_query_id": c.source_query_id,
        "score": c.score,
        "rank": c.rank,
    }
    return {**example, "passage": c.passage} if c.passage else example


def generate_variants(source: str, options: LlmOptions, *, progress: Progress | None = None) -> Variants:
    """Pick training queries of a stored retrieval dataset, have the model write variants, filter them."""
    from dataclasses import replace

    options.check()
    progress = progress or (lambda done, total, what: None)
    dataset = store.load(source)
    if dataset.task != "retrieval":
        raise ValueError(
            f"{source}: model-written variants need retrieval data (queries, passages); this is {dataset.task}"
        )
    if not dataset.train:
        raise ValueError(f"{source}: no training queries to write variants of")
    seconds, start = {}, time.perf_counter()
    examples = pick(dataset.train, options.limit, options.seed)
    model, tokenizer = load_lm(options.model)
    seconds["load model"] = time.perf_counter() - start
    shells, prompts = candidates_for(examples, dataset.corpus, options, tokenizer)
    outputs = write(model, tokenizer, prompts, options.sampling(), progress)
    candidates = []
    for i, (raw, finished) in enumerate(outputs):
        shell, n = shells[i // options.per_example], i % options.per_example + 1
        variant_id = f"llm-{options.kind}:{shell.source_query_id}#{n}"
        candidates.append(replace(shell, id=variant_id, raw=raw.strip(), text=clean(raw), cut=cut_off(raw, finished)))
    seconds["generate"] = time.perf_counter() - start - seconds["load model"]
    scoring = options.top_k is not None or options.min_score is not None
    embedding_name = (options.embedding_model or DEFAULT_EMBEDDING_MODEL) if scoring else "(off)"
    mark, embedder = time.perf_counter(), None
    if scoring:
        progress(0, 1, "scoring answerability")
        embedder = load_embedder(embedding_name)
    filter_candidates(candidates, dataset.train + dataset.validation, dataset.corpus, options, embedder)
    seconds["filter"] = time.perf_counter() - mark
    seconds["total"] = time.perf_counter() - start
    loaded = Loaded("retrieval", "llm", dataset.path, corpus=dataset.corpus, corpus_source=dataset.path)
    kept = [c for c in candidates if c.dropped is None]
    for c in kept:
        loaded.add(variant_example(c, options.kind), None)
    if kept:
        check_examples(loaded)  # warns of a question that quotes its passage word for word
    report = LlmReport(
        source,
        options.model,
        embedding_name,
        options.kind,
        options.seed,
        options.to_dict(),
        examples=len(examples),
        training_queries=len(dataset.train),
        prompts=Counter(s.language for s in shells),
        generated=len(candidates),
        kept=len(kept),
        seconds={what: round(s, 2) for what, s in seconds.items()},
    )
    for c in candidates:
        if c.dropped:
            report.dropped[c.dropped] += 1
    return Variants(loaded, candidates, report, dataset.train, dataset.validation)


def made_by(report: LlmReport) -> dict[str, Any]:
    """How the stored dataset was made, for its manifest: enough to make it again."""
    return {
        "generator": f"datasets_spec.augment.llm.variants ({report.kind})",
        "model": report.model,
        "embedding_model": report.embedding_model,
        "parameters": report.parameters,
        "seed": report.seed,
        "source_datasets": [report.source],
        "counts": {"generated": report.generated, "dropped": report.dropped, "kept": report.kept},
    }


def check_target(name: str, overwrite: bool = False) -> None:
    """Before the model runs: a taken or malformed name should not cost minutes of generation to find out."""
    if (datasets_dir() / check_name(name)).exists() and not overwrite:
        raise FileExistsError(f"dataset {name!r} already exists in {datasets_dir()}; pick another name")


def store_variants(variants: Variants, name: str, *, overwrite: bool = False, owner: str | None = None) -> Path:
    """The source's training queries plus the kept variants as training data; the source's validation unchanged,
    so scores stay comparable with runs on the source. `owner` (a browser session's id) keeps the dataset out of
    other sessions' lists until shared."""
    if not variants.loaded.examples:
        raise ValueError("no variant passed the filters (see the report): nothing to store")
    source = variants.loaded.source
    train = Loaded(
        "retrieval",
        "ids",
        source,
        examples=[*variants.source_train, *variants.loaded.examples],
        corpus=variants.loaded.corpus,
        problems=variants.loaded.problems,
        corpus_source=variants.loaded.corpus_source,
    )
    held_out = Loaded("retrieval", "ids", source, examples=variants.source_validation)
    return store_loaded(
        train,
        name,
        validation=held_out,
        seed=variants.report.seed,
        overwrite=overwrite,
        made_by=made_by(variants.report),
        owner=owner,
    )
