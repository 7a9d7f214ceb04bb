"""What a data file is before it is parsed: gzip-packed or plain, UTF-16 or not, and which delimiter a CSV uses.

A wrong guess here surfaces later as a puzzle ("not UTF-8 text", "Expected 1 fields, saw 2"), so each answer is
either certain (a byte-order mark, gzip's magic bytes) or named in the message when parsing fails.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"  # an Excel .xlsx is a ZIP archive too
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A packed file is unpacked in memory, as plain files are read; past 2 GiB it is more than the studio can parse, and
# a small upload that unpacks to more is a zip bomb, not data.
MAX_UNPACKED = 2 * 1024**3
DELIMITERS = ",;\t|"  # what spreadsheets write: comma, semicolon (European Excel), tab, pipe
SNIFF_LINES = 20  # enough rows for csv.Sniffer to see a delimiter used consistently
SNIFF_CHARS = 1 << 20  # rows of long passages: the Sniffer's cost grows with the text it is shown


class Unreadable(ValueError):
    """Bytes that cannot be turned into text; the message is one sentence for the file's error."""


def unpack(data: bytes) -> bytes:
    """The content of a gzip file, whatever its name; Unreadable when damaged or too large to read."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:  # BytesIO shares the bytes, no copy
            content = packed.read(MAX_UNPACKED + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise Unreadable(f"a gzip file that cannot be unpacked ({exc})") from None
    if len(content) > MAX_UNPACKED:
        raise Unreadable(f"a gzip file that unpacks to more than {MAX_UNPACKED // 1024**3} GiB; split it")
    return content


def utf16(data: bytes) -> str | None:
    """The UTF-16 codec that reads `data`: "utf-16" after a byte-order mark, else by where its NUL bytes fall.

    Text in UTF-16 without a BOM still shows itself: every ASCII character (JSON punctuation, field names, digits)
    carries a NUL byte, always at the odd positions (little-endian) or always at the even ones (big-endian).
    UTF-8, CP949 and EUC-KR text has no NUL bytes at all."""
    if data[:2] in UTF16_BOMS:
        return "utf-16"
    head = data[:4096]
    odd = head[1::2].count(0)
    even = head[0::2].count(0)
    if odd + even < 2:
        return None
    if odd >= 0.9 * (odd + even):
        return "utf-16-le"
    if even >= 0.9 * (odd + even):
        return "utf-16-be"
    return None


def delimiter(text: str, default: str) -> tuple[str, str, str | None]:
    """(delimiter to read with, how it was chosen, the one the header line seems to use).

    How: "detected" (csv.Sniffer on the first lines, a delimiter also in the header line), "header" (the only
    candidate in the header line) or "default" (the file type's own, when neither says more)."""
    lines = head(text).splitlines()
    header = lines[0] if lines else ""
    counts = {d: header.count(d) for d in DELIMITERS if d in header}
    seems = max(counts, key=counts.get) if counts else None
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = None
    if found and found in header:
        return found, "detected", seems
    if default not in header and len(counts) == 1:
        return next(iter(counts)), "header", seems
    return default, "default", seems


def head(text: str) -> str:
    """The first SNIFF_LINES lines, found without splitting a file of 100k rows, and at most SNIFF_CHARS of them."""
    end = 0
    for _ in range(SNIFF_LINES):
        end = text.find("\n", end, SNIFF_CHARS) + 1
        if not end:
            return text[:SNIFF_CHARS]
    return text[:end]


def name(delimiter: str) -> str:
    return {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(delimiter, repr(delimiter))
