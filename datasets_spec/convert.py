"""Conversion between the retrieval formats and between the SFT formats, through the canonical shapes.

Files are written in the type their name says (.jsonl, .json, .csv, .tsv, .parquet); folder formats (ids, beir,
legal) write a folder. What a target format cannot hold is reported, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from datasets_spec.canonical import Loaded
from datasets_spec.formats import beir, classification, flag, ids, legal, sft, st
from datasets_spec.jsonl import write_jsonl
from datasets_spec.write import atomic_folder, write_rows

TARGETS = {
    "retrieval": (ids.NAME, flag.NAME, st.NAME, beir.NAME, legal.NAME),
    "sft": (sft.CHAT, sft.PROMPT, sft.ALPACA),
    "classification": (classification.NAME,),
}
FOLDER_TARGETS = {ids.NAME, beir.NAME, legal.NAME}


@dataclass
class Converted:
    out: Path
    examples: int
    notes: list[str] = field(default_factory=list)  # what the target could not hold


def convert(loaded: Loaded, out: str | Path, to: str, *, overwrite: bool = False) -> Converted:
    out = Path(out)
    if to not in TARGETS[loaded.task]:
        raise ValueError(
            f"cannot convert {loaded.task} data ({loaded.format}) to {to!r}; choose from "
            f"{', '.join(TARGETS[loaded.task])}"
        )
    if not overwrite and out.exists():
        raise FileExistsError(f"{out} already exists; pick another name or pass overwrite")
    result = Converted(out, len(loaded.examples))
    if to in FOLDER_TARGETS:
        with atomic_folder(out, overwrite=overwrite) as folder:
            _write_folder(loaded, folder, to, result)
        return result
    if to == flag.NAME:
        rows = flag.write(loaded)
    elif to == st.NAME:
        rows, dropped = st.write(loaded)
        extra = sorted(
            {k for e in loaded.examples for k in e} - {"query_id", "query_text", "positive_passages", "hard_negatives"}
        )
        if extra:
            result.notes.append(f"fields {', '.join(extra)} were left out: sentence-transformers rows hold only texts")
        if dropped:
            result.notes.append(
                f"{dropped} hard negatives beyond the smallest count per query were cut: "
                "sentence-transformers needs the same columns in every row"
            )
    elif loaded.task == "sft":
        rows = sft.write(loaded, to)
        if to != sft.CHAT and any(m["role"] == "tool" for e in loaded.examples for m in e["messages"]):
            result.notes.append(f"tool turns were left out: {to} has no place for them")
        if to == sft.PROMPT and any(sum(m["role"] == "user" for m in e["messages"]) > 1 for e in loaded.examples):
            result.notes.append("earlier chat turns were left out: prompt/completion holds one exchange")
    else:
        rows = classification.write(loaded)
    write_rows(out, rows)
    return result


def _write_folder(loaded: Loaded, folder: Path, to: str, result: Converted) -> None:
    if to == ids.NAME:
        corpus, examples = ids.write(loaded)
        write_jsonl(folder / "corpus.jsonl", corpus)
        write_jsonl(folder / "examples.jsonl", examples)
    elif to == beir.NAME:
        beir.export_beir(loaded.corpus, loaded.examples, folder, split="test")
        if any(e["hard_negatives"] for e in loaded.examples):
            result.notes.append("hard negatives were left out: BEIR qrels hold only relevant passages")
    else:
        passages, cases = legal.write(loaded)
        write_jsonl(folder / "passages.jsonl", passages)
        write_jsonl(folder / "cases.jsonl", cases)
        result.notes.append("hard negatives are re-drawn from the positives' laws when the legal layout is read")
