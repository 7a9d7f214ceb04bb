"""What is in a dataset, in numbers a person can act on before training: counts, token lengths and how many are
cut at max_seq_length, positives and negatives per query, the passages most queries share, class balance."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median as statistics_median  # this module's statistics() would shadow the module

from core.knobs import check_fields, knob
from datasets_spec.canonical import document

MIN_SEQ_LENGTH, MAX_SEQ_LENGTH = 8, 8192  # max_seq_length's bounds, here and in the training config

LengthFn = Callable[[list[str]], list[int]]
SAMPLE = 2000  # texts per field measured: the histogram's shape is stable long before 100k rows
RARE_BELOW = 5  # a class under 5 examples leaves at most one in a 20% validation split
BINS = 20


@dataclass
class StatsOptions:
    """What a measurement depends on besides the data, named and bounded as the training config's fields (a test
    holds the bounds equal), so the Data tab's numbers mean what they will mean in the run."""

    max_seq_length: int | None = knob(
        128,
        label="max_seq_length (texts longer are cut)",
        minimum=MIN_SEQ_LENGTH,
        maximum=MAX_SEQ_LENGTH,
        en="Tokens kept per text in training: the lengths chart marks the texts longer than this, which the run "
        "cuts. 128 is the training config's default.",
        ko="학습에서 텍스트마다 유지할 토큰 수: 길이 차트에 이보다 길어 실행에서 잘릴 텍스트를 표시함. "
        "128은 학습 설정의 기본값.",
    )
    min_samples_per_class: int = knob(
        RARE_BELOW,
        label="min_samples_per_class (rarer classes are marked)",
        minimum=1,
        en="Classes with fewer training examples are marked as rare: under 5, a 20% validation split keeps at most "
        "one of them.",
        ko="학습 예제가 이보다 적은 클래스를 드문 클래스로 표시함: 5개 미만이면 20% 검증 분할에 많아야 하나만 남음.",
    )

    def __post_init__(self) -> None:
        check_fields(self)


def char_lengths(texts: list[str]) -> list[int]:
    return [len(t) for t in texts]


def fields_of(task: str, examples: list[dict], corpus: dict[str, dict]) -> dict[str, list[str]]:
    """The texts a model reads, per field. An SFT example is cut as one sequence, prompt and answer together: its
    "conversation" is what max_seq_length cuts (without the chat template's few role tokens per turn)."""
    if task == "retrieval":
        return {"query": [e["query_text"] for e in examples], "passage": [document(p) for p in corpus.values()]}
    if task == "sft":
        return {
            "prompt": ["\n".join(m["content"] for m in e["messages"][:-1]) for e in examples],
            "answer": [e["messages"][-1]["content"] for e in examples],
            "conversation": ["\n".join(m["content"] for m in e["messages"]) for e in examples],
        }
    return {"text": [e["text"] for e in examples]}


