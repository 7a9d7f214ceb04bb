"""The Augment tab's reports in the page's language: the engine's report objects (slot templates, legal
pseudo-queries, mining counts, model-written variants) hold numbers and fixed reason phrases; the sentences are
built here from studio/strings/augment.py, so the Korean page shows no English sentence."""

from __future__ import annotations

from datasets_spec.augment.legal.build import StatutesReport
from datasets_spec.augment.legal.queries import GeneratorReport
from datasets_spec.augment.llm.variants import LlmReport
from datasets_spec.augment.slots.generate import SlotReport
from datasets_spec.mining.negatives import MineReport
from studio.strings import words
from studio.strings.augment import PHRASES


def phrase(text: str, lang: str) -> str:
    """An engine's fixed reason phrase ("one sentence", "deleted") in `lang`; English as the engine wrote it."""
    return PHRASES.get(text, text) if lang == "ko" else text


def reason(n: int, text: str, lang: str) -> str:
    """A count before an engine phrase: "3 one sentence", "3 문장이 하나뿐", and "18개는 …" where the Korean
    phrase starts with its counter (개)."""
    said = phrase(text, lang)
    return f"{n:,}{said}" if said.startswith("개") else f"{n:,} {said}"


def counted(n: int, noun: str, lang: str) -> str:
    """ "1 query", "3 queries", "질의 3개": the n_* entry of studio/strings/augment.py, singular for one."""
    return words("augment", lang)(f"n_{noun}_one" if n == 1 else f"n_{noun}", n=n)


def slot_lines(report: SlotReport, lang: str) -> list[str]:
    w = words("augment", lang)
    sizes = " × ".join(f"{slot} {size}" for slot, size in report.slot_sizes.items())
    if report.held_out_combinations:
        held = w(
            "slots_held",
            held=report.held_out_combinations,
            space=report.holdout_space,
            slots=", ".join(report.holdout_slots),
        )
    else:
        held = w("slots_held_none")
    if report.holdout_values:
        held += w("slots_held_values", values=", ".join(f"{s} {v}" for s, v in report.holdout_values.items()))
    return [
        w("slots_space", spec=report.spec, combinations=report.combinations, sizes=sizes, templates=report.templates),
        w(
            "slots_made",
            made=report.made,
            mode=report.mode,
            seed=report.seed,
            train=report.train,
            validation=report.validation,
            dropped=report.duplicates_dropped,
            conflicting=report.conflicting_duplicates,
        ),
        held,
        w("slots_schema", share=f"{report.schema_valid_share:.0%}", source=phrase(report.schema_source, lang)),
    ]


def generator_line(report: GeneratorReport, lang: str) -> str:
    w = words("augment", lang)
    skipped = "; ".join(reason(n, why, lang) for why, n in report.skipped.most_common())
    notes = "".join(f"; {reason(n, what, lang)}" for what, n in report.notes.items())
    return w(
        "legal_generator",
        name=report.name,
        made=counted(report.made, "examples", lang),
        used=counted(report.used, "items", lang),
        unmade=report.unmade,
        requested=counted(report.requested, "variants", lang),
        duplicates=counted(report.duplicates, "exact_repeats", lang),
        skipped=skipped or w("none"),
        notes=notes,
    )


def statutes_lines(report: StatutesReport, lang: str) -> list[str]:
    w = words("augment", lang)
    empty = w("legal_empty", count=report.empty_articles) if report.empty_articles else ""
    head = w(
        "legal_head",
        articles=counted(report.articles, "articles", lang),
        empty=empty,
        cases=counted(report.cases, "cases", lang),
        examples=counted(report.examples, "examples", lang),
        passages=counted(report.passages_added, "passages", lang),
    )
    return [head, *(generator_line(g, lang) for g in report.generators.values())]


def mine_reasons(report: MineReport, lang: str) -> str:
    """Why queries came up short, as " (12 the query shares no word …; …)", or nothing."""
    reasons = report.counts()["short_by_reason"]
    return " (" + "; ".join(reason(n, why, lang) for why, n in reasons.items()) + ")" if reasons else ""


def llm_lines(report: LlmReport, lang: str) -> list[str]:
    w = words("augment", lang)
    p = report.parameters
    rules = [w("llm_rule_top", top_k=p["top_k"], distractors=p["distractors"])] if p["top_k"] else []
    rules += [f"cosine ≥ {p['min_score']}"] if p["min_score"] is not None else []
    return [
        w(
            "llm_head",
            kind=report.kind,
            model=report.model,
            examples=report.examples,
            queries=report.training_queries,
            source=report.source,
            prompts=", ".join(f"{n} {code}" for code, n in sorted(report.prompts.items())) or w("none"),
            generated=report.generated,
            kept=report.kept,
        ),
        w("llm_dropped", dropped=", ".join(f"{n} {w('filter_' + name)}" for name, n in report.dropped.items())),
        w(
            "llm_answerability",
            model=report.embedding_model,
            rules=w("and").join(rules) or w("off"),
            seed=report.seed,
        ),
        w("llm_time", timing=", ".join(f"{phrase(what, lang)} {s:.1f} s" for what, s in report.seconds.items())),
    ]
