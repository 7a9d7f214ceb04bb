"""Issue #8 acceptance: train the default model on statute pseudo-queries made without labels, score it on
hand-written questions it never saw, against the untrained model.

    python bench/statute_pseudo_queries.py [--generators plain] [--steps 200] [--laws 민법 ...] [--mine [M]] [--quick]

1. Eval set: two sets of plain-language questions with their gold articles, written by hand, never trained on:
   `statute_questions_ko.jsonl` (60, dev: variations were compared on it) and `statute_questions_ko_test.jsonl`
   (180, test: written later, gold read in each article, by writers who saw neither the generators' output, the
   glossary nor any score; every variation run is reported on it, none chosen by it). Their corpus is every
   article of the laws they touch, written as a BEIR folder with the project's own writer (qrels/dev.tsv,
   qrels/test.tsv). Not all 84.5k articles: encoding those takes ~40 minutes per model on a 2-core CPU, so the
   corpus is those laws' articles (a few thousand), and the output says how many.
2. `python -m datasets_spec augment statutes` on the whole statute corpus (--generators: inverse cloze + title
   questions by default; plain = sentences asked in everyday words).
3. A seeded random sample of steps × batch generated examples, stored as its own dataset with no validation
   split: the run's per-step evaluation would otherwise encode the whole 146k-passage corpus. `--focus S` draws
   a share S of the sample from the eval laws' articles (their text only, never the questions).
4. Optionally `python -m datasets_spec mine --method M` (`--mine [bm25|same-law|model]`: hard negatives over the
   whole generated corpus), then
   `python -m training run` with a config this script writes, and `python -m training eval --bm25` on both models
   at one --max-seq-length, so the two read the same text, with BM25 beside them.

Everything lives in a private work folder (--work, STUDIO_DATA_DIR under it), never in the repo's studio-data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasets_spec.formats.beir import export_beir  # noqa: E402
from training.config.groups import DEFAULT_EMBEDDING_MODEL  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "data" / "statutes-ko" / "law_articles.jsonl.gz"
QUESTIONS = ROOT / "bench" / "data" / "statute_questions_ko.jsonl"
TEST_QUESTIONS = ROOT / "bench" / "data" / "statute_questions_ko_test.jsonl"
SPLITS = ("dev", "test")
GENERATED = "statutes-pseudo"  # the full generated set; the sample and its mined copy are named after it
METRICS = ("ndcg@10", "recall@1", "recall@5", "recall@10", "mrr@10")
SEED = 42


def read_articles(path: Path) -> dict[str, dict]:
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return {row["id"]: row for row in map(json.loads, lines) if row["text"].strip()}


def law_of(article_id: str) -> str:
    return article_id.split("|", 1)[0]


def read_questions(path: Path, articles: dict[str, dict]) -> list[dict]:
    """Every gold id must be an article of the corpus: a typo would silently score as a miss."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = [g for g in row["gold"] if g not in articles]
        if missing:
            sys.exit(f"{path}:{number}: gold {missing} not in the statute corpus")
        questions.append(row)
    return questions


def pick_questions(questions: list[dict], laws: list[str] | None, quick: bool, sizes: Counter[str]) -> list[dict]:
    """Questions whose gold articles all lie in the chosen laws; --quick keeps the 10 on the smallest laws, so
    its eval corpus is a few hundred articles."""
    if laws:
        questions = [q for q in questions if all(law_of(g) in laws for g in q["gold"])]
    if quick:
        questions = sorted(questions, key=lambda q: max(sizes[law_of(g)] for g in q["gold"]))[:10]
    return questions


