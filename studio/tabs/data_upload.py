"""The Data tab's upload section: an upload (or a path on this machine) read, checked and stored; which file slots
the chosen format uses, and the words when a file is given that the format would ignore."""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr

from core.models.load import token_lengths
from datasets_spec import store, uploads
from datasets_spec.canonical import Loaded
from datasets_spec.errors import Problems
from datasets_spec.formats import ids, legal
from datasets_spec.load import FORMATS, detect, load
from datasets_spec.read import read_table
from datasets_spec.split import SPLIT_BY
from datasets_spec.stats import RARE_BELOW, StatsOptions, statistics
from studio import data_view, session
from studio.strings import words
from training.visitors import access, workspace
from training.visitors.access import AccessDenied, Visitor

WORKSPACE = "default"  # uploads of a caller without a browser session (tests, scripts)
AUTO = "auto"
CORPUS_FORMATS = (ids.NAME, legal.NAME)  # the formats whose examples point into a separate passages file


def dataset_choices(owner: Visitor | str | None = None) -> list[str]:
    """The sample, the shared datasets and this visitor's own (shared ones only before the page has an id)."""
    return sorted({store.SAMPLE_NAME, *workspace.dataset_names(session.who(owner))})


def compute_stats(task: str, examples: list[dict], corpus: dict, model: str, max_len: int, min_samples: int) -> dict:
    """Token lengths with the model's tokenizer; characters (said so in the unit) when it cannot be loaded."""
    options = StatsOptions(int(max_len) if max_len else None, int(min_samples or RARE_BELOW))
    try:
        lengths_of, unit = token_lengths(model), f"tokens ({model})"
    except (OSError, ValueError) as exc:
        lengths_of, unit = None, access.redact(f"characters — tokenizer of {model!r} not available: {exc}")
    return statistics(
        task,
        examples,
        corpus,
        lengths_of=lengths_of,
        unit=unit,
        max_len=options.max_seq_length,
        min_samples_per_class=options.min_samples_per_class,
    )


def stats_outputs(stats: dict | None, lang: str) -> tuple:
    """Markdown, the two plots (value and bar order together) and the popular-positives table."""
    if stats is None:
        return "", gr.update(value=None), gr.update(value=None), None
    lengths, length_order = data_view.lengths_frame(stats)
    dist, dist_order = data_view.distribution_frame(stats)
    w = words("data", lang)
    return (
        data_view.stats_markdown(stats, lang),
        gr.update(value=lengths, sort=length_order or None, x_title=w("lengths_axis", unit=stats["length_unit"])),
        gr.update(value=dist, sort=dist_order or None),
        data_view.popular_frame(stats),
    )


def takes_corpus(fmt: str, detected: str | None = None) -> bool:
    """Whether the corpus slot is offered: for a format that reads one, and while auto-detect cannot tell yet."""
    if fmt != AUTO:
        return fmt in CORPUS_FORMATS
    return detected is None or detected in CORPUS_FORMATS


def detect_format(file: str | None) -> str | None:
    """The format auto-detect reads a chosen file as (None when it cannot tell, or the file does not read)."""
    if not file or Path(file).stat().st_size > uploads.max_upload_bytes():  # Check says so, in words
        return None
    problems = Problems()
    table = read_table(file, problems)
    return detect(table) if table.records else None


def chosen(file: str | None, fmt: str, lang: str) -> tuple[str, dict]:
    """A new file (or format) chosen: the old report goes, the detected format is said, and the corpus slot is
    offered only if the format reads one (a hidden slot keeps no file that would be ignored)."""
    detected = detect_format(file) if fmt == AUTO else None
    offered = takes_corpus(fmt, detected)
    note = ""
    if detected:
        w = words("data", lang)
        note = w("detected", format=kind_of(detected), corpus=w("takes_corpus") if offered else w("no_corpus"))
    return note, gr.update(visible=offered) if offered else gr.update(visible=False, value=None)


def kind_of(fmt: str) -> str:
    """ "chat (sft)", but "classification" once: the format and its task share that name."""
    task = FORMATS[fmt].task if fmt in FORMATS else "retrieval"
    return fmt if fmt == task else f"{fmt} ({task})"


def _saved(file: str | None, workspace: str, saved: list[Path] | None = None) -> Path | None:
    """An uploaded file copied once into the workspace (Gradio's temp copy may vanish); `saved` collects the
    copies, so a store that is refused can remove them."""
    if not file:
        return None
    path = uploads.save_upload(file, Path(file).name, workspace)
    if saved is not None:
        saved.append(path)
    return path


def _source(file: str | None, local_path: str, folder: str, who: Visitor, saved: list[Path] | None = None) -> Path:
    """A path on this machine (a file or a folder such as BEIR's, which a browser cannot upload; in shared mode
    only under STUDIO_DATA_ROOTS) wins over an upload; uploads are copied into the visitor's folder first."""
    local = (local_path or "").strip()
    return access.check_local_path(who, local) if local else _saved(file, folder, saved)