def histogram(values: list[int], top: int) -> list[dict]:
    """BINS equal bins from 0 to `top`, as {"from", "to", "count"}."""
    width = max(1, -(-top // BINS))
    counts = Counter(min(v // width, BINS - 1) for v in values)
    return [{"from": i * width, "to": (i + 1) * width, "count": counts.get(i, 0)} for i in range(BINS)]


def measure(texts: list[str], lengths_of: LengthFn, seed: int) -> list[int]:
    sample = texts if len(texts) <= SAMPLE else random.Random(seed).sample(texts, SAMPLE)
    return sorted(lengths_of(sample)) if sample else []


def length_stats(lengths: list[int], of: int, max_len: int | None, top: int) -> dict:
    """Summary of sorted `lengths`, with a histogram over 0..`top` shared by every field so bars line up."""
    if not lengths:
        return {"measured": 0, "of": of}
    result = {
        "measured": len(lengths),
        "of": of,
        "mean": round(sum(lengths) / len(lengths), 1),
        "p50": median(lengths),
        "p95": lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))],
        "max": lengths[-1],
        "histogram": histogram(lengths, top),
    }
    if max_len:
        result["max_len"] = max_len
        result["truncated_share"] = round(sum(v > max_len for v in lengths) / len(lengths), 4)
    return result


def median(values: list[int]) -> int | float:
    """The middle of sorted `values`, halfway between the two middle ones for an even count ([3, 14] → 8.5, not 14);
    a whole number stays an int so "median 4" does not print as "4.0"."""
    middle = statistics_median(values)
    return int(middle) if float(middle).is_integer() else middle


def distribution(values: list[int]) -> dict[int, int]:
    return dict(sorted(Counter(values).items()))


def statistics(
    task: str,
    examples: list[dict],
    corpus: dict[str, dict] | None = None,
    *,
    lengths_of: LengthFn | None = None,
    unit: str = "characters",
    max_len: int | None = None,
    min_samples_per_class: int = RARE_BELOW,
    seed: int = 0,
) -> dict:
    """A JSON-ready summary; token lengths when `lengths_of` is a tokenizer's, else characters."""
    corpus = corpus or {}
    lengths_of = lengths_of or char_lengths
    result: dict = {"task": task, "examples": len(examples), "length_unit": unit}
    texts = fields_of(task, examples, corpus)
    measured = {name: measure(values, lengths_of, seed) for name, values in texts.items()}
    top = max([v[-1] for v in measured.values() if v] + [max_len or 0, 1])
    result["lengths"] = {name: length_stats(measured[name], len(texts[name]), max_len, top) for name in texts}
    if task == "retrieval":
        result.update(retrieval_stats(examples, corpus))
    elif task == "classification":
        result.update(class_stats(examples, min_samples_per_class))
    else:
        result["turns"] = distribution([len(e["messages"]) for e in examples])
    return result


def shared_positive_chance(share: float, batch: int) -> float:
    """Chance that at least two of `batch` queries drawn at random have the passage that answers `share` of all
    queries as their positive: 1 − P(none) − P(exactly one)."""
    return 1 - (1 - share) ** batch - batch * share * (1 - share) ** (batch - 1)


def retrieval_stats(examples: list[dict], corpus: dict[str, dict]) -> dict:
    """Popular positives matter: two queries in one batch with the same positive teach the model that the right
    answer is wrong (MNRL treats the other's positive as a negative)."""
    cited = Counter(pid for e in examples for pid in e["positive_passages"])
    n = max(1, len(examples))
    return {
        "passages": len(corpus),
        "positives_per_query": distribution([len(e["positive_passages"]) for e in examples]),
        "negatives_per_query": distribution([len(e["hard_negatives"]) for e in examples]),
        "cited_passages": len(cited),
        "uncited_passages": len(corpus) - len(cited),
        "popular_positives": [
            {"id": pid, "title": corpus.get(pid, {}).get("title", ""), "queries": count, "share": round(count / n, 4)}
            for pid, count in cited.most_common(10)
        ],
    }


def class_stats(examples: list[dict], min_samples_per_class: int) -> dict:
    counts = Counter(e["label"] for e in examples)
    classes = [
        {"label": label, "count": count, "rare": count < min_samples_per_class}
        for label, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return {
        "num_labels": len(counts),
        "min_samples_per_class": min_samples_per_class,
        "rare_classes": sum(c["rare"] for c in classes),
        "classes": classes,
    }


def summary_lines(stats: dict) -> list[str]:
    """The statistics as short sentences for a terminal (the Data tab draws them instead)."""
    lines = [f"{stats['examples']} {stats['task']} examples"]
    for name, s in stats["lengths"].items():
        if not s.get("measured"):
            continue
        line = f"{name} length ({stats['length_unit']}): mean {s['mean']}, median {s['p50']}, p95 {s['p95']}"
        line += f", max {s['max']}"
        if "truncated_share" in s:
            line += f"; {s['truncated_share']:.1%} longer than {s['max_len']}"
        if s["measured"] < s["of"]:
            line += f" (measured on {s['measured']:,} of {s['of']:,})"
        lines.append(line)
    if stats["task"] == "retrieval":
        lines.append(f"{stats['passages']} passages, {stats['cited_passages']} cited as positives")
        lines.append(f"positives per query: {stats['positives_per_query']}; negatives: {stats['negatives_per_query']}")
        top = stats["popular_positives"][:3]
        lines += [f"popular positive {p['id']}: {p['queries']} queries ({p['share']:.1%})" for p in top]
    if stats["task"] == "classification":
        rare = [c["label"] for c in stats["classes"] if c["rare"]]
        lines.append(
            f"{stats['num_labels']} classes; {len(rare)} with fewer than {stats['min_samples_per_class']}"
            + (f": {', '.join(rare[:10])}" if rare else "")
        )
    return lines
