"""JSON-task chat examples from a slot spec (see spec.py): every combination or a seeded sample, repeated
questions dropped, every answer checked against the schema, and whole slot combinations held out, so validation
asks only what training never saw and its scores measure generalisation rather than memory."""

from __future__ import annotations

import itertools
import json
import math
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jsonschema

from datasets_spec import store
from datasets_spec.augment.slots.options import SlotOptions
from datasets_spec.augment.slots.spec import SlotSpec, SlotValue, check_holdout, load_spec, parse_spec
from datasets_spec.canonical import Loaded
from datasets_spec.errors import DataError
from datasets_spec.json_answers import infer_schema, parse_answer, schema_valid
from datasets_spec.jsonl import write_jsonl

ALL_AT_MOST = 1_000_000  # without n every combination is made; past this a person surely meant a sample
HELD_AT_MOST = 1_000_000  # held-out combinations are listed; more means holding out combinations of fewer slots
SHUFFLE_AT_MOST = 200_000  # spaces this small are shuffled whole; larger ones are drawn from at random
DRAWS_PER_EXAMPLE = 20  # a sample gives up after n × this many draws: the spec has fewer distinct questions
CHECK_AT_MOST = 20_000  # answers are checked up front, for every value, when there are this few distinct ones


@dataclass
class SlotReport:
    """What a generation made and why not more: the counts to read before training on it."""

    spec: str
    mode: str
    seed: int
    requested: int | None  # None: every combination
    combinations: int  # the slots' value counts multiplied, times the templates
    slot_sizes: dict[str, int]
    templates: int
    made: int
    train: int
    validation: int
    duplicates_dropped: int  # combinations whose question had already been asked
    conflicting_duplicates: int  # of those, how many had another answer: the spec says one thing two ways
    holdout_slots: list[str]
    holdout_ratio: float
    holdout_values: dict[str, list[str]]
    held_out_combinations: int  # combinations of holdout_slots kept for validation only
    holdout_space: int  # how many combinations of holdout_slots there are
    schema_valid_share: float
    schema_source: str  # "spec", or "inferred" from the answers when the spec gives none

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        sizes = " × ".join(f"{slot} {size}" for slot, size in self.slot_sizes.items())
        held = f"held out {self.held_out_combinations:,} of {self.holdout_space:,} combinations of "
        held = held + ", ".join(self.holdout_slots) if self.held_out_combinations else "held out no combination"
        if self.holdout_values:
            held += "; every example with " + ", ".join(f"{s} {v}" for s, v in self.holdout_values.items())
        return [
            f"{self.spec}: {self.combinations:,} combinations ({sizes} × {self.templates} templates)",
            f"made {self.made:,} ({self.mode}, seed {self.seed}): {self.train:,} train, {self.validation:,} "
            f"validation; {self.duplicates_dropped:,} repeated questions dropped "
            f"({self.conflicting_duplicates:,} with another answer)",
            held,
            f"schema-valid: {self.schema_valid_share:.0%} (schema from the {self.schema_source})",
        ]


@dataclass
class Generated:
    """Train and validation chat examples, the report, and the schema every answer satisfies."""

    spec: SlotSpec
    train: list[dict]
    validation: list[dict]
    report: SlotReport
    schema: dict

    def loaded(self) -> tuple[Loaded, Loaded | None]:
        """As the store takes them; with nothing held out the store splits as it does any import."""

        def as_loaded(examples: list[dict]) -> Loaded:
            return Loaded("sft", "chat", Path(self.spec.source), list(examples), [None] * len(examples))

        return as_loaded(self.train), as_loaded(self.validation) if self.validation else None

    def made_by(self) -> dict[str, Any]:
        """The manifest's provenance: enough to make the same data again from the same spec."""
        r = self.report
        parameters = {"n": r.requested, "mode": r.mode, "holdout_ratio": r.holdout_ratio}
        parameters |= {"holdout_slots": r.holdout_slots, "holdout_values": r.holdout_values}
        parameters["spec_sha256"] = self.spec.digest
        return {
            "generator": "slots",
            "parameters": parameters,
            "seed": r.seed,
            "sources": [self.spec.source if self.spec.source == "<spec>" else str(Path(self.spec.source).resolve())],
            "report": r.to_dict(),
            "json_schema": self.schema,
        }


