"""Issue #20: the whole legal recipe on the 84.5k-article statute corpus, from the command line, timed stage by stage
against the hour a person would give it.

    python bench/legal_recipe_scale.py [--minutes 15] [--pool 30] [--score-corpus 5000] [--no-cases]

Runs `python -m training recipe legal` exactly as a person would, with the bundled question log (615 questions) and
the bundled cases (276) over every article of the shared statute corpus, the run sized by a probe step to
`--minutes` of training. Its stage lines (each long stage says how far it got every 15 s) are echoed with the time
they arrived, so the figure shows the progress a person sees as well as the total. Needs the shared statute
corpus; skips itself without it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import Figure, report  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "data" / "statutes-ko" / "law_articles.jsonl.gz"
SAMPLE = ROOT / "datasets_spec" / "samples" / "legal_ko"
TARGET_S = 3600.0  # the bound: the whole recipe in under an hour on this machine
STAGE_LINE = re.compile(r"\[[a-z ]+\] \{")  # the recipe's own "[stage] {numbers}" lines, not a library's
LONGEST_SILENCE_S = 120.0  # a person sees something at least this often (the stages say every 15 s)


def passages_file(work: Path) -> Path:
    """The corpus as the recipe reads it (id, law, article, title, text), written once from the shared file."""
    path = work / "statutes-passages.jsonl"
    if not path.exists():
        with gzip.open(ARTICLES, "rt", encoding="utf-8") as rows, path.open("w", encoding="utf-8") as out:
            out.writelines(rows)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0, help="training time the recipe sizes the run for")
    parser.add_argument("--pool", type=int, default=30, help="the model re-ranks BM25's top POOL per question")
    parser.add_argument("--score-corpus", type=int, default=5000, help="passages the final scores search")
    parser.add_argument("--no-cases", action="store_true", help="the question log alone")
    parser.add_argument("--work", type=Path, default=Path("/tmp/legal-recipe-scale"))
    args = parser.parse_args()
    if not ARTICLES.exists():
        sys.exit(f"{ARTICLES} not found: this bench needs the shared statute corpus; skipped")
    args.work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "STUDIO_DATA_DIR": str(args.work / "data"),
        "OMP_WAIT_POLICY": "PASSIVE",
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "training", "recipe", "legal", "--corpus", str(passages_file(args.work))]
    command += ["--questions", str(SAMPLE / "questions.txt"), "--name", "statutes-recipe"]
    command += [] if args.no_cases else ["--cases", str(SAMPLE / "cases.jsonl")]
    command += ["--minutes", str(args.minutes), "--pool", str(args.pool), "--score-corpus", str(args.score_corpus)]
    print("$ " + " ".join(command), flush=True)
    start = last = time.perf_counter()
    silences: list[float] = []
    with subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env) as proc:
        for line in proc.stderr:  # the stage lines; library bars (\r-separated) and notices are not echoed
            line = line.rsplit("\r", 1)[-1]
            if STAGE_LINE.match(line):
                now = time.perf_counter()
                silences.append(now - last)
                last = now
                print(f"{now - start:7.0f} s  {line.rstrip()}", flush=True)
        out = proc.stdout.read()
    total = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"the recipe exited with {proc.returncode}")
    print(out, flush=True)
    recipe = json.loads((args.work / "data" / "datasets" / "statutes-recipe-hn" / "recipe.json").read_text("utf-8"))
    stages = ", ".join(f"{k} {v:.0f} s" for k, v in recipe["seconds"].items())
    quiet = max(silences, default=0.0)
    report(
        [
            Figure(
                "legal_recipe_scale",
                f"the legal recipe on {recipe['passages']:,} articles, log + cases, {args.minutes:g} min of training",
                total,
                "s",
                target=f"< {TARGET_S:.0f} s",
                met=total < TARGET_S,
                note=stages,
            ),
            Figure(
                "legal_recipe_scale",
                "longest time without a stage line",
                quiet,
                "s",
                target=f"< {LONGEST_SILENCE_S:.0f} s",
                met=quiet < LONGEST_SILENCE_S,
            ),
        ]
    )


if __name__ == "__main__":
    main()
