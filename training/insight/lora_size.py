"""How many parameters LoRA trains, out of how many.

Counted on the architecture the task's run builds (the same class, on the meta device: no weights read, no memory
spent) with peft's own rule for which modules get an adapter, so the figure is the one peft will train, and a
`target_modules` or `layers_to_transform` entry that selects nothing is caught before a run starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import torch

from core.models.load import resolve_model_path
from training.config.groups import LoraArgs
from training.tasks.common import lora_config

# The class each task's run loads, so module names match the run's: `model.layers.3.self_attn.q_proj` under
# AutoModelForCausalLM, `layers.3.self_attn.q_proj` under AutoModel (sentence-transformers loads AutoModel).
TASK_MODEL = {
    "embedding": "AutoModel",
    "sft": "AutoModelForCausalLM",
    "classification": "AutoModelForSequenceClassification",
}


@dataclass(frozen=True)
class ParameterCount:
    trainable: int
    total: int

    @property
    def share(self) -> float:
        return self.trainable / self.total if self.total else 0.0


@lru_cache(maxsize=16)
def _architecture(path: str, task: str) -> tuple[int, tuple[tuple[str, int, int], ...], int]:
    """The total parameter count, (name, in_features, out_features) of every linear layer, and the parameters of the
    largest single module (its own, as DeepSpeed's ZeRO-3 estimate counts them: the one gathered whole at a time)."""
    import transformers

    with torch.device("meta"):
        model = getattr(transformers, TASK_MODEL[task]).from_config(transformers.AutoConfig.from_pretrained(path))
    linears = tuple(
        (n, m.in_features, m.out_features) for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)
    )
    largest = max((sum(p.numel() for p in m.parameters(recurse=False)) for m in model.modules()), default=0)
    return sum(p.numel() for p in model.parameters()), linears, largest


@lru_cache(maxsize=16)
def layer_count(model: str) -> int | None:
    """`num_hidden_layers` from the model's config.json, or None when it cannot be read offline or has none."""
    from transformers import AutoConfig

    try:
        config = AutoConfig.from_pretrained(resolve_model_path(model, convert=False))
    except (OSError, ValueError):
        return None
    return getattr(config, "num_hidden_layers", None)


def last_layers(model: str, n: int) -> list[int] | None:
    """The indices of `model`'s last `n` layers, as `layers_to_transform` names them (counted from 0); None when the
    layer count cannot be read offline."""
    total = layer_count(model)
    return list(range(max(total - n, 0), total)) if total else None


def matches(name: str, targets: list[str]) -> bool:
    """peft's rule for a plain string list: the module's name is the target or ends with "." + target."""
    return any(name == t or name.endswith("." + t) for t in targets)


def check_targets(names: list[str], targets: list[str]) -> None:
    """peft's own error for a name that matches nothing is cryptic; name the field and the candidates instead."""
    unmatched = [t for t in targets if not any(matches(n, [t]) for n in names)]
    if unmatched:
        leaves = sorted({n.rsplit(".", 1)[-1] for n in names})
        raise ValueError(
            f"lora.target_modules: {unmatched} match no module of this model; linear layers here: {leaves}"
        )


def adapted(names: list[str] | tuple[str, ...], targets: list[str], layers: list[int] | None = None) -> list[str]:
    """The names peft gives an adapter, decided by peft's own `check_target_module_exists`: a copy of its
    layer-index rule (the first `.<name>.<N>.` in the name) drifted once already."""
    from peft.tuners.tuners_utils import check_target_module_exists

    config = lora_config(LoraArgs(target_modules=list(targets), layers_to_transform=list(layers or [])))
    return [n for n in names if check_target_module_exists(config, n)]


def spans(indices: list[int]) -> str:
    """`0–35` for a run of indices, `0–3, 8` otherwise."""
    parts: list[list[int]] = []
    for i in sorted(indices):
        if parts and i == parts[-1][1] + 1:
            parts[-1][1] = i
        else:
            parts.append([i, i])
    return ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in parts)


def no_layer_selected(names: list[str], targets: list[str], layers: list[int]) -> str:
    """Why `layers_to_transform` selects nothing, with the indices peft does read from this model's names."""
    targeted = adapted(names, targets)
    numbers = sorted({int(p) for n in targeted for p in n.split(".") if p.isdigit()})
    found = [i for i in numbers if adapted(targeted, targets, [i])]
    if found:
        return f"lora.layers_to_transform: {sorted(layers)} selects no layer; peft finds layers {spans(found)} here"
    return (
        f"lora.layers_to_transform: {sorted(layers)} selects no layer: peft reads a layer index only from a name "
        f"with a part before it (model.layers.3.q_proj), and this model's modules are named like {targeted[0]!r}, "
        "so peft would adapt nothing; leave the field empty to adapt every layer"
    )


def parameter_count(model: str, task: str = "embedding") -> int:
    """All parameters of the model the task trains, counted on its architecture without loading weights."""
    return _architecture(resolve_model_path(model, convert=False), task)[0]


def largest_module(model: str, task: str = "embedding") -> int:
    """Parameters of the model's largest single module (a decoder's embedding, usually)."""
    return _architecture(resolve_model_path(model, convert=False), task)[2]


def lora_parameters(
    model: str,
    target_modules: list[str],
    r: int,
    layers_to_transform: list[int] | None = None,
    task: str = "embedding",
) -> ParameterCount:
    """LoRA adds r × (in + out) parameters to each adapted linear layer (A: r × in, B: out × r), as peft does."""
    total, linears, _ = _architecture(resolve_model_path(model, convert=False), task)
    names = [n for n, _, _ in linears]
    check_targets(names, target_modules)
    chosen = set(adapted(names, target_modules, layers_to_transform))
    if not chosen:
        raise ValueError(no_layer_selected(names, target_modules, layers_to_transform or []))
    trainable = sum(r * (i + o) for n, i, o in linears if n in chosen)
    return ParameterCount(trainable, total + trainable)
