"""Korean statute articles as text a generator can take apart: amendment notes dropped, split into paragraphs (①②),
items (1. 가.) and sentences, so a sentence can become a query and the rest stay a readable article.

Two layouts are read: one line per article with inline markers ("제5조(미성년자의 능력) ① … ② …", the bundled
sample) and the law.go.kr Markdown export (paragraphs on blank-line-separated lines, items as ``  1\\. …``).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

from datasets_spec.errors import Problems
from datasets_spec.formats.corpus import read_corpus
from datasets_spec.read import decode, read_jsonl, read_table

_LETTERS = "가나다라마바사아자차카타파하"  # 목 (sub-item) markers, in order
_CIRCLED = "\u2460-\u2473\u3251-\u325f\u32b1-\u32bf"  # ①-⑳, ㉑-㉟, ㊱-㊿: paragraph (항) markers
_DATE = r"\d{4}\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}\.?"
# <개정 2023.8.8>, <신설 …>, the bare date of "삭제 <2016.2.3>", images, and [전문개정 …]-style notes: history, not law
_NOTE = re.compile(
    rf"<[^<>\n]*{_DATE}[^<>\n]*>|</?img[^>]*>"
    r"|\[(?:전문개정|본조신설|제목개정|본조제목개정|종전|조번호개정|한정위헌|단순위헌|헌법불합치|위헌)[^\]]*\]"
)
_EFFECTIVE = re.compile(r"\[시행일[^\]]*\].*", re.S)  # an effective-date note runs to the end of the article
_ESCAPE = re.compile(r"\\([.\-*#_()\[\]])")  # Markdown escapes of the export: "1\." is item 1
_MARKER = re.compile(rf"^(?:[{_CIRCLED}]|(?:\d+(?:의\d+)?|[{_LETTERS}])\.(?=\s))\s*")
_INLINE_ITEM = re.compile(rf"(?:(?<=\s)|^)(?:(?P<num>\d+)(?:의\d+)?|(?P<letter>[{_LETTERS}]))\.\s")
_SENTENCE_END = re.compile(r"다\.(?=\s|$)")
_CLAUSE_END = re.compile(r"(?:하|되|이|으|있|없|않)(?:며|고),(?=\s)")  # 하며, 되고, …: not 보고, 신고, 광고
_DELETED = re.compile(r"^\(?삭제\)?\.?$")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_BEFORE_PARAGRAPH = re.compile(rf"\s*([{_CIRCLED}])")
_HEADING = re.compile(r"\s*제\s*(\d+)\s*조(?:\s*의\s*(\d+))?\s*\((?:[^()]|\([^()]*\))*\)")
_OPENING, _CLOSING = "(「[『", ")」]』"


@dataclass(frozen=True)
class Block:
    """A paragraph or an item: its marker ("①", "1.", "" for the opening text) and its sentences."""

    marker: str
    sentences: tuple[str, ...]

    def text(self, drop: int | None = None) -> str:
        kept = [s for i, s in enumerate(self.sentences) if i != drop]
        return " ".join([self.marker, *kept]).strip() if kept else ""


@dataclass(frozen=True)
class Article:
    """An article split for the generators; `heading` ("제5조(미성년자의 능력)") is kept for rebuilt passages."""

    heading: str
    blocks: tuple[Block, ...]
    clauses: bool = False  # a one-sentence article split at its clauses (하며, 하고) instead

    @property
    def units(self) -> list[tuple[int, int, str]]:
        """(block, sentence, text) of every sentence, in reading order."""
        return [(b, s, text) for b, block in enumerate(self.blocks) for s, text in enumerate(block.sentences)]

    def without(self, block: int, sentence: int) -> str:
        """The article with one sentence taken out: a block left empty loses its marker too."""
        lines = [b.text(sentence if i == block else None) for i, b in enumerate(self.blocks)]
        body = "\n".join(line for line in lines if line)
        return f"{self.heading} {body}" if self.heading else body


def clean(text: str) -> str:
    """The article's law without its history: amendment notes, images, escapes and deleted items removed."""
    text = _EFFECTIVE.sub("", _NOTE.sub("", text))
    text = _SPACES.sub(" ", _ESCAPE.sub(r"\1", text))
    lines = (line.strip() for line in text.split("\n"))
    kept = [line for line in lines if line and not ("삭제" in line and _DELETED.match(_MARKER.sub("", line).strip()))]
    return "\n".join(kept)


