"""The legal recipe: a statute corpus plus a question log and/or cases → one stored dataset (pseudo-labelled questions
and cited articles) → BM25-mined negatives → a config sized for this machine by a probe step → a training run →
Score all (base model, trained model, BM25, both hybrids) on its validation questions.

Every stage is a call the CLI, the page and the tests make anyway (pseudo_labels, mine_source, pace.measure,
runs.start, score_searchers); this file only chains them, says each stage's numbers through `said`, and keeps the
whole report with the dataset (`recipe.json`), so a person can see afterwards what each step did.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.models.names import DEFAULT_EMBEDDING_MODEL
from datasets_spec import store
from datasets_spec.canonical import Loaded
from datasets_spec.load import load as load_file
from datasets_spec.mining.negatives import mine_source
from datasets_spec.mining.options import MineOptions
from datasets_spec.question_log import read_question_log
from training.config.studio import StudioConfig
from training.insight import pace
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics
from training.lifecycle.progress import Progress, progress
from training.retrieval.evaluate import RetrievalSet
from training.retrieval.paired import compare_searchers
from training.retrieval.pseudo_label import PseudoLabelOptions
from training.retrieval.question_labels import pseudo_labels, read_passages
from training.retrieval.scoreboard import score_searchers
from training.retrieval.search import BM25Searcher, HybridSearcher, ModelRef, dense_searcher
from training.retrieval.validation_corpus import validation_corpus

Said = Callable[[str, dict[str, Any]], None]  # (stage, its numbers): the CLI prints them, a page would show them
# The stages a recipe says, in order (each long one repeatedly, with how far it got); the page words each
STAGES = (
    "corpus",
    "cases",
    "labelling",
    "questions",
    "mining",
    "mined",
    "sized",
    "training",
    "scoring base",
    "scoring trained",
    "scored",
)
SAY_EVERY_S = 15.0  # how often a long stage says how far it got: 84.5k passages take an hour to encode on a CPU


def telling(said: Said, stage: str, what: str, *, every_s: float = SAY_EVERY_S) -> Callable[..., None]:
    """A progress callback for a long stage's (done, total[, what]) counts, said at most every `every_s` seconds
    and once at the end."""
    last = 0.0

    def tell(done: int, total: int, *_: Any) -> None:
        nonlocal last
        now = time.monotonic()
        if done >= total or now - last >= every_s:
            last = now
            said(stage, {what: done, "of": total})

    return tell


@dataclass
class LegalRecipe:
    """What the recipe starts from and how far it may go on this machine."""

    corpus: str  # a stored retrieval dataset or a passages file (id, law, article, title, text)
    name: str
    questions: str | None = None  # a question log (datasets_spec/question_log.py)
    cases: str | None = None  # court cases whose 참조조문 name the positives (needs a passages file)
    model: str = DEFAULT_EMBEDDING_MODEL
    minutes: float = 20.0  # training time the sized config aims at, measured by a probe step
    steps: int | None = None  # a fixed number of steps instead
    max_seq_length: int = 128
    score_corpus: int = 5000  # passages the final scores search: validation positives, negatives and a sample
    labels: PseudoLabelOptions = field(default_factory=lambda: PseudoLabelOptions(pool=30))
    seed: int = 42
    owner: str | None = None  # whose dataset and run these are (a visitor's id, training/visitors); None: shared


def passages_file(corpus: str) -> str:
    """The passages file that cases are read against: a stored dataset's own corpus.jsonl (it keeps law and
    article), else the file named."""
    if (store.datasets_dir() / corpus / "manifest.json").exists() or not Path(corpus).is_file():
        return str(store.resolve(corpus) / "corpus.jsonl")
    return corpus


def gather(recipe: LegalRecipe, said: Said) -> tuple[dict[str, dict], list[dict], dict[str, Any]]:
    """The corpus and the labelled examples from the cases and the question log, each source's counts."""
    if not (recipe.questions or recipe.cases):
        raise ValueError("the recipe needs --questions, --cases or both: something to learn from")
    corpus, empty = read_passages(recipe.corpus)
    said("corpus", {"passages": len(corpus), "empty": empty})
    examples, report = [], {"passages": len(corpus), "empty_passages": empty}
    if recipe.cases:
        loaded = load_file(recipe.cases, format="legal", corpus=passages_file(recipe.corpus))
        if not loaded.problems.ok:
            raise store.DatasetRejected(loaded.problems)
        examples += loaded.examples
        report["cases"] = {"examples": len(loaded.examples)}
        said("cases", report["cases"])
    if recipe.questions:
        log = read_question_log(recipe.questions)
        if not log.problems.ok:
            raise store.DatasetRejected(log.problems)
        found, labelled = pseudo_labels(
            log.questions,
            corpus,
            recipe.model,
            recipe.labels,
            max_seq_length=recipe.max_seq_length,
            progress=telling(said, "labelling", "encoded"),
        )
        examples += [{**e, "query_id": f"log-{e['query_id']}"} for e in found]
        report["questions"] = labelled
        said("questions", {k: v for k, v in labelled.items() if k != "model"})
    return corpus, examples, report


