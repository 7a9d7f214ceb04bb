"""The 참조조문 parser: court-style statute citations to article references.

A 참조조문 list names a law once and lets the following articles, 항 and 호 inherit it (``민법 제750조, 제751조``),
so the parser scans citation anchors left to right while carrying the current law and article. What it cannot read
is reported in ``unparsed`` rather than guessed, so a gold label never points at the wrong passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ArticleRef:
    """One cited provision; retrieval works per article, so 항/호 are kept as detail only."""

    law: str  # whitespace removed: "특정경제범죄가중처벌등에관한법률"
    article: str  # "750", or "10의2" for 제10조의2
    paragraph: str | None = None  # 항
    item: str | None = None  # 호, may be "2의3"

    def to_dict(self) -> dict[str, str]:
        """JSON shape: paragraph and item appear only when cited, to keep the common case short."""
        out = {"law": self.law, "article": self.article}
        if self.paragraph is not None:
            out["paragraph"] = self.paragraph
        if self.item is not None:
            out["item"] = self.item
        return out

    @property
    def passage_id(self) -> str:
        """The id of the article passage in our corpora, e.g. "민법|750"."""
        return f"{self.law}|{self.article}"


@dataclass(frozen=True)
class ParsedReferences:
    """What was read, in order and without duplicates, and the fragments that could not be read."""

    refs: list[ArticleRef]
    unparsed: list[str]

    @property
    def ok(self) -> bool:
        """True when every fragment of the string was read."""
        return not self.unparsed


# Citation anchors. Words (같은 조, 본문, 가목 …) must stand alone so that "협동조합" or "다목적" are not split;
# 조/항/호 right before them count as a boundary for the unspaced statute style "제2조제1항제1호가목".
_ANCHOR = re.compile(
    r"(?P<article>제\s*(?P<art>\d+)\s*조(?:\s*의\s*(?P<art_sub>\d+))?)"
    r"|(?P<paragraph>제\s*(?P<para>\d+)\s*항)"
    r"|(?P<item>제\s*(?P<itm>\d+)\s*호(?:\s*의\s*(?P<itm_sub>\d+))?)"
    r"|(?:(?<![가-힣])|(?<=[조항호]))(?:"
    r"(?P<same_article>같은\s*조|동\s*조)"
    r"|(?P<same_paragraph>같은\s*항|동\s*항)"
    r"|(?P<detail>[가나다라마바사아자차카타파하]\s*목|제\s*\d+\s*문|본문|단서|전단|후단|전문|후문"
    r"|각\s*[호목](?:\s*외의\s*부분)?)"
    r")(?=[^가-힣0-9]|제|$)"
)
# What names the law of the next 제N조: a law name, or a back-reference to the previous one. The `구` (former
# version) prefix is dropped: the corpora hold one version per article.
_DESIGNATOR = re.compile(
    r"(?:(?:구|舊)\s+)?(?:"
    r"(?P<act>같은\s*법률?|동\s*법)(?:\s*(?P<sub>시행령|시행규칙))?"
    r"|(?P<decree>같은\s*(?:시행령|영)|동\s*(?:시행)?령)"
    r"|(?P<rule>(?:같은|동)\s*(?:시행)?규칙)"
    r"|(?P<name>[가-힣0-9][가-힣0-9·ㆍ\s]*?(?:법률|법|령|규칙|규정|조례))"
    r")\s*$"
)
_SEP = r"[\s,/·ㆍ;，、]|및|또는"
_LEADING_SEPS = re.compile(rf"^(?:{_SEP})*")
_EDGE_SEPS = re.compile(rf"^(?:{_SEP})+|(?:{_SEP})+$")
_MARKER = re.compile(r"\[\s*\d+\s*\]")  # [1], [2]: 판시사항 numbers
_QUOTES = str.maketrans("「」『』", "    ")
_OPEN, _CLOSE = "(（", ")）"


def parse_references(text: str) -> ParsedReferences:
    """Parse a 참조조문 string such as ``[1] 민법 제750조, 제751조 [2] 같은 법 시행령 제2조 제1항``."""
    body, tail = _strip_parentheticals(text.translate(_QUOTES))
    scanner = _Scanner()
    for segment in _MARKER.split(body):
        scanner.scan(segment)
    if tail:
        scanner.unparsed.append(tail)
    return ParsedReferences(refs=list(dict.fromkeys(scanner.refs)), unparsed=scanner.unparsed)


def _strip_parentheticals(text: str) -> tuple[str, str]:
    """Drop (possibly nested) parentheticals: they hold dates and 법률 제N호 numbers, never citations we want.

    An unclosed parenthesis cannot be delimited, so everything from it on is returned separately as unread.
    """
    out: list[str] = []
    depth = 0
    opened_at = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            opened_at = i if depth == 0 else opened_at
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                out.append(" ")
        elif depth == 0:
            out.append(ch)
    return "".join(out), text[opened_at:].strip() if depth else ""


def _act_of(law: str) -> str:
    """The act an enforcement decree or rule belongs to: what "같은 법" means after "○○법 시행령"."""
    return re.sub(r"시행(?:령|규칙)$", "", law)


class _Scanner:
    """Left-to-right state shared by the segments of one string: the current law and the last reference."""

    def __init__(self) -> None:
        self.refs: list[ArticleRef] = []
        self.unparsed: list[str] = []
        self.law: str | None = None
        self.current: ArticleRef | None = None
        self.segment = ""
        self.pending: tuple[int, int] | None = None  # unread span of the segment, not yet reported

    def scan(self, segment: str) -> None:
        """Read one 판시사항 segment; unread pieces with nothing read between them are reported as one fragment."""
        self.segment = segment
        level = 0  # depth (1 조, 2 항, 3 호) of the reference the last anchor produced; 0: nothing to refine
        pos = 0
        for m in _ANCHOR.finditer(segment):
            gap = segment[pos : m.start()]
            joined = not gap.strip()  # only spaces between: "제1항 제2호" refines, "제1항, 제2호" starts anew
            start = pos + _LEADING_SEPS.match(gap).end()
            found = _DESIGNATOR.search(segment, start, m.start()) if m.lastgroup == "article" else None
            junk_end = found.start() if found else m.start()
            if segment[start:junk_end].strip():
                self._unread(start, junk_end)
            if found:
                self.law = self._resolve(found)
                if self.law is None:
                    self._unread(found.start(), found.end())
            level = self._anchor(m, level if joined else 0)
            pos = m.end()
        start = pos + _LEADING_SEPS.match(segment[pos:]).end()
        if start < len(segment):
            self._unread(start, len(segment))
        self._flush()

    def _anchor(self, m: re.Match[str], level: int) -> int:
        """Apply one anchor; returns the level the next anchor may refine (0 when this one was unread)."""
        kind, cur = m.lastgroup, self.current
        if kind == "article" and self.law is not None:
            article = m["art"] + (f"의{m['art_sub']}" if m["art_sub"] else "")
            return self._emit(ArticleRef(self.law, article), 1)
        if cur is None or kind == "article":
            self._unread(m.start(), m.end())
            return 0
        if kind == "paragraph":
            ref = replace(cur, paragraph=m["para"]) if level == 1 else ArticleRef(cur.law, cur.article, m["para"])
            return self._emit(ref, 2, refine=level == 1)
        if kind == "item":
            item = m["itm"] + (f"의{m['itm_sub']}" if m["itm_sub"] else "")
            return self._emit(replace(cur, item=item), 3, refine=level in (1, 2))
        if kind == "same_article":
            return self._emit(ArticleRef(cur.law, cur.article), 1)
        if kind == "same_paragraph" and cur.paragraph is not None:
            return self._emit(ArticleRef(cur.law, cur.article, cur.paragraph), 2)
        if kind == "detail":  # 목, 문, 본문, 단서 …: finer than an article passage, read and left out
            return level
        self._unread(m.start(), m.end())
        return 0

    def _emit(self, ref: ArticleRef, level: int, refine: bool = False) -> int:
        """Record a reference, or sharpen the last one when this anchor continues it ("제1항 제2호")."""
        if refine:
            self.refs[-1] = ref
        else:
            self._flush()
            self.refs.append(ref)
        self.current = ref
        return level

    def _resolve(self, found: re.Match[str]) -> str | None:
        """The law a designator names; None for a back-reference with nothing (fitting) to refer to."""
        if found["name"]:
            return re.sub(r"\s+", "", found["name"])
        prev = self.law
        if prev is None:
            return None
        if found["act"]:
            return _act_of(prev) + (found["sub"] or "")
        suffix = "령" if found["decree"] else "규칙"
        return prev if prev.endswith(suffix) else None

    def _unread(self, start: int, end: int) -> None:
        """Mark a span unread; the context is lost too, so later bare 제N조 are not pinned on the wrong law."""
        self.law = self.current = None
        self.pending = (self.pending[0], end) if self.pending else (start, end)

    def _flush(self) -> None:
        if self.pending:
            fragment = " ".join(_EDGE_SEPS.sub("", self.segment[slice(*self.pending)]).split())
            if fragment:
                self.unparsed.append(fragment)
            self.pending = None