def is_deleted(text: str) -> bool:
    """ "삭제 <2016.2.3>": the number is kept in the law but the article has no text."""
    return not clean(text)


def heading_of(text: str, article: str) -> str:
    """ "제5조(미성년자의 능력)" when the text opens with its own heading; a cross-reference ("제10조제3항을 …") is
    not one, so the number must be this article's and a parenthesised title must follow."""
    found = _HEADING.match(text)
    if not found or found[1] + (f"의{found[2]}" if found[2] else "") != article:
        return ""
    return found.group().strip()


def _depths(text: str) -> list[int]:
    """Bracket depth before each character: a sentence never ends inside (…) or 「…」."""
    depth, out = 0, []
    for ch in text:
        out.append(depth)
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING and depth:
            depth -= 1
    return out


def _cut(text: str, ends: re.Pattern[str]) -> list[str]:
    depths = _depths(text) if "(" in text or "「" in text or "[" in text else None
    pieces, start = [], 0
    for m in ends.finditer(text):
        if depths is None or depths[m.start()] == 0:
            pieces.append(text[start : m.end()].strip())
            start = m.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def sentences(text: str) -> list[str]:
    """Split at "다." (the end of nearly every Korean statute sentence), never inside brackets."""
    return _cut(text, _SENTENCE_END)


def _blocks_of_line(line: str) -> list[str]:
    """A line cut before inline items "1. … 2. … 3. …", accepted only in sequence so dates ("2007. 4. 11.") stay."""
    starts, number, letter = [], 1, 0  # the next item number and 목 letter a list may continue with
    for m in _INLINE_ITEM.finditer(line):
        if m["num"] is not None:
            n, branch = int(m["num"]), "의" in m.group()
            if (n == number and not branch) or (branch and n == number - 1):  # 1. 2. 2의2. 3.
                number, letter = number + (not branch), 0
                starts.append(m.start())
        elif number > 1 and letter < len(_LETTERS) and m["letter"] == _LETTERS[letter]:  # 가. 나. inside an item
            letter += 1
            starts.append(m.start())
    bounds = [0, *[s for s in starts if s > 0], len(line)]
    return [line[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False) if line[a:b].strip()]


def split_article(text: str, article: str = "") -> Article:
    """Blocks and sentences of an article's text (cleaned here); one sentence is split at its clauses if it can."""
    text = clean(text)
    heading = heading_of(text, article) if article else ""
    body = text[len(heading) :] if heading and text.startswith(heading) else text
    body = _BEFORE_PARAGRAPH.sub(r"\n\1", body)
    blocks = []
    for line in body.split("\n"):
        for piece in _blocks_of_line(line.strip()):
            marker = _MARKER.match(piece)
            rest = piece[marker.end() :] if marker else piece
            found = sentences(rest)
            if found:
                blocks.append(Block(marker.group().strip() if marker else "", tuple(found)))
    if sum(len(b.sentences) for b in blocks) == 1:
        clauses = _cut(blocks[0].sentences[0], _CLAUSE_END)
        if len(clauses) > 1:
            return Article(heading, (Block(blocks[0].marker, tuple(clauses)),), clauses=True)
    return Article(heading, tuple(blocks))


def read_articles(path: str | Path, *, limit: int | None = None) -> tuple[dict[str, dict], list[str]]:
    """A statute corpus (JSONL, JSONL.gz, or any table the studio reads) as {id: {"law", "article", "title",
    "text", …}}, and the ids of articles with no text at all (the law.go.kr export has a few), left out rather
    than failing 84k articles on them. `limit` keeps the first articles in file order, so whole laws stay
    together. Any other problem is raised, located."""
    path, problems = Path(path), Problems()
    if path.suffix == ".gz":
        decoded = decode(path, gzip.decompress(path.read_bytes()), problems)
        table = read_jsonl(path, decoded[0] if decoded else "", problems)
    else:
        table = read_table(path, problems)
    if limit is not None:
        table.records, table.lines = table.records[:limit], table.lines[:limit]
    empty = [str(r.get("id")) for r in table.records if isinstance(r.get("text"), str) and not r["text"].strip()]
    if empty:
        kept = [(line, r) for line, r in table if not (isinstance(r.get("text"), str) and not r["text"].strip())]
        table.lines, table.records = [line for line, _ in kept], [r for _, r in kept]
    corpus = read_corpus(table, problems, required=("law", "article"))
    if not problems.ok:
        raise problems.errors[0]
    return corpus, empty
