"""What every legal query generator shares: Korean particles that follow the word before them, one example's
shape, a seeded generator per item, and the report that counts what was made, skipped or repeated."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

SHOWN_IDS = 5  # ids kept per skip reason, to look at without a 84k-line report
_JOSA = re.compile(r"(은\(는\)|이\(가\)|을\(를\)|과\(와\))")
_DIGIT_FINAL = "013678"  # 영 일 삼 육 칠 팔 end in a consonant
_SPACE = re.compile(r"\s+")


def has_final_consonant(word: str) -> bool:
    """Whether the last Hangul syllable (or digit, read in Korean) of `word` ends in a consonant (받침)."""
    for ch in reversed(word):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28 != 0
        if ch.isdigit():
            return ch in _DIGIT_FINAL
    return False


def final_consonant(ch: str) -> int:
    """The 받침 of a Hangul syllable as its jongseong index (0: none, 4: ㄴ, 8: ㄹ, …); -1 for any other character."""
    code = ord(ch) - 0xAC00
    return code % 28 if 0 <= code < 11172 else -1


# a particle → (its form after a consonant, after a vowel)
_PARTICLE_FORMS = {
    **dict.fromkeys(("은", "는"), ("은", "는")),
    **dict.fromkeys(("이", "가"), ("이", "가")),
    **dict.fromkeys(("을", "를"), ("을", "를")),
    **dict.fromkeys(("과", "와"), ("과", "와")),
    **dict.fromkeys(("이나", "나"), ("이나", "나")),
    **dict.fromkeys(("이란", "란"), ("이란", "란")),
}


def particle_after(word: str, particle: str) -> str:
    """The form of `particle` that `word` takes: 빚 + 를 → 을, 사람 + 로 → 으로, 물 + 으로 → 로 (ㄹ takes 로);
    a particle with one form (의, 에게) stays."""
    if particle in ("으로", "로"):
        return "으로" if has_final_consonant(word) and final_consonant(word[-1]) != 8 else "로"
    forms = _PARTICLE_FORMS.get(particle)
    if not forms:
        return particle
    return forms[0] if has_final_consonant(word) else forms[1]


def attach_particles(text: str) -> str:
    """ "민법은(는)" → "민법은": each 은(는)-style pair becomes the form the word before it takes."""
    return _JOSA.sub(lambda m: particle_after(text[: m.start()], m.group()[: m.group().index("(")]), text)


@dataclass
class GeneratorReport:
    """What one generator did, so nothing is skipped or cut short without the user seeing why."""

    name: str
    requested: int = 0  # variants asked for: multiply × items that could give at least one
    made: int = 0
    used: int = 0  # articles (cases) that gave at least one example
    duplicates: int = 0  # exact repeats of an earlier query for the same article, dropped
    skipped: Counter[str] = field(default_factory=Counter)  # reason → items
    skipped_ids: dict[str, list[str]] = field(default_factory=dict)  # reason → the first few ids
    notes: dict[str, int] = field(default_factory=dict)  # generator-specific counts

    @property
    def unmade(self) -> int:
        """Variants asked for that could not be made: too few sentences, templates or distinct queries."""
        return self.requested - self.made

    def skip(self, reason: str, item: str) -> None:
        self.skipped[reason] += 1
        shown = self.skipped_ids.setdefault(reason, [])
        if len(shown) < SHOWN_IDS:
            shown.append(item)

    def to_dict(self) -> dict:
        return {**asdict(self), "skipped": dict(self.skipped), "unmade": self.unmade}

    def summary(self) -> str:
        skipped = "; ".join(f"{n} {reason}" for reason, n in self.skipped.most_common()) or "none"
        notes = "".join(f"; {n} {what}" for what, n in self.notes.items())
        return (
            f"{self.name}: {self.made} examples from {self.used} items; {self.unmade} of {self.requested} variants "
            f"not made ({self.duplicates} exact repeats); skipped: {skipped}{notes}"
        )


@dataclass
class Generated:
    """One generator's examples, the passages it added to the corpus, and its report."""

    examples: list[dict]
    passages: dict[str, dict]
    report: GeneratorReport


def item_rng(seed: int, generator: str, item: str) -> random.Random:
    """Per item: a string seed is hashed with SHA-512, so it is the same in every process and Python run."""
    return random.Random(f"{seed}|{generator}|{item}")


def normal_spaces(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def make_example(query_id: str, query: str, positives: list[str], generator: str, article: str) -> dict:
    return {
        "query_id": query_id,
        "query_text": query,
        "positive_passages": positives,
        "hard_negatives": [],
        "generator": generator,
        "article": article,  # the article the query is about: the split keeps its queries on one side
    }
