"""Quantities a config implies but doesn't state: how many parameters LoRA trains, out of how many.

Counted on the real architecture built on the meta device (no weights read, no memory spent), so the figure is the
model's own, and a `target_modules` entry that matches nothing is caught before a run starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import torch

from training.models import resolve_model_path

_LAYER = re.compile(r".*\.(layers|h|block|blocks|layer)\.(\d+)\.")


@dataclass(frozen=True)
class ParameterCount:
    trainable: int
    total: int

    @property
    def share(self) -> float:
        return self.trainable / self.total if self.total else 0.0


@lru_cache(maxsize=16)
def _architecture(path: str) -> list[tuple[str, int, int]]:
    """(name, in_features, out_features) of every linear layer, and the total parameter count as ("", total, 0)."""
    from transformers import AutoConfig, AutoModel

    with torch.device("meta"):
        model = AutoModel.from_config(AutoConfig.from_pretrained(path))
    linears = [(n, m.in_features, m.out_features) for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)]
    return [("", sum(p.numel() for p in model.parameters()), 0), *linears]


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


def parameter_count(model: str) -> int:
    """All parameters of the model, counted on its architecture without loading weights."""
    return _architecture(resolve_model_path(model, convert=False))[0][1]


def layer_of(name: str) -> int | None:
    """The layer index in a module name, found the way peft finds it for `layers_to_transform`."""
    found = _LAYER.match(name)
    return int(found.group(2)) if found else None


def lora_parameters(
    model: str, target_modules: list[str], r: int, layers_to_transform: list[int] | None = None
) -> ParameterCount:
    """LoRA adds r × (in + out) parameters to each matched linear layer (A: r × in, B: out × r), as peft does."""
    (_, total, _), *linears = _architecture(resolve_model_path(model, convert=False))
    check_targets([n for n, _, _ in linears], target_modules)
    layers = set(layers_to_transform or [])
    chosen = [(n, i, o) for n, i, o in linears if matches(n, target_modules) and (not layers or layer_of(n) in layers)]
    if layers and not chosen:
        found = sorted({layer_of(n) for n, _, _ in linears} - {None})
        raise ValueError(f"lora.layers_to_transform: {sorted(layers)} selects no layer; this model has {found}")
    trainable = sum(r * (i + o) for _, i, o in chosen)
    return ParameterCount(trainable, total + trainable)
