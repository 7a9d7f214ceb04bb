"""Validating 100,000 rows: `datasets_spec.load.load` on generated files vs a bare read of the same files.

    python -m bench.validate_100k [--rows 100000] [--passages 20000] [--repeats 3] [--profile]

A FlagEmbedding JSONL (passages inline, so about 1 GB) and the same examples in the ID format (train.jsonl + a
corpus.jsonl of the passages) are generated with a seeded random: Korean-looking queries of 60-120 characters, 1-2
positives and 4-8 negatives drawn from a pool of distinct passages of 300-600 characters. `load` is the full
validation (reading, field checks, dangling ids, duplicate and quote checks); the reference is a bare read in this
same process: `json.loads` of every line, and `pandas.read_json(lines=True)`. The target is that 100k rows validate
in under 20 s on this machine. A copy with 1% of lines broken shows that the error cap keeps the report bounded.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd  # imported up front: its import time and memory are no step's

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.memory import peak_mib, release_memory, reset_peak, rss_mib  # noqa: E402
from datasets_spec.load import load  # noqa: E402

TARGET_S = 20.0
SEED = 20240607
BROKEN_EVERY = 100  # 1% of lines
# Common syllables, so generated words look like Korean prose rather than random code points.
SYLLABLES = (
    "가각간갈감강개거건검게겨결경계고공과관교구국권규그근금기나남내노는니다단대도동되두드들등라로료류를리마만말"
    "매면명모무문물미민바반방법변보본부분사산상생서선설성세소수시신실심아안약양어언업에여역연영예오외요용우운원"
    "위유율으은을음의이인일임입자작장재저적전절점정제조종주중증지직진질차참채처청체초총최추출취치칙타탁태통특판"
    "편평포표품피하학한할함합항해행허현형호화확환회효후"
)
PARTICLES = ("", "", "", "은", "는", "이", "가", "을", "를", "의", "에", "에서", "으로", "와", "과", "도")


@dataclass
class Files:
    """The generated files: clean and 1%-broken copies of each format, with the passage pool's size."""

    flag: Path
    flag_broken: Path
    ids: Path
    ids_broken: Path
    corpus: Path
    rows: int
    passages: int


@dataclass
class Measured:
    """Median seconds over the repeats, the largest peak RSS one run reached and the RSS before it (MiB)."""

    seconds: float
    peak_mib: float
    before_mib: float
    summary: dict[str, Any]


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """Words of 1-4 syllables with a particle, plus article numbers ("제12조") as in legal text."""
    words = [
        "".join(rng.choices(SYLLABLES, k=rng.choice((1, 2, 2, 3, 3, 4)))) + rng.choice(PARTICLES) for _ in range(size)
    ]
    return words + [f"제{n}조" for n in range(1, 200)]