@dataclass
class _Holdout:
    positions: list[int]  # where the holdout slots sit in a combination
    keys: set[tuple[int, ...]]  # their held-out value combinations
    values: dict[int, set[int]]  # slot position -> listed value indices, held out whatever else they meet

    def holds(self, indices: tuple[int, ...]) -> bool:
        if tuple(indices[p] for p in self.positions) in self.keys:
            return True
        return any(indices[p] in listed for p, listed in self.values.items())


def _decode(index: int, sizes: list[int]) -> tuple[int, ...]:
    """A number below the product of `sizes` as one index per slot, the last slot changing fastest."""
    out = []
    for size in reversed(sizes):
        index, i = divmod(index, size)
        out.append(i)
    return tuple(reversed(out))


def _plan_holdout(spec: SlotSpec, settings: dict, seed: int) -> tuple[_Holdout, int]:
    names = list(spec.slots)
    sizes = [len(spec.slots[s]) for s in settings["slots"]]
    space, ratio = math.prod(sizes), settings["ratio"]
    if ratio and space < 2:
        raise ValueError(f"holdout_slots: {settings['slots']} have one combination; holding it out leaves no training")
    count = min(space - 1, max(1, round(space * ratio))) if ratio else 0
    if count > HELD_AT_MOST:
        raise ValueError(f"holdout_slots: {count:,} held-out combinations is too many to list; name fewer slots")
    # its own stream, so the held-out set does not shift when n or the mode changes
    keys = {_decode(i, sizes) for i in random.Random(f"holdout:{seed}").sample(range(space), count)}
    values = {
        names.index(slot): {i for i, v in enumerate(spec.slots[slot]) if v.text in listed}
        for slot, listed in settings["values"].items()
    }
    return _Holdout([names.index(s) for s in settings["slots"]], keys, values), space


def _order(total: int, n: int | None, mode: str, rng: random.Random) -> Iterator[int]:
    """Combination numbers to try: in order, or a seeded draw without replacement."""
    if mode == "combinatorial":
        yield from range(total)
    elif n is None or total <= max(SHUFFLE_AT_MOST, 4 * n):
        order = list(range(total))
        rng.shuffle(order)
        yield from order
    else:  # far more combinations than wanted: rejection sampling avoids listing them all
        seen: set[int] = set()
        for _ in range(n * DRAWS_PER_EXAMPLE):
            index = rng.randrange(total)
            if index not in seen:
                seen.add(index)
                yield index


