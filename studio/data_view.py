"""Dataset reports for the Data tab: problems, statistics and previews as Markdown and DataFrames (no Gradio)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets_spec.canonical import document
from datasets_spec.errors import Problems
from datasets_spec.stats import shared_positive_chance
from studio.strings import words

PREVIEW_ROWS = 20
TOP_CLASSES = 40


def counted(w, key: str, count: int, **values: object) -> str:
    """The table's `key` for `count` things: its `key_one` entry for one ("1 error", not "1 errors")."""
    return w(f"{key}_one" if count == 1 else key, count=count, **values)


def problems_markdown(problems: Problems, lang: str) -> str:
    """Errors then warnings as `file:line: field: message` lines, with file names rather than upload paths."""
    w = words("data", lang)
    parts = []
    for kind, items, count in (
        ("errors", problems.errors, problems.error_count),
        ("warnings", problems.warnings, problems.warning_count),
    ):
        if not count:
            continue
        lines = [f"- `{_short(item.located(), item.file)}`" for item in problems.sorted(items)]
        if count > len(items):
            lines.append(f"- … +{count - len(items)}")
        parts.append(counted(w, kind, count) + "\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _short(located: str, file: str | Path) -> str:
    return located.replace(str(file), Path(file).name, 1)


def manifest_markdown(manifest: dict, lang: str) -> str:
    w = words("data", lang)
    counts, split = manifest["counts"], manifest["split"]
    extra = w("passages_count", passages=counts["passages"]) if "passages" in counts else ""
    how = (
        split["by"]
        if split["by"] == "file"
        else f"{split['by']}, {split['validation_ratio']:.0%}, seed {split['seed']}"
    )
    lines = [
        w(
            "counts",
            name=manifest["name"],
            task=manifest.get("task", "retrieval"),
            train=counts["train"],
            validation=counts["validation"],
            extra=extra,
            split=how,
        )
    ]
    if manifest.get("leaked_count"):
        lines.append(counted(w, "leaked", manifest["leaked_count"]))
    warnings = manifest.get("warnings", [])
    if warnings:
        lines.append(counted(w, "warnings", len(warnings)) + "\n" + "\n".join(f"- `{line}`" for line in warnings[:10]))
    return "\n\n".join(lines)


def stats_markdown(stats: dict, lang: str, batch_size: int = 16) -> str:
    """The numbers that change a decision: how much gets cut, how skewed the positives or classes are."""
    w = words("data", lang)
    lines = []
    for name, s in stats["lengths"].items():
        if not s.get("measured") or "truncated_share" not in s:
            continue
        note = w("sampled", measured=s["measured"], of=s["of"]) if s["measured"] < s["of"] else ""
        unit = stats["length_unit"].split(" ")[0]
        lines.append(
            w(
                "truncated",
                field=name,
                p50=s["p50"],
                p95=s["p95"],
                unit=unit,
                share=f"{s['truncated_share']:.0%}",
                max_len=s["max_len"],
                note=note,
            )
        )
    if stats["task"] == "retrieval" and stats["popular_positives"]:
        share = stats["popular_positives"][0]["share"]
        collide = shared_positive_chance(share, batch_size)
        lines.append(w("popular_note", share=f"{share:.1%}", batch=batch_size, collide=f"{collide:.0%}"))
    if stats["task"] == "classification":
        rare = [c["label"] for c in stats["classes"] if c["rare"]]
        listed = f": {', '.join(rare[:10])}" + (" …" if len(rare) > 10 else "") if rare else ""
        lines.append(
            w(
                "classes_note",
                num_labels=stats["num_labels"],
                rare=len(rare),
                min=stats["min_samples_per_class"],
                list=listed,
            )
        )
    return "\n\n".join(lines)


def lengths_frame(stats: dict) -> tuple[pd.DataFrame | None, list[str]]:
    """(bins × fields frame, bin labels in order): every field on the same bins, so bars can be compared."""
    rows, order = [], []
    for name, s in stats["lengths"].items():
        for b in s.get("histogram", []):
            label = f"{b['from']}–{b['to']}"
            if label not in order:
                order.append(label)
            rows.append({"length": label, "texts": b["count"], "field": name})
    return (pd.DataFrame(rows), order) if rows else (None, [])


def distribution_frame(stats: dict) -> tuple[pd.DataFrame | None, list[str]]:
    """Positives / negatives per query (retrieval), examples per class (classification), turns (SFT)."""
    if stats["task"] == "retrieval":
        rows = [
            {"value": str(n), "count": count, "series": kind}
            for kind in ("positives_per_query", "negatives_per_query")
            for n, count in stats[kind].items()
        ]
        order = sorted({r["value"] for r in rows}, key=int)
    elif stats["task"] == "classification":
        rows = [
            {"value": str(c["label"]), "count": c["count"], "series": "rare" if c["rare"] else "ok"}
            for c in stats["classes"][:TOP_CLASSES]
        ]
        order = [r["value"] for r in rows]
    else:
        rows = [{"value": str(n), "count": count, "series": "turns"} for n, count in stats["turns"].items()]
        order = [r["value"] for r in rows]
    return (pd.DataFrame(rows), order) if rows else (None, [])


def popular_frame(stats: dict) -> pd.DataFrame | None:
    if stats["task"] != "retrieval" or not stats["popular_positives"]:
        return None
    return pd.DataFrame(
        [
            {"passage": p["id"], "title": p["title"], "queries": p["queries"], "share": f"{p['share']:.1%}"}
            for p in stats["popular_positives"]
        ]
    )


def preview_frame(task: str, examples: list[dict], corpus: dict[str, dict]) -> pd.DataFrame | None:
    """The first rows as a person reads them: texts, not ids."""
    rows = []
    for e in examples[:PREVIEW_ROWS]:
        if task == "retrieval":
            positives = [document(corpus[p])[:80] if p in corpus else p for p in e["positive_passages"]]
            rows.append(
                {
                    "query": e["query_text"],
                    "positives": " | ".join(positives),
                    "positive ids": ", ".join(e["positive_passages"]),
                    "hard negatives": len(e["hard_negatives"]),
                }
            )
        elif task == "sft":
            rows.append({m["role"]: m["content"] for m in e["messages"]})
        else:
            rows.append({"text": e["text"], "label": e["label"]})
    return pd.DataFrame(rows) if rows else None


def passages_frame(corpus: dict[str, dict]) -> pd.DataFrame | None:
    rows = [{"id": pid, "title": p.get("title", ""), "text": p["text"][:120]} for pid, p in list(corpus.items())[:20]]
    return pd.DataFrame(rows) if rows else None
