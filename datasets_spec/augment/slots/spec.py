"""What a slot spec says and how its templates render: slots and their values (with attributes the answer may
use), user templates, an optional system prompt, the JSON answer as a template and/or a JSON Schema, and holdout
defaults. Everything is checked once, here, with errors naming the file and the field.

Template syntax, shared by user templates and the output's strings: `{slot}` (the value's text),
`{slot.attr}` (an attribute of the value), `{slot.attr[other.attr]}` (an attribute that is a table keyed by
another slot's value or attribute: a challenge per difficulty), `{slot|이에요/예요}` (the Korean ending after a
final consonant / after a vowel), `{{` and `}}` for literal braces. An output string that is one reference keeps
the attribute's JSON type (`"{강도.duration_days}"` → 7).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from datasets_spec.errors import DataError

KEYS = ("description", "system", "slots", "templates", "output", "schema", "holdout")
_TOKEN = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[{}]")
_NAME = r"[^.\[\]|/{}]+?"
_REF = re.compile(
    rf"^\s*(?P<slot>{_NAME})(?:\.(?P<attr>{_NAME}))?(?:\[(?P<kslot>{_NAME})(?:\.(?P<kattr>{_NAME}))?\])?"
    r"(?:\|(?P<consonant>[^/|{}]+)/(?P<vowel>[^/|{}]+))?\s*$"
)
_SLOT_NAME = re.compile(r"^[^.\[\]|/{}\s]([^.\[\]|/{}]*[^.\[\]|/{}\s])?$")
Fail = Callable[[str | None, str], Exception]  # (field, message) -> the error to raise, naming the spec or the option


@dataclass(frozen=True)
class SlotValue:
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Ref:
    slot: str
    attr: str | None = None
    key: tuple[str, str | None] | None = None  # [other.attr]: the attribute is a table keyed by that
    particle: tuple[str, str] | None = None  # (after a final consonant, after a vowel)

    @property
    def slots(self) -> set[str]:
        return {self.slot, self.key[0]} if self.key else {self.slot}


def _get(slot: str, attr: str | None, combo: dict[str, SlotValue]) -> Any:
    value = combo[slot]
    return value.text if attr in (None, "value") else value.attrs[attr]


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """The Korean ending that fits `word`: 개발자예요 but 공무원이에요; ㄹ takes 로, not 으로 (서울로)."""
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        consonant, rieul = final != 0, final == 8
    else:  # digits as read aloud (영 일 삼 육 칠 팔 end in a consonant); other scripts as a vowel
        consonant, rieul = last in "013678", last in "178"
    if rieul and after_consonant.startswith("으"):
        return after_vowel
    return after_consonant if consonant else after_vowel


@dataclass(frozen=True)
class Template:
    text: str
    parts: tuple[str | Ref, ...]

    @property
    def slots(self) -> set[str]:
        return set().union(*(p.slots for p in self.parts if isinstance(p, Ref)))

    def resolve(self, ref: Ref, combo: dict[str, SlotValue]) -> Any:
        value = _get(ref.slot, ref.attr, combo)
        if ref.key:
            value = value[_as_text(_get(*ref.key, combo))]
        return f"{_as_text(value)}{particle(_as_text(value), *ref.particle)}" if ref.particle else value

    def render(self, combo: dict[str, SlotValue]) -> str:
        return "".join(p if isinstance(p, str) else _as_text(self.resolve(p, combo)) for p in self.parts)

    def value(self, combo: dict[str, SlotValue]) -> Any:
        """One bare reference keeps its JSON type; anything else is text."""
        if len(self.parts) == 1 and isinstance(self.parts[0], Ref):
            return self.resolve(self.parts[0], combo)
        return self.render(combo)


def compile_template(text: str, source: str | Path, where: str) -> Template:
    parts: list[str | Ref] = []
    literal, pos = "", 0
    for match in _TOKEN.finditer(text):
        literal, pos, token = literal + text[pos : match.start()], match.end(), match.group()
        if token in ("{{", "}}"):
            literal += token[0]
            continue
        if token in ("{", "}"):
            message = f"unmatched {token!r} at character {match.start() + 1} of {text!r}; write {token * 2} for one"
            raise DataError(source, None, where, message)
        found = _REF.match(token[1:-1])
        if not found:
            syntax = "{slot}, {slot.attr}, {slot.attr[other.attr]} or {slot|이에요/예요}"
            raise DataError(source, None, where, f"cannot read {token} in {text!r}; write {syntax}")
        g = {k: v.strip() if v else v for k, v in found.groupdict().items()}
        key = (g["kslot"], g["kattr"]) if g["kslot"] else None
        parts += [literal] if literal else []
        parts.append(Ref(g["slot"], g["attr"], key, (g["consonant"], g["vowel"]) if g["consonant"] else None))
        literal = ""
    literal += text[pos:]
    return Template(text, tuple(parts + ([literal] if literal else [])))


@dataclass
class SlotSpec:
    """A checked spec: everything generation needs, with the file it came from for error messages."""

    source: str
    slots: dict[str, tuple[SlotValue, ...]]
    templates: list[Template]
    system: str | None
    output: Any  # the compiled output template, or None: the answer is the values' attributes merged
    output_slots: tuple[str, ...]
    schema: dict | None
    holdout: dict
    digest: str

    @property
    def combinations(self) -> int:
        return math.prod(len(v) for v in self.slots.values()) * len(self.templates)

    def answer(self, combo: dict[str, SlotValue]) -> Any:
        if self.output is None:
            return {k: v for slot in self.output_slots for k, v in combo[slot].attrs.items()}
        return _render_tree(self.output, combo)


def _render_tree(node: Any, combo: dict[str, SlotValue]) -> Any:
    if isinstance(node, Template):
        return node.value(combo)
    if isinstance(node, dict):
        return {k: _render_tree(v, combo) for k, v in node.items()}
    return [_render_tree(v, combo) for v in node] if isinstance(node, list) else node


def load_spec(path: str | Path) -> SlotSpec:
    """A spec from a YAML or JSON file; errors name the file and the field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(path, None, None, f"cannot read the spec: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else (mark.line + 1 if mark else None)
        problem = getattr(exc, "problem", None) or getattr(exc, "msg", None) or str(exc)
        kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
        raise DataError(path, line, None, f"not valid {kind}: {problem}") from exc
    return parse_spec(data, source=path)


def parse_spec(data: Any, source: str | Path = "<spec>") -> SlotSpec:
    """Check a spec given as a dict; every problem a person must fix is a DataError naming the field."""

    def fail(where: str | None, message: str) -> DataError:
        return DataError(source, None, where, message)

    if not isinstance(data, dict):
        raise fail(None, "a spec is a mapping with slots, templates, and an output template or a schema")
    for key in data:
        if key not in KEYS:
            raise fail(str(key), f"unknown key; a spec has {', '.join(KEYS)}")
    slots = _parse_slots(data.get("slots"), fail)
    raw = data.get("templates")
    raw = [raw] if isinstance(raw, str) else raw
    if not isinstance(raw, list) or not raw or not all(isinstance(t, str) and t.strip() for t in raw):
        raise fail("templates", "give one or more user templates (non-empty text naming slots, e.g. '{지역} 사는 …')")
    templates = [compile_template(t, source, f"templates[{i}]") for i, t in enumerate(raw)]
    for i, template in enumerate(templates):
        if not template.slots:
            raise fail(f"templates[{i}]", "names no slot: every example would ask the same question")
        _check_refs(template, f"templates[{i}]", slots, fail)
    system = data.get("system")
    if system is not None and not (isinstance(system, str) and system.strip()):
        raise fail("system", "the system prompt must be text (or leave the key out)")
    output, output_slots = None, tuple(s for s, values in slots.items() if any(v.attrs for v in values))
    if data.get("output") is not None:
        output = _compile_tree(_jsonable(data["output"], "output", fail), source, "output")
        used = set().union(*(t.slots for t in _templates_in(output)))
        for template in _templates_in(output):
            _check_refs(template, "output", slots, fail)
        output_slots = tuple(s for s in slots if s in used)
    else:
        _check_merge(slots, output_slots, fail)
    for i, template in enumerate(templates):
        unsaid = [s for s in output_slots if s not in template.slots]
        if unsaid:
            message = f"never mentions {', '.join(unsaid)}, which the answer depends on: the question must say it"
            raise fail(f"templates[{i}]", message)
    schema = _parse_schema(data.get("schema"), source, fail)
    holdout = data.get("holdout") or {}
    if not isinstance(holdout, dict) or set(holdout) - {"slots", "ratio", "values"}:
        raise fail("holdout", "a mapping with slots (names), ratio (0 to 1) and values ({slot: [values]})")
    holdout = check_holdout(slots, holdout.get("ratio"), holdout.get("slots"), holdout.get("values"), fail)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    return SlotSpec(str(source), slots, templates, system, output, output_slots, schema, holdout, digest)


def _jsonable(value: Any, where: str, fail: Fail) -> Any:
    """YAML reads `2024-01-01` as a date and allows non-text keys; answers must be plain JSON."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v, f"{where}.{k}", fail) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v, f"{where}[{i}]", fail) for i, v in enumerate(value)]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise fail(where, f"{value!r} ({type(value).__name__}) is not JSON; put it in quotes")


def _parse_slots(raw: Any, fail: Fail) -> dict[str, tuple[SlotValue, ...]]:
    if not isinstance(raw, dict) or not raw:
        raise fail("slots", "declare at least one slot: a name and its list of values")
    slots: dict[str, tuple[SlotValue, ...]] = {}
    for name, values in raw.items():
        name, where = str(name), f"slots.{name}"
        if not _SLOT_NAME.match(name):
            raise fail(where, "a slot name must not be blank nor contain . [ ] | / { }")
        if not isinstance(values, list) or not values:
            raise fail(where, "has no values; give a list of at least one value")
        parsed: dict[str, SlotValue] = {}
        for i, item in enumerate(values):
            text, attrs = (item.get("value"), item) if isinstance(item, dict) else (item, {})
            if isinstance(text, bool) or not isinstance(text, (str, int, float)) or not str(text).strip():
                hint = "a value with attributes needs 'value: its text'" if isinstance(item, dict) else "text"
                raise fail(f"{where}[{i}]", f"each value must be non-empty {hint}")
            if str(text) in parsed:
                raise fail(f"{where}[{i}]", f"{str(text)!r} is listed twice")
            attrs = {str(k): _jsonable(v, f"{where}[{i}].{k}", fail) for k, v in attrs.items() if k != "value"}
            parsed[str(text)] = SlotValue(str(text), attrs)
        slots[name] = tuple(parsed.values())
    return slots


def _check_refs(template: Template, where: str, slots: dict, fail: Fail) -> None:
    """Every name a template uses exists for every value, so rendering never meets a missing key."""
    for ref in (p for p in template.parts if isinstance(p, Ref)):
        for slot, attr in [(ref.slot, ref.attr), *([ref.key] if ref.key else [])]:
            if slot not in slots:
                raise fail(where, f"names slot {{{slot}}}, which is not declared (slots: {', '.join(slots)})")
            lacking = [v.text for v in slots[slot] if attr not in (None, "value") and attr not in v.attrs]
            if lacking:
                raise fail(where, f"uses {{{slot}.{attr}}}, but these {slot} values have no {attr!r}: {lacking[:5]}")
        if ref.key and ref.attr in (None, "value"):
            raise fail(where, f"{{{ref.slot}[…]}}: only an attribute can be a table; write {{{ref.slot}.attr[…]}}")
        if ref.key:
            keys = {_as_text(_get(ref.key[0], ref.key[1], {ref.key[0]: v})) for v in slots[ref.key[0]]}
            for value in slots[ref.slot]:
                table = value.attrs[ref.attr]
                missing = sorted(keys - set(table)) if isinstance(table, dict) else sorted(keys)
                if missing:
                    raise fail(where, f"{ref.slot} {value.text!r}: {ref.attr!r} has no entry for {missing}")


def _check_merge(slots: dict, output_slots: tuple[str, ...], fail: Fail) -> None:
    """Without an output template the answer is the values' attributes: same keys per slot, none shared."""
    if not output_slots:
        raise fail("output", "no output template and no slot value carries attributes: nothing to answer with")
    owner: dict[str, str] = {}
    for slot in output_slots:
        keys = set(slots[slot][0].attrs)
        for i, value in enumerate(slots[slot]):
            if set(value.attrs) != keys:
                message = f"has attributes {sorted(value.attrs)}; the first value has {sorted(keys)}"
                raise fail(f"slots.{slot}[{i}]", message)
        for key in keys:
            if key in owner:
                raise fail(f"slots.{slot}", f"attribute {key!r} is also given by slot {owner[key]}; rename one")
            owner[key] = slot


def _compile_tree(node: Any, source: str | Path, where: str) -> Any:
    if isinstance(node, str):
        return compile_template(node, source, where)
    if isinstance(node, dict):
        return {k: _compile_tree(v, source, f"{where}.{k}") for k, v in node.items()}
    return [_compile_tree(v, source, f"{where}[{i}]") for i, v in enumerate(node)] if isinstance(node, list) else node


def _templates_in(node: Any) -> Iterator[Template]:
    if isinstance(node, Template):
        yield node
    for child in node.values() if isinstance(node, dict) else node if isinstance(node, list) else ():
        yield from _templates_in(child)


def _parse_schema(raw: Any, source: str | Path, fail: Fail) -> dict | None:
    """Inline, or a JSON/YAML file beside the spec."""
    if raw is None:
        return None
    if isinstance(raw, str):
        path = (Path(source).parent if source != "<spec>" else Path()) / raw
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise fail("schema", f"cannot read the schema file {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise fail("schema", "a JSON Schema is a mapping (or the path of a .json file beside the spec)")
    try:
        jsonschema.validators.validator_for(raw).check_schema(raw)
    except jsonschema.SchemaError as exc:
        raise fail("schema", f"not a valid JSON Schema: {exc.message}") from exc
    return raw


def check_holdout(slots: dict, ratio: Any, names: Any, values: Any, fail: Fail) -> dict:
    """Holdout settings made whole: the ratio of combinations of `slots` (default: all) and listed values."""
    ratio = 0.0 if ratio is None else ratio
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0 <= ratio < 1:
        raise fail("holdout.ratio", f"{ratio!r}: a share of combinations, at least 0 and below 1")
    names = list(dict.fromkeys([names] if isinstance(names, str) else names or slots))
    for name in names:
        if name not in slots:
            raise fail("holdout.slots", f"{name!r} is not a slot (slots: {', '.join(slots)})")
    values = values or {}
    if not isinstance(values, dict):
        raise fail("holdout.values", "a mapping {slot: [values to keep for validation only]}")
    for slot, listed in values.items():
        if slot not in slots:
            raise fail("holdout.values", f"{slot!r} is not a slot (slots: {', '.join(slots)})")
        if not isinstance(listed, (str, list, tuple)):
            raise fail(f"holdout.values.{slot}", "a value or a list of values of that slot")
        texts = {v.text for v in slots[slot]}
        for value in [listed] if isinstance(listed, str) else listed:
            if str(value) not in texts:
                raise fail(f"holdout.values.{slot}", f"{value!r} is not one of the {slot} values")
    values = {s: [str(v)] if isinstance(v, str) else [str(x) for x in v] for s, v in values.items()}
    return {"ratio": float(ratio), "slots": names, "values": values}
