"""Issue #20: train the default model on a question log pseudo-labelled where BM25 and the model agree, and score
it on the hand-written citizen questions it never saw, against the untrained model and the hybrids.

    python bench/question_log_recipe.py [--name agree] [--rule agree|hybrid] [--steps 60] [--depth 10] [--margin 0]
        [--negatives]

The eval set, its corpus (every article of the 15 laws the questions cite) and the untrained scores are those of
bench/statute_pseudo_queries.py, computed (or read back) the same way. The log is the bundled
datasets_spec/samples/legal_ko/questions.txt (615 questions in people's words, none close to the eval questions);
it is labelled against that same corpus by `python -m training pseudo-label` (the corpus's text only, never a gold
label), trained on with `python -m training run`, and scored with `python -m training eval --bm25`, every step a
command a person would type. Needs the shared statute corpus; skips itself without it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.statute_pseudo_queries import (  # noqa: E402
    ARTICLES,
    QUESTIONS,
    SPLITS,
    TEST_QUESTIONS,
    build_beir,
    cli,
    evaluate,
    fingerprint,
    read_articles,
    read_questions,
    step_times,
    write_config,
)
from training.config.groups import DEFAULT_EMBEDDING_MODEL  # noqa: E402

LOG = ROOT / "datasets_spec" / "samples" / "legal_ko" / "questions.txt"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="agree", help="label of this variation (its run folder and dataset)")
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, help="learning rate (default: the studio's)")
    parser.add_argument("--temperature", type=float, help="loss temperature (default: the studio's)")
    parser.add_argument("--max-seq-length", type=int, default=128, help="training length in tokens")
    parser.add_argument("--label-max-seq-length", type=int, default=256, help="tokens the labelling model reads")
    parser.add_argument("--eval-max-seq-length", type=int, default=512, help="both models read this many tokens")
    parser.add_argument("--rule", default="agree", choices=("agree", "hybrid"), help="pseudo-label --rule")
    parser.add_argument("--depth", type=int, default=10, help="pseudo-label --depth")
    parser.add_argument("--margin", type=float, default=0.0, help="pseudo-label --margin")
    parser.add_argument("--negatives", action="store_true", help="train with the pseudo-labels' hard negatives")
    parser.add_argument("--evaluate", type=Path, metavar="RUN", help="only score this run folder (and its hybrid)")
    parser.add_argument("--log", type=Path, default=LOG)
    parser.add_argument("--work", type=Path, default=Path("/tmp/statute-pseudo-queries"))
    args = parser.parse_args()
    args.mine = args.negatives  # write_config's switch for loss.use_hard_negatives
    return args


def scored(run: Path, beir: Path, max_len: int, env: dict[str, str]) -> dict:
    """Per question set: the untrained and trained model, BM25 and both hybrids, with the paired NDCG@10
    differences trained − untrained and hybrid(trained) − hybrid(untrained); the untrained corpus embeddings come
    from the cache."""
    result = {}
    for split in SPLITS:
        models = ["--model", DEFAULT_EMBEDDING_MODEL, "--model", str(run.resolve())]
        args = ["training", "eval", *models, "--beir", str(beir), "--split", split, "--bm25", "--hybrid"]
        out, _ = cli([*args, "--max-seq-length", str(max_len), "--json"], env)
        board = json.loads(out.strip().splitlines()[-1])
        result[split] = {"rows": board["rows"], "model": board["paired"][0], "hybrid": board["paired"][1]}
    return result


def report(result: dict, sets: dict[str, list]) -> None:
    for split, found in result.items():
        print(f"\n{split}: {len(sets[split])} questions")
        for name, row in found["rows"].items():
            scores = "  ".join(f"{m} {row[m]:.3f}" for m in ("ndcg@10", "recall@1", "recall@10"))
            print(f"  {name[:70]:<70} {scores}")
        for what in ("model", "hybrid"):
            p = found[what]
            interval = f"{p['mean']:+.3f} (95% CI {p['low']:+.3f} … {p['high']:+.3f})"
            print(f"  {what}, trained − untrained: {interval}; better on {p['better']}, worse on {p['worse']}")


def main() -> None:
    args = parse_args()
    if not ARTICLES.exists():
        sys.exit(f"{ARTICLES} not found: this bench needs the shared statute corpus (see its README); skipped")
    data_dir = (args.work / "data").resolve()
    os.environ["STUDIO_DATA_DIR"] = str(data_dir)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_WAIT_POLICY": "PASSIVE", "PYTHONPATH": str(ROOT)}
    articles = read_articles(ARTICLES)
    sets = {
        split: read_questions(path, articles) for split, path in zip(SPLITS, (QUESTIONS, TEST_QUESTIONS), strict=True)
    }
    beir, laws = build_beir(articles, sets, args.work / "beir-dev-test")
    key = fingerprint(beir, DEFAULT_EMBEDDING_MODEL, str(args.eval_max_seq_length))
    base, _ = evaluate(
        DEFAULT_EMBEDDING_MODEL, beir, args.eval_max_seq_length, env, args.work / f"untrained-{key}.json"
    )
    if args.evaluate:  # a run trained elsewhere (e.g. by `python -m training recipe legal`): scored alone
        trained = scored(args.evaluate, beir, args.eval_max_seq_length, env)
        report(trained, sets)
        result = {"name": args.name, "run": str(args.evaluate), "untrained": base, "scored": trained}
        (args.work / f"result-log-{args.name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
        return

    passages = args.work / "eval-laws-passages.jsonl"
    in_laws = [a for a in articles.values() if a["law"] in laws]
    passages.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in in_laws) + "\n", encoding="utf-8")
    dataset = f"log-{args.name}"
    label = ["training", "pseudo-label", "--questions", str(args.log), "--corpus", str(passages), "--name", dataset]
    options = ["--rule", args.rule, "--depth", str(args.depth), "--margin", str(args.margin), "--pool", "0"]
    out, label_seconds = cli(
        [*label, *options, "--max-seq-length", str(args.label_max_seq_length), "--overwrite", "--json"], env
    )
    labelled = json.loads(out.strip().splitlines()[-1])
    from datasets_spec import store

    kept = store.load(dataset)
    kept_laws = Counter(e["positive_passages"][0].split("|")[0] for e in kept.train + kept.validation)
    print(f"pseudo-labels: {json.dumps(labelled, ensure_ascii=False)}; by law {dict(kept_laws.most_common())}")

    run_dir = args.work / "runs" / args.name
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    config_path = args.work / f"{args.name}.yaml"
    config = write_config(config_path, dataset, args)
    # The log's 20% validation split is scored at steps 0, 30, 60: over its own positives and negatives and a
    # sample of the rest (training.eval_corpus_size), half a minute each, not the whole corpus each epoch
    config["training"] |= {"eval_steps": args.steps // 2, "eval_corpus_size": 500}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, train_seconds = cli(["training", "run", str(config_path), "--run-dir", str(run_dir)], env)
    steps = step_times(run_dir)
    start = time.perf_counter()
    trained = scored(run_dir, beir, args.eval_max_seq_length, env)
    eval_seconds = time.perf_counter() - start
    report(trained, sets)
    print(
        f"training: {steps['steps']} steps at {steps['s_per_step']:.2f} s/step on {labelled['kept']} pairs; loss "
        f"{steps['loss_first']:.3f} -> {steps['loss_last']:.3f}; seconds: label {label_seconds:.0f}, train "
        f"{train_seconds:.0f}, eval {eval_seconds:.0f}"
    )
    result = {"name": args.name, "config": config, "labels": labelled, "steps": steps, "laws": laws}
    result |= {"untrained": base, "scored": trained}
    (args.work / f"result-log-{args.name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