def build_beir(articles: dict[str, dict], sets: dict[str, list[dict]], out: Path) -> tuple[Path, list[str]]:
    """One corpus, one qrels file per question set (`eval --split dev|test`), every question in queries.jsonl."""
    from datasets_spec.jsonl import write_jsonl

    laws = sorted({law_of(g) for questions in sets.values() for q in questions for g in q["gold"]})
    corpus = {pid: {"title": a["title"], "text": a["text"]} for pid, a in articles.items() if a["law"] in laws}
    for split, questions in sets.items():
        examples = [
            {"query_id": q["id"], "query_text": q["query"], "positive_passages": q["gold"], "hard_negatives": []}
            for q in questions
        ]
        export_beir(corpus, examples, out, split)  # its queries.jsonl holds this set's only: rewritten below
    write_jsonl(out / "queries.jsonl", ({"_id": q["id"], "text": q["query"]} for qs in sets.values() for q in qs))
    return out, laws


def cli(args: list[str], env: dict[str, str]) -> tuple[str, float]:
    """Run one project CLI command exactly as a person would; its stdout and the wall seconds it took."""
    command = [sys.executable, "-m", *args]
    print("$ python -m " + " ".join(args), flush=True)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"command failed with exit {done.returncode}: {' '.join(command)}")
    return done.stdout, time.perf_counter() - start


def generate(
    articles: Path, env: dict[str, str], data_dir: Path, multiply: int, generators: str
) -> tuple[dict, float]:
    """The full generated set, reused when a previous run of this script made it with the same parameters."""
    manifest = data_dir / "datasets" / GENERATED / "manifest.json"
    if manifest.exists():
        made = json.loads(manifest.read_text(encoding="utf-8"))
        parameters = made.get("made_by", {}).get("parameters", {})
        if parameters.get("multiply") == multiply and parameters.get("generators") == generators.split(","):
            print(f"reusing {manifest.parent} (made earlier with --multiply {multiply} --generators {generators})")
            return made, 0.0
    args = ["datasets_spec", "augment", "statutes", str(articles), "--name", GENERATED, "--overwrite", "--json"]
    out, seconds = cli([*args, "--multiply", str(multiply), "--generators", generators], env)
    report = json.loads(out)
    print("\n".join(f"  {name}: {g['made']:,} examples" for name, g in report["generators"].items()))
    return json.loads(manifest.read_text(encoding="utf-8")), seconds


def sample(size: int, focus_laws: list[str], focus: float, keep_corpus: bool, name: str) -> dict:
    """A seeded random sample of the generated examples (both of its splits: no split is needed here), stored
    with an empty validation split so training never encodes the whole corpus to evaluate."""
    from datasets_spec import store
    from datasets_spec.canonical import Loaded

    dataset = store.load(GENERATED)
    pool = dataset.train + dataset.validation
    rng = random.Random(SEED)
    near = [e for e in pool if law_of(e["article"]) in focus_laws]
    n_near = min(len(near), round(size * focus))
    picked = rng.sample(near, n_near) if n_near else []
    chosen = {id(e) for e in picked}
    rest = [e for e in pool if id(e) not in chosen]
    picked += rng.sample(rest, min(len(rest), size - n_near))
    rng.shuffle(picked)
    needed = {p for e in picked for p in e["positive_passages"]}
    corpus = {p: dataset.corpus[p] for p in needed}
    if keep_corpus:  # mining draws negatives from the corpus: all of it, or only the eval laws' passages when the
        # whole sample comes from them (a few thousand, few enough for `mine --method model` to encode)
        laws = focus_laws if focus >= 1 else None
        corpus = {p: v for p, v in dataset.corpus.items() if laws is None or v.get("law") in laws}
    source = dataset.path / "corpus.jsonl"
    made_by = {
        "generator": "bench/statute_pseudo_queries.py sample",
        "parameters": {"size": size, "focus": focus, "focus_laws": focus_laws if focus else []},
        "seed": SEED,
        "source_datasets": [GENERATED],
    }
    loaded = Loaded("retrieval", "ids", dataset.path, picked, [None] * len(picked), corpus, corpus_source=source)
    empty = Loaded("retrieval", "ids", dataset.path)
    store.store_loaded(loaded, name, validation=empty, overwrite=True, made_by=made_by)
    by_generator = Counter(e["generator"] for e in picked)
    in_laws = sum(law_of(e["article"]) in focus_laws for e in picked)  # the focus share plus what chance drew
    return {"examples": len(picked), "pool": len(pool), "on_eval_laws": in_laws, **by_generator}