def prose(rng: random.Random, vocab: list[str], low: int, high: int, end: str = ".") -> str:
    """Words joined with spaces up to a length drawn from [low, high], with a sentence end every ~12 words."""
    length = rng.randint(low, high)
    words = rng.choices(vocab, k=length // 3 + 4)
    for i in range(11, len(words), 12):
        words[i] += "다."
    return " ".join(words)[: length - 1].rstrip() + end


def generate(folder: Path, rows: int, pool: int) -> Files:
    """Both formats over the same examples, each with a copy where every 100th line is broken (deterministic)."""
    rng = random.Random(SEED)
    vocab = vocabulary(rng)
    passages: list[str] = []
    seen: set[str] = set()
    while len(passages) < pool:
        text = prose(rng, vocab, 300, 600)
        if text not in seen:
            seen.add(text)
            passages.append(text)
    pids = [f"d{i + 1:06d}" for i in range(pool)]
    files = Files(
        folder / "flag.jsonl",
        folder / "broken" / "flag.jsonl",
        folder / "train.jsonl",
        folder / "broken" / "train.jsonl",
        folder / "corpus.jsonl",
        rows,
        pool,
    )
    files.flag_broken.parent.mkdir()
    with files.corpus.open("w", encoding="utf-8") as out:
        for pid, text in zip(pids, passages, strict=True):
            out.write(json.dumps({"id": pid, "text": text}, ensure_ascii=False) + "\n")
    with (
        files.flag.open("w", encoding="utf-8") as flag,
        files.flag_broken.open("w", encoding="utf-8") as flag_broken,
        files.ids.open("w", encoding="utf-8") as ids,
        files.ids_broken.open("w", encoding="utf-8") as ids_broken,
    ):
        for row in range(rows):
            query = prose(rng, vocab, 60, 120, end="?")
            positives = rng.randint(1, 2)
            picks = rng.sample(range(pool), positives + rng.randint(4, 8))  # distinct: no passage both pos and neg
            pos, neg = picks[:positives], picks[positives:]
            flag_record = {"query": query, "pos": [passages[i] for i in pos], "neg": [passages[i] for i in neg]}
            ids_record = {
                "query_id": f"q{row + 1}",
                "query_text": query,
                "positive_passages": [pids[i] for i in pos],
                "hard_negatives": [pids[i] for i in neg],
            }
            flag_line = json.dumps(flag_record, ensure_ascii=False)
            ids_line = json.dumps(ids_record, ensure_ascii=False)
            flag.write(flag_line + "\n")
            ids.write(ids_line + "\n")
            if row % BROKEN_EVERY == BROKEN_EVERY // 2:
                if (row // BROKEN_EVERY) % 2:  # invalid JSON: the line cut in half, as by a failed write
                    flag_line, ids_line = flag_line[: len(flag_line) // 2], ids_line[: len(ids_line) // 2]
                else:  # the list written as a bare string, the most common hand-made mistake
                    flag_line = json.dumps({**flag_record, "pos": flag_record["pos"][0]}, ensure_ascii=False)
                    positive = ids_record["positive_passages"][0]
                    ids_line = json.dumps({**ids_record, "positive_passages": positive}, ensure_ascii=False)
            flag_broken.write(flag_line + "\n")
            ids_broken.write(ids_line + "\n")
    return files


def measure(run: Callable[[], Callable[[], dict[str, Any]]], repeats: int) -> Measured:
    """`run` does the timed work and returns a function that summarises it outside the timing (what was kept)."""
    times, peaks, before, summary = [], [], [], {}
    for _ in range(repeats):
        release_memory()
        reset_peak()
        before.append(rss_mib())
        start = time.perf_counter()
        summarise = run()
        times.append(time.perf_counter() - start)
        peaks.append(peak_mib())
        summary = summarise()
        del summarise
    release_memory()
    return Measured(statistics.median(times), max(peaks), min(before), summary)


def validate(path: Path, corpus: Path | None = None) -> Callable[[], dict[str, Any]]:
    loaded = load(path, corpus=corpus)
    p = loaded.problems
    return lambda: {
        "format": loaded.format,
        "examples": len(loaded.examples),
        "passages": len(loaded.corpus),
        "error_count": p.error_count,
        "errors": len(p.errors),
        "warning_count": p.warning_count,
        "first": p.lines()[:2],
    }


def bare_json(*paths: Path) -> Callable[[], dict[str, Any]]:
    """What any reader has to do at least: decode the file and parse every line into objects (kept, as load keeps)."""
    records = [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    return lambda: {"records": len(records)}


def bare_pandas(*paths: Path) -> Callable[[], dict[str, Any]]:
    frames = [pd.read_json(path, lines=True) for path in paths]
    return lambda: {"records": sum(len(f) for f in frames)}


def profile(path: Path, corpus: Path | None, top: int = 20) -> None:
    """cProfile of one `load`, by own time: which functions the validation spends itself in."""
    profiler = cProfile.Profile()
    profiler.enable()
    load(path, corpus=corpus)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--passages", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also print cProfile of each load")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        files = generate(Path(tmp), args.rows, args.passages)
        generated = time.perf_counter() - start
        per_step = reset_peak()
        mb = {p: p.stat().st_size / 1e6 for p in (files.flag, files.ids, files.corpus)}
        print(
            f"generated in {generated:.1f} s (seed {SEED}): flag.jsonl {files.rows:,} rows {mb[files.flag]:,.0f} MB; "
            f"train.jsonl {files.rows:,} rows {mb[files.ids]:,.0f} MB + corpus.jsonl {files.passages:,} passages "
            f"{mb[files.corpus]:,.0f} MB; {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
            f"median of {args.repeats}"
        )
        print(f"peak RSS: {'per step (high-water mark reset before each)' if per_step else 'process peak so far'}")
        runs = {
            ("flag", "validate: load()"): lambda: validate(files.flag),
            ("flag", "bare: json.loads"): lambda: bare_json(files.flag),
            ("flag", "bare: pandas"): lambda: bare_pandas(files.flag),
            ("ids", "validate: load()"): lambda: validate(files.ids, files.corpus),
            ("ids", "bare: json.loads"): lambda: bare_json(files.ids, files.corpus),
            ("ids", "bare: pandas"): lambda: bare_pandas(files.ids, files.corpus),
            ("flag 1% broken", "validate: load()"): lambda: validate(files.flag_broken),
            ("ids 1% broken", "validate: load()"): lambda: validate(files.ids_broken, files.corpus),
        }
        results = {key: measure(run, args.repeats) for key, run in runs.items()}

        print(f"{'file':16}{'reader':20}{'rows':>9}{'seconds':>9}{'rows/s':>10}{'peak RSS MiB':>14}{'(before)':>10}")
        for (name, reader), m in results.items():
            print(
                f"{name:16}{reader:20}{files.rows:>9,}{m.seconds:>9.2f}"
                f"{files.rows / m.seconds:>10,.0f}{m.peak_mib:>14,.0f}{m.before_mib:>10,.0f}"
            )
        verdicts = []
        for name in ("flag", "ids"):
            m = results[(name, "validate: load()")]
            s = m.summary
            bare_json_s, bare_pandas_s = (
                results[(name, "bare: json.loads")].seconds,
                results[(name, "bare: pandas")].seconds,
            )
            print(
                f"{name}: ratio validate / bare json.loads {m.seconds / bare_json_s:.2f}, "
                f"validate / bare pandas {m.seconds / bare_pandas_s:.2f}; "
                f"{s['examples']:,} examples, {s['passages']:,} passages, {s['error_count']} errors, "
                f"{s['warning_count']} warnings"
            )
            for line in s["first"]:
                print(f"  {line}")
            verdicts.append(s["error_count"] == 0 and s["examples"] == files.rows and m.seconds < TARGET_S)
        for name in ("flag 1% broken", "ids 1% broken"):
            s = results[(name, "validate: load()")].summary
            print(
                f"{name}: {files.rows // BROKEN_EVERY:,} lines broken -> error_count {s['error_count']:,}, "
                f"len(errors) {s['errors']} (cap), {s['examples']:,} examples kept; first: {(s['first'] or ['-'])[0]}"
            )
        scale = f" (at {files.rows:,} rows)" if files.rows != 100_000 else ""
        print(
            f"target: 100k rows validate in under {TARGET_S:.0f} s on this machine{scale}: "
            f"{'PASS' if all(verdicts) else 'FAIL'}"
        )
        if args.profile:
            profile(files.flag, None)
            profile(files.ids, files.corpus)


if __name__ == "__main__":
    main()