def answer_text(spec: SlotSpec, combo: dict[str, SlotValue], schema: dict | None) -> str:
    """The assistant turn for a combination, read back as evaluation reads it and checked against the schema; a
    bad answer is an error naming the slot values, never a silently kept example."""
    where = ", ".join(f"{s}={combo[s].text}" for s in spec.output_slots) or "every combination"
    try:
        text = json.dumps(spec.answer(combo), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise DataError(spec.source, None, "output", f"for {where}: the answer is not JSON ({exc})") from exc
    value = parse_answer(text).value
    if schema is not None and not schema_valid(value, schema):
        validator = jsonschema.validators.validator_for(schema)(schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(value))
        at = "/".join(map(str, error.absolute_path)) or "the answer"
        raise DataError(spec.source, None, "output", f"for {where}: {at}: {error.message} (schema: {text})")
    return text


def check_answers(spec: SlotSpec) -> dict[tuple[int, ...], str]:
    """Every distinct answer when there are few (they depend only on the output's slots), so a bad value is found
    whatever the seed; many distinct answers are checked as they are made."""
    sizes = [len(spec.slots[s]) for s in spec.output_slots]
    if math.prod(sizes) > CHECK_AT_MOST:
        return {}
    answers = {}
    for key in itertools.product(*map(range, sizes)):
        combo = {s: spec.slots[s][i] for s, i in zip(spec.output_slots, key, strict=True)}
        answers[key] = answer_text(spec, combo, spec.schema)
    return answers


def generate(
    spec: SlotSpec | dict | str | Path,
    n: int | None = None,
    *,
    mode: str = "sampled",
    seed: int = 42,
    holdout_ratio: float | None = None,
    holdout_slots: list[str] | None = None,
    holdout_values: dict[str, list[str]] | None = None,
) -> Generated:
    """Up to `n` examples (None: every combination), train and validation apart; holdout settings left as None
    take the spec's. The same spec and seed give byte-identical examples."""
    if not isinstance(spec, SlotSpec):
        spec = parse_spec(spec) if isinstance(spec, dict) else load_spec(spec)
    if n is not None and (isinstance(n, bool) or not isinstance(n, int)):
        raise ValueError(f"n = {n!r}: a whole number of examples (or None for every combination)")
    SlotOptions(n, mode, seed, holdout_ratio)  # each within its bounds and choices, or ConfigError naming it
    total = spec.combinations
    if n is None and total > ALL_AT_MOST:
        raise ValueError(f"n: the spec has {total:,} combinations; say how many examples to make")
    defaults = spec.holdout
    settings = check_holdout(
        spec.slots,
        defaults["ratio"] if holdout_ratio is None else holdout_ratio,
        holdout_slots or defaults["slots"],
        defaults["values"] if holdout_values is None else holdout_values,
        lambda where, message: ValueError(f"{where.replace('holdout.', 'holdout_')}: {message}"),
    )
    holdout, space = _plan_holdout(spec, settings, seed)
    answers = check_answers(spec)
    names, sizes, templates = list(spec.slots), [len(v) for v in spec.slots.values()], spec.templates
    output_positions = [names.index(s) for s in spec.output_slots]
    system = [{"role": "system", "content": spec.system}] if spec.system else []
    asked: dict[str, str] = {}  # the question, spaces collapsed as the leakage check does -> its answer
    train: list[dict] = []
    validation: list[dict] = []
    duplicates = conflicts = 0
    for index in _order(total, n, mode, random.Random(seed)):
        if n is not None and len(train) + len(validation) >= n:
            break
        rest, template = divmod(index, len(templates))
        indices = _decode(rest, sizes)
        combo = {name: spec.slots[name][i] for name, i in zip(names, indices, strict=True)}
        user = templates[template].render(combo)
        key = tuple(indices[p] for p in output_positions)
        if key not in answers:
            answers[key] = answer_text(spec, combo, spec.schema)
        question = " ".join(user.split())
        if question in asked:
            duplicates += 1
            conflicts += asked[question] != answers[key]
            continue
        asked[question] = answers[key]
        messages = [*system, {"role": "user", "content": user}, {"role": "assistant", "content": answers[key]}]
        example = {"messages": messages, "slots": {name: value.text for name, value in combo.items()}}
        (validation if holdout.holds(indices) else train).append(example)
    if settings["ratio"] or settings["values"]:
        if not validation:
            raise ValueError(
                f"holdout: none of the {len(train):,} examples made falls in a held-out combination; "
                "make more (n), sample instead of enumerating, or hold out more"
            )
        if not train:
            raise ValueError("holdout: every example made is held out; lower holdout_ratio or list fewer values")
    made = train + validation
    schema = spec.schema if spec.schema is not None else infer_schema(e["messages"][-1]["content"] for e in made)
    valid = {text: schema_valid(parse_answer(text).value, schema) for text in set(asked.values())}
    report = SlotReport(
        spec=spec.source,
        mode=mode,
        seed=seed,
        requested=n,
        combinations=total,
        slot_sizes=dict(zip(names, sizes, strict=True)),
        templates=len(templates),
        made=len(made),
        train=len(train),
        validation=len(validation),
        duplicates_dropped=duplicates,
        conflicting_duplicates=conflicts,
        holdout_slots=settings["slots"],
        holdout_ratio=settings["ratio"],
        holdout_values=settings["values"],
        held_out_combinations=len(holdout.keys),
        holdout_space=space,
        schema_valid_share=sum(valid[e["messages"][-1]["content"]] for e in made) / (len(made) or 1),
        schema_source="spec" if spec.schema is not None else "inferred",
    )
    return Generated(spec, train, validation, report, schema)


def store_generated(generated: Generated, name: str, *, overwrite: bool = False, owner: str | None = None) -> Path:
    """Stored through the door all data takes (leakage check, atomic write), with how it was made; `owner` (a
    browser session's id) keeps it out of other sessions' lists until shared."""
    train, validation = generated.loaded()
    return store.store_loaded(
        train,
        name,
        validation=validation,
        seed=generated.report.seed,
        overwrite=overwrite,
        made_by=generated.made_by(),
        owner=owner,
    )


def write_generated(generated: Generated, path: str | Path) -> list[Path]:
    """Train to `path`, held-out examples beside it as NAME.validation.jsonl; the files written."""
    path = Path(path)
    write_jsonl(path, generated.train)
    if not generated.validation:
        return [path]
    held = path.with_name(f"{path.stem}.validation{path.suffix or '.jsonl'}")
    write_jsonl(held, generated.validation)
    return [path, held]