def rows_with_negatives(name: str) -> int:
    """Training with hard negatives skips an example that has none (see training.tasks.embedding.training_rows)."""
    from datasets_spec import store

    return sum(bool(e["hard_negatives"]) for e in store.load(name).train)


def write_config(path: Path, dataset: str, args: argparse.Namespace) -> dict:
    """Only what differs from the studio's defaults (model, LoRA, schedule stay as shipped)."""
    training = {
        "max_steps": args.steps,
        "per_device_train_batch_size": args.batch,
        "logging_steps": 1,
        "save_steps": args.steps,  # one checkpoint, at the end: saving costs seconds a step here
        "eval_steps": 0,  # the dataset has no validation split, so nothing is evaluated during training
    }
    if args.lr:
        training["learning_rate"] = args.lr
    config = {"task": "embedding", "data": {"dataset": dataset}, "training": training, "loss": {}}
    if args.max_seq_length:
        config["model"] = {"max_seq_length": args.max_seq_length}
    if args.temperature:
        config["loss"]["temperature"] = args.temperature
    if args.mine:
        config["loss"]["use_hard_negatives"] = True
    import yaml

    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def step_times(run_dir: Path) -> dict:
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text(encoding="utf-8").splitlines()]
    steps = [r for r in rows if "loss" in r and "time" in r]
    per_step = (steps[-1]["time"] - steps[0]["time"]) / max(1, len(steps) - 1)
    window = max(1, min(10, len(steps) // 2))  # never the same steps at both ends of a short run
    first = [r["loss"] for r in steps[:window]]
    last = [r["loss"] for r in steps[-window:]]
    return {
        "steps": len(steps),
        "s_per_step": per_step,
        "loss_window": window,
        "loss_first": sum(first) / len(first),
        "loss_last": sum(last) / len(last),
    }


def evaluate(
    model: str, beir: Path, max_len: int, env: dict[str, str], cache: Path | None, against: str | None = None
) -> tuple[dict, float]:
    """`python -m training eval --bm25` per question set: {split: {"model": scores, "bm25": scores}}, and with
    `against` (the untrained model, its corpus embeddings cached) "paired": the bootstrap interval of the NDCG@10
    difference. The second split reads the corpus embeddings the first one cached; the untrained model's scores
    are cached per eval set and length."""
    if cache and cache.exists():
        print(f"reusing the untrained scores in {cache}")
        return json.loads(cache.read_text(encoding="utf-8")), 0.0
    scores, seconds = {}, 0.0
    models = [*(["--model", against] if against else []), "--model", model]
    for split in SPLITS:
        args = ["training", "eval", *models, "--beir", str(beir), "--split", split, "--bm25"]
        out, took = cli([*args, "--max-seq-length", str(max_len), "--json"], env)
        board = json.loads(out.strip().splitlines()[-1])
        rows = board["rows"]
        scores[split] = {"model": rows[model], "bm25": rows["BM25"]}
        scores[split]["model"] |= {"queries": board["queries"], "corpus": board["corpus"]}
        if against:
            scores[split]["paired"] = board["paired"][0]
        seconds += took
    if cache:
        cache.write_text(json.dumps(scores), encoding="utf-8")
    return scores, seconds


def fingerprint(folder: Path, *extra: str) -> str:
    digest = hashlib.sha1("|".join(extra).encode())
    for name in ("corpus.jsonl", "queries.jsonl", *(f"qrels/{split}.tsv" for split in SPLITS)):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:12]


def table(base: dict, trained: dict, bm25: dict) -> list[str]:
    head = f"{'model':<12}" + "".join(f"{m:>11}" for m in METRICS)
    rows = [head, f"{'BM25':<12}" + "".join(f"{bm25[m]:>11.3f}" for m in METRICS)]
    rows.append(f"{'untrained':<12}" + "".join(f"{base[m]:>11.3f}" for m in METRICS))
    rows.append(f"{'trained':<12}" + "".join(f"{trained[m]:>11.3f}" for m in METRICS))
    rows.append(f"{'delta':<12}" + "".join(f"{trained[m] - base[m]:>+11.3f}" for m in METRICS))
    return rows


def paired_line(paired: dict) -> str:
    verdict = "no clear difference"
    if paired["clear"]:
        verdict = "trained better" if paired["low"] > 0 else "trained worse"
    return (
        f"paired NDCG@10 difference {paired['mean']:+.3f} (95% bootstrap CI {paired['low']:+.3f} … "
        f"{paired['high']:+.3f}: {verdict}); better on {paired['better']}, worse on {paired['worse']} questions"
    )


def report_runs(
    runs: list[str], beir: Path, base: dict, max_len: int, env: dict[str, str], sets: dict[str, list]
) -> None:
    """Each run's scores beside the untrained model's, per question set: earlier variations re-read on new
    questions without training them again."""
    for run in runs:
        trained, _ = evaluate(str(Path(run).resolve()), beir, max_len, env, None, DEFAULT_EMBEDDING_MODEL)
        for split in SPLITS:
            print(f"\n{run}, {split} ({len(sets[split])} questions):")
            print("\n".join(table(base[split]["model"], trained[split]["model"], base[split]["bm25"])))
            print(paired_line(trained[split]["paired"]))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, help="optimiser steps (default 200; 5 with --quick)")
    parser.add_argument("--laws", nargs="+", help="eval only questions on these laws (names without spaces)")
    parser.add_argument("--quick", action="store_true", help="5 steps, 10 questions on small laws: checks the script")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, help="learning rate (default: the studio's)")
    parser.add_argument("--temperature", type=float, help="loss temperature (default: the studio's)")
    parser.add_argument("--max-seq-length", type=int, help="training length in tokens (default: the studio's)")
    parser.add_argument("--eval-max-seq-length", type=int, default=512, help="both models read this many tokens")
    parser.add_argument("--multiply", type=int, default=1, help="pseudo-queries per article and generator")
    parser.add_argument("--generators", default="cloze,title", help="augment statutes --generators (plain: …)")
    parser.add_argument("--focus", type=float, default=0.0, help="share of the sample from the eval laws' articles")
    parser.add_argument(
        "--mine",
        nargs="?",
        const="bm25",
        choices=("bm25", "same-law", "model"),
        help="hard negatives for the sample (`mine --method`; bm25 when no method is named), one per row",
    )
    parser.add_argument("--name", default="default", help="label of this variation (its run folder)")
    parser.add_argument(
        "--evaluate",
        nargs="+",
        metavar="RUN",
        help="only score these run folders (earlier variations) against the untrained model on today's question sets",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/statute-pseudo-queries"))
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--questions", type=Path, default=QUESTIONS, help="dev questions")
    parser.add_argument("--test-questions", type=Path, default=TEST_QUESTIONS, help="test questions")
    args = parser.parse_args()
    args.steps = args.steps or (5 if args.quick else 200)
    return args


def main() -> None:
    args = parse_args()
    if not args.articles.exists():
        sys.exit(f"{args.articles} not found: this bench needs the shared statute corpus (see its README); skipped")
    data_dir = (args.work / "data").resolve()
    os.environ["STUDIO_DATA_DIR"] = str(data_dir)  # for the in-process sampling, as for the commands
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_WAIT_POLICY": "PASSIVE", "PYTHONPATH": str(ROOT)}
    times: dict[str, float] = {}

    articles = read_articles(args.articles)
    sizes = Counter(a["law"] for a in articles.values())
    sets = {
        split: pick_questions(read_questions(path, articles), args.laws, args.quick, sizes)
        for split, path in zip(SPLITS, (args.questions, args.test_questions), strict=True)
    }
    if not all(sets.values()):
        sys.exit("no question has all its gold articles in --laws")
    beir, laws = build_beir(articles, sets, args.work / ("beir-quick" if args.quick else "beir-dev-test"))
    corpus_size = sum(sizes[law] for law in laws)
    print(
        f"eval set: {len(sets['dev'])} dev + {len(sets['test'])} test hand-written questions over the "
        f"{corpus_size:,} articles of {len(laws)} laws ({', '.join(laws)}), not all {len(articles):,}: {beir}"
    )

    key = fingerprint(beir, DEFAULT_EMBEDDING_MODEL, str(args.eval_max_seq_length))
    cache = args.work / f"untrained-{key}.json"
    base, times["eval untrained"] = evaluate(DEFAULT_EMBEDDING_MODEL, beir, args.eval_max_seq_length, env, cache)
    for split in SPLITS:
        print(f"untrained, {split}: " + ", ".join(f"{m} {base[split]['model'][m]:.3f}" for m in METRICS), flush=True)
    if args.evaluate:
        report_runs(args.evaluate, beir, base, args.eval_max_seq_length, env, sets)
        return
    manifest, times["generation"] = generate(args.articles, env, data_dir, args.multiply, args.generators)
    print(f"generated: {manifest['counts']['train'] + manifest['counts']['validation']:,} examples")
    size = args.steps * args.batch  # one epoch: every sampled example is seen once
    name = f"{GENERATED}-{args.name}"
    start = time.perf_counter()
    drawn = sample(size, laws, args.focus, bool(args.mine), name)
    times["sampling"] = time.perf_counter() - start
    print(f"training set {name}: {json.dumps(drawn, ensure_ascii=False)}")
    if args.mine:
        mine = ["datasets_spec", "mine", name, "--method", args.mine, "--name", f"{name}-hn", "--overwrite"]
        _, times["mining"] = cli([*mine, "--preview", "0"], env)
        name = f"{name}-hn"
        drawn["rows_with_negatives"] = rows_with_negatives(name)
        print(f"{drawn['rows_with_negatives']:,} of {size:,} examples got a hard negative; only those are trained on")

    run_dir = args.work / "runs" / args.name
    if run_dir.exists():
        import shutil

        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    config_path = args.work / f"{args.name}.yaml"
    config = write_config(config_path, name, args)
    _, times["training"] = cli(["training", "run", str(config_path), "--run-dir", str(run_dir)], env)
    steps = step_times(run_dir)

    trained, times["eval trained"] = evaluate(
        str(run_dir), beir, args.eval_max_seq_length, env, None, DEFAULT_EMBEDDING_MODEL
    )

    for split in SPLITS:
        print(
            f"\n{split}: {len(sets[split])} questions, {corpus_size:,} passages ({len(laws)} laws), "
            f"both models at {args.eval_max_seq_length} tokens; {DEFAULT_EMBEDDING_MODEL}"
        )
        print("\n".join(table(base[split]["model"], trained[split]["model"], base[split]["bm25"])))
        print(paired_line(trained[split]["paired"]))
    trained_on = drawn.get("rows_with_negatives", drawn["examples"])
    print(
        f"training: {steps['steps']} steps at {steps['s_per_step']:.2f} s/step, batch {args.batch}, "
        f"{trained_on:,} examples; mean loss of the first / last {steps['loss_window']} steps "
        f"{steps['loss_first']:.3f} -> {steps['loss_last']:.3f}; config {json.dumps(config, ensure_ascii=False)}"
    )
    print("seconds: " + ", ".join(f"{stage} {s:.0f}" for stage, s in times.items()))
    result = {"name": args.name, "config": config, "sample": drawn, "steps": steps, "times": times}
    result |= {"untrained": base, "trained": trained, "laws": laws, "questions": {k: len(v) for k, v in sets.items()}}
    (args.work / f"result-{args.name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