def store_examples(recipe: LegalRecipe, corpus: dict, examples: list[dict], report: dict, said: Said) -> str:
    """The examples stored (split by query), then BM25 negatives added to the ones they carry; the mined copy's
    name, which training reads."""
    loaded = Loaded(
        "retrieval", "legal-recipe", Path(recipe.questions or recipe.cases or recipe.corpus), corpus=corpus
    )
    for example in examples:
        loaded.add(example, None)
    made_by = {"generator": "legal-recipe", "parameters": {"labels": recipe.labels.to_dict()}}
    store.store_loaded(
        loaded, recipe.name, split_by="query", seed=recipe.seed, made_by=made_by, overwrite=True, owner=recipe.owner
    )
    mined_name = f"{recipe.name}-hn"
    options = MineOptions(method="bm25", range_min=3, range_max=50, num_negatives=4, append=True, seed=recipe.seed)
    mining = telling(said, "mining", "done")
    mined = mine_source(recipe.name, options, name=mined_name, overwrite=True, progress=mining, owner=recipe.owner)
    report["mined"] = {k: v for k, v in mined.report.counts().items() if isinstance(v, int | float)}
    said("mined", report["mined"])
    return mined_name


def sized_config(recipe: LegalRecipe, dataset: str, report: dict, said: Said) -> StudioConfig:
    """The studio's defaults on this dataset, its length and validation corpus bounded; the steps are what the
    probe's measured pace fits into `minutes` (or `steps`), at most three epochs."""
    config = StudioConfig()
    config.data.dataset, config.model.name_or_path = dataset, recipe.model
    config.model.max_seq_length = recipe.max_seq_length
    config.training.eval_corpus_size = min(config.training.eval_corpus_size, recipe.score_corpus)
    rows = len(store.load(dataset).train)
    epochs_cap = max(1, 3 * rows // config.training.per_device_train_batch_size)
    if recipe.steps:
        steps, measured = recipe.steps, None
    else:
        measured = pace.measure(config)
        steps = int(recipe.minutes * 60 / measured.seconds_per_step)
    config.training.max_steps = max(1, min(steps, epochs_cap))
    config.training.eval_steps = max(1, config.training.max_steps // 3)
    config.training.save_steps = config.training.max_steps
    report["config"] = {
        "steps": config.training.max_steps,
        "rows": rows,
        "seconds_per_step": measured.seconds_per_step if measured else None,
    }
    said("sized", report["config"])
    return config


def train(config: StudioConfig, said: Said, *, poll: float = 5.0, owner: str | None = None) -> Path:
    """A run in its own process, queued as the Train tab queues one (it waits while the device trains another);
    its steps reported as they land, and where none lands (queued, the model loading, an evaluation) still every
    SAY_EVERY_S."""
    run_dir = runs.submit(config, runs.runs_dir(), label="legal-recipe", owner=owner)

    def say(state: str, now: Progress) -> None:
        numbers = {"run": run_dir.name, "state": state, "step": now.step, "of": config.training.max_steps}
        said("training", numbers | {"elapsed_s": round(now.elapsed), "eta_s": now.eta, "loss": now.loss})

    last, told = -1, 0.0
    while (status := runs.read_status(run_dir))["state"] in ("queued", "running"):
        now = progress(read_metrics(run_dir)[0], running=True)
        if now.step != last or time.monotonic() - told >= SAY_EVERY_S:  # also while it loads or evaluates
            say(status["state"], now)
            last, told = now.step, time.monotonic()
        time.sleep(poll)  # the run is another process: its status file is read every few seconds
    say(status["state"], progress(read_metrics(run_dir)[0]))  # where it ended: its last steps may land between looks
    if status["state"] != "finished":
        raise RuntimeError(f"the run ended {status['state']}: see {run_dir / 'train.log'}")
    return run_dir


def score(recipe: LegalRecipe, dataset: str, run_dir: Path, said: Said) -> dict[str, Any]:
    """Base and trained model, BM25 and both hybrids on the validation questions over a sampled corpus, with the
    paired NDCG@10 differences trained − base for the model and for the hybrid."""
    stored = store.load(dataset)
    chosen = validation_corpus(stored.corpus, stored.validation, size=recipe.score_corpus, seed=recipe.seed)
    data = RetrievalSet.from_dataset(stored, "validation", passages=chosen.ids)
    length = recipe.max_seq_length
    base = dense_searcher(
        ModelRef(recipe.model, length, "base"), data.documents, progress=telling(said, "scoring base", "encoded")
    )
    tuned = dense_searcher(
        ModelRef(str(run_dir / "model"), length, "trained"),
        data.documents,
        progress=telling(said, "scoring trained", "encoded"),
    )
    bm25 = BM25Searcher(data.documents)
    hybrids = [HybridSearcher(base, bm25), HybridSearcher(tuned, bm25)]
    board = score_searchers([base, tuned, bm25, *hybrids], data)
    rows = {name: board.aggregate[name] for name in board.names}
    paired = {
        "model": compare_searchers(board, "base", "trained").to_dict(),
        "hybrid": compare_searchers(board, hybrids[0].name, hybrids[1].name).to_dict(),
    }
    found = {"queries": len(board.queries), "passages": len(data.documents), "rows": rows, "paired": paired}
    said("scored", {"queries": found["queries"], "passages": found["passages"]})
    return found


def run_recipe(recipe: LegalRecipe, said: Said) -> dict[str, Any]:
    """Every stage in order; the report (each stage's numbers and seconds) is written beside the dataset."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    corpus, examples, report = gather(recipe, said)
    seconds["gather"] = time.perf_counter() - start
    dataset = store_examples(recipe, corpus, examples, report, said)
    seconds["mine"] = time.perf_counter() - start - sum(seconds.values())
    config = sized_config(recipe, dataset, report, said)
    seconds["size"] = time.perf_counter() - start - sum(seconds.values())
    run_dir = train(config, said, owner=recipe.owner)
    seconds["train"] = time.perf_counter() - start - sum(seconds.values())
    report["scores"] = score(recipe, dataset, run_dir, said)
    seconds["score"] = time.perf_counter() - start - sum(seconds.values())
    recipe_dict = {k: v for k, v in asdict(recipe).items() if k != "labels"} | {"labels": recipe.labels.to_dict()}
    report |= {"recipe": recipe_dict, "dataset": dataset, "run": str(run_dir), "seconds": seconds}
    path = store.resolve(dataset) / "recipe.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return report