class CorpusIgnored(ValueError):
    """A corpus file given with data whose format reads none: refused rather than silently dropped."""

    def __init__(self, file: str, fmt: str) -> None:
        super().__init__(file, fmt)
        self.file, self.format = file, fmt


def load_upload(
    file,
    local_path: str,
    corpus_file,
    validation_file,
    fmt: str,
    owner: Visitor | str | None = None,
    saved: list[Path] | None = None,
) -> tuple[Loaded, Loaded | None]:
    """The examples (and an optional validation file, read in the same format) as Check and Store both see them;
    ValueError when an upload is over the size cap, CorpusIgnored when the format reads no corpus. A visitor's
    uploads go to their own folder."""
    who = session.who(owner)
    folder = who.owner or WORKSPACE
    workspace.check_quota(who)  # an upload is kept (once) in the visitor's folder: it counts
    corpus = _saved(corpus_file, folder, saved)
    loaded = load(_source(file, local_path, folder, who, saved), format=None if fmt == AUTO else fmt, corpus=corpus)
    if corpus is not None and loaded.problems.ok and loaded.format not in CORPUS_FORMATS:
        raise CorpusIgnored(Path(corpus_file).name, loaded.format)
    validation = None
    if validation_file:
        validation = load(_saved(validation_file, folder, saved), format=loaded.format, corpus=corpus)
    return loaded, validation


def refusal(exc: Exception, lang: str) -> str:
    w = words("data", lang)
    if isinstance(exc, CorpusIgnored):
        return w("corpus_ignored", file=exc.file, format=kind_of(exc.format), formats=", ".join(CORPUS_FORMATS))
    return w("error", message=exc)


def check_upload(
    file,
    local_path: str,
    corpus_file,
    validation_file,
    fmt: str,
    model: str,
    max_len: int,
    min_samples: int,
    lang: str,
    *,
    owner: Visitor | str | None = None,
):
    """Report (errors or a clean bill plus warnings), statistics and preview of an upload; nothing is stored."""
    w = words("data", lang)
    if not file and not (local_path or "").strip():
        return (w("need_file"), *stats_outputs(None, lang), None)
    try:
        access.check_model(session.who(owner), model)
        loaded, validation = load_upload(file, local_path, corpus_file, validation_file, fmt, owner)
    except (ValueError, AccessDenied) as exc:  # over the size cap, a server path in shared mode, an ignored corpus
        return (refusal(exc, lang), *stats_outputs(None, lang), None)
    reports = []
    for part in (loaded, validation):
        if part is None:
            continue
        if part.problems.ok:
            reports.append(
                w(
                    "clean",
                    file=part.source.name,
                    kind=kind_of(part.format),
                    examples=len(part.examples),
                    encoding=part.encoding,
                )
            )
        reports.append(data_view.problems_markdown(part.problems, lang))
    report = "\n\n".join(r for r in reports if r)
    if not loaded.problems.ok:
        return (report, *stats_outputs(None, lang), None)
    stats = compute_stats(loaded.task, loaded.examples, loaded.corpus, model, max_len, min_samples)
    return (report, *stats_outputs(stats, lang), data_view.preview_frame(loaded.task, loaded.examples, loaded.corpus))


def import_upload(
    file,
    local_path: str,
    corpus_file,
    validation_file,
    fmt: str,
    name: str,
    split_by: str,
    ratio: float,
    seed: int,
    min_samples: int,
    lang: str,
    *,
    owner: Visitor | str | None = None,
    share: bool = False,
):
    """Store the upload under `name`; errors come back located and nothing is written. With a visitor's `owner`
    the dataset is listed only for them unless `share`; without one (a script, local mode) it is shared."""
    w = words("data", lang)
    if not file and not (local_path or "").strip():
        return gr.update(), w("need_file")
    name = (name or "").strip()
    who = session.who(owner)
    saved: list[Path] = []
    try:
        stored_as = workspace.check_can_store(who, name)
        loaded, validation = load_upload(file, local_path, corpus_file, validation_file, fmt, who, saved)
        by = split_by if split_by in SPLIT_BY[loaded.task] else None
        target = store.store_loaded(
            loaded,
            name,
            validation=validation,
            split_by=by,
            validation_ratio=float(ratio),
            seed=int(seed),
            min_samples_per_class=int(min_samples or 0),
            owner=None if share else stored_as,
        )
    except store.DatasetRejected as exc:
        _discard(saved, who)
        return gr.update(), data_view.problems_markdown(exc.problems, lang)
    except (ValueError, FileExistsError, AccessDenied) as exc:
        _discard(saved, who)
        return gr.update(), refusal(exc, lang)
    dropped = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["dropped_classes"]
    note = data_view.counted(w, "dropped_classes", len(dropped), labels=", ".join(dropped[:20])) if dropped else ""
    shared = "" if not stored_as else w("stored_shared") if share else w("stored_private")
    return gr.update(choices=dataset_choices(who), value=name), w("stored", name=name) + note + shared


def _discard(saved: list[Path], who: Visitor) -> None:
    """A refused store leaves nothing behind: its upload copies go (the browser still holds the file)."""
    for path in saved:
        uploads.discard_upload(path, who.owner or WORKSPACE)
