"""Sweeps: many runs of one base config with some fields varied, queued, then ranked by one metric.

A sweep file::

    name: lr-rank                 # default: the file's stem
    base: config.yaml             # a config file (relative to this file) or a preset name; or `config:` inline
    method: grid                  # grid = every combination; random = `trials` draws
    trials: 6
    seed: 0
    metric: eval_ndcg@10          # default: the task's (early_stopping.metric, auto = NDCG@10 / macro-F1 / loss)
    parameters:
      training.learning_rate: [1e-4, 3e-4, 1e-3]     # a list: these values
      lora.r: {min: 4, max: 32, log: true}           # a range (random only): ints when both bounds are ints
"""

from __future__ import annotations

import copy
import itertools
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from training.config.presets import load as load_config_or_preset
from training.config.studio import ConfigError, StudioConfig, field_specs, from_dict, get_value, set_value, to_dict
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics
from training.tasks.common import best_metric

METHODS = ("grid", "random")


@dataclass
class Sweep:
    name: str
    base: StudioConfig
    parameters: dict[str, Any]  # path -> list of values, or {"min", "max", "log"}
    method: str = "grid"
    trials: int = 0
    seed: int = 0
    metric: str = ""

    @property
    def ranked_by(self) -> str:
        return self.metric or best_metric(self.base)


def _base(value: Any, inline: Any, folder: Path) -> StudioConfig:
    if inline is not None:
        return from_dict(inline)
    if not value:
        raise ConfigError("sweep: give `base` (a config file or preset name) or an inline `config`")
    candidate = folder / str(value)
    return load_config_or_preset(str(candidate) if candidate.exists() else str(value))


def parse_sweep(values: dict[str, Any], *, folder: Path = Path("."), name: str = "sweep") -> Sweep:
    """A checked sweep: every parameter is a config field and every value one it accepts."""
    if not isinstance(values, dict):
        raise ConfigError("sweep: expected a mapping with base, method and parameters")
    unknown = set(values) - {"name", "base", "config", "method", "trials", "seed", "metric", "parameters"}
    if unknown:
        raise ConfigError(f"sweep: unknown keys {sorted(unknown)}")
    sweep = Sweep(
        name=str(values.get("name") or name),
        base=_base(values.get("base"), values.get("config"), folder),
        parameters=values.get("parameters") or {},
        method=str(values.get("method", "grid")),
        trials=int(values.get("trials", 0)),
        seed=int(values.get("seed", 0)),
        metric=str(values.get("metric") or ""),
    )
    if not re.fullmatch(r"[\w][\w.-]{0,63}", sweep.name):
        raise ConfigError(f"sweep name {sweep.name!r}: use letters, digits, '.', '-' or '_' (at most 64)")
    if sweep.method not in METHODS:
        raise ConfigError(f"sweep method {sweep.method!r}: must be one of {', '.join(METHODS)}")
    if not sweep.parameters:
        raise ConfigError("sweep: `parameters` names no field to vary")
    known = {s.path for s in field_specs()}
    for path, values_or_range in sweep.parameters.items():
        if path not in known:
            raise ConfigError(f"sweep parameter {path!r} is not a config field")
        if isinstance(values_or_range, dict):
            if sweep.method == "grid":
                raise ConfigError(f"sweep parameter {path}: a range needs method random; grid takes a list")
            if not {"min", "max"} <= set(values_or_range):
                raise ConfigError(f"sweep parameter {path}: a range needs min and max")
            for bound in (values_or_range["min"], values_or_range["max"]):
                set_value(copy.deepcopy(sweep.base), path, bound)
        elif isinstance(values_or_range, list) and values_or_range:
            for value in values_or_range:
                set_value(copy.deepcopy(sweep.base), path, value)  # raises ConfigError naming the field and value
        else:
            raise ConfigError(f"sweep parameter {path}: give a non-empty list of values or a {{min, max}} range")
    if sweep.method == "random" and sweep.trials < 1:
        raise ConfigError("sweep: method random needs trials >= 1")
    return sweep


def load_sweep(path: str | Path) -> Sweep:
    path = Path(path)
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    try:
        return parse_sweep(values, folder=path.parent, name=path.stem)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _draw(rng: random.Random, spec: Any) -> Any:
    if isinstance(spec, list):
        return rng.choice(spec)
    low, high = float(spec["min"]), float(spec["max"])
    value = math.exp(rng.uniform(math.log(low), math.log(high))) if spec.get("log") else rng.uniform(low, high)
    integer = all(isinstance(spec[k], int) and not isinstance(spec[k], bool) for k in ("min", "max"))
    return round(value) if integer else float(f"{value:.4g}")


def trials(sweep: Sweep) -> list[dict[str, Any]]:
    """The field values of each trial: every combination (grid) or seeded draws (random)."""
    paths = list(sweep.parameters)
    if sweep.method == "grid":
        return [dict(zip(paths, combo, strict=True)) for combo in itertools.product(*sweep.parameters.values())]
    rng = random.Random(sweep.seed)
    return [{path: _draw(rng, sweep.parameters[path]) for path in paths} for _ in range(sweep.trials)]


def configs(sweep: Sweep) -> list[tuple[dict[str, Any], StudioConfig]]:
    out = []
    for values in trials(sweep):
        config = from_dict(to_dict(sweep.base))
        for path, value in values.items():
            set_value(config, path, value)
        # As the config holds them: YAML 1.1 reads "1e-4" as text, the config as the number it means.
        out.append(({path: get_value(config, path) for path in values}, config))
    return out


def submit(sweep: Sweep, runs_root: str | Path, *, owner: str | None = None) -> list[Path]:
    """Queue one run per trial (they start one after another as the device frees up), each `owner`'s."""
    runs.check_allowed()
    queued = []
    for number, (values, config) in enumerate(configs(sweep), start=1):
        run_dir = runs.create_run(config, runs_root, label=f"{sweep.name}-{number}", owner=owner)
        runs.write_status(run_dir, sweep=sweep.name, trial=number, values=values, ranked_by=sweep.ranked_by)
        queued.append(run_dir)
    runs.start_next(runs_root)
    return queued


def best_value(run_dir: Path, metric: str) -> tuple[float | None, int | None]:
    """The run's best logged value of `metric` (lowest for a loss, else highest) and its step."""
    points = [(r[metric], r["step"]) for r in read_metrics(run_dir)[0] if isinstance(r.get(metric), (int, float))]
    if not points:
        return None, None
    value, step = (min if metric.endswith("loss") else max)(points, key=lambda p: p[0])
    return value, step


def ranking(runs_root: str | Path | list[runs.RunInfo], name: str) -> list[dict[str, Any]]:
    """The sweep's runs (of a runs folder, or of the runs a visitor sees), best first by the metric it was queued
    with; runs without a value yet come last."""
    rows = []
    for run in runs.list_runs(runs_root) if isinstance(runs_root, (str, Path)) else runs_root:
        if run.status.get("sweep") != name:
            continue
        metric = run.status.get("ranked_by") or best_metric(runs.load_config(run.path))
        value, step = best_value(run.path, metric)
        rows.append(
            {
                "run": run.id,
                "trial": run.status.get("trial"),
                "state": run.state,
                "metric": metric,
                "best": value,
                "at_step": step,
                **run.status.get("values", {}),
            }
        )
    lower_better = bool(rows) and rows[0]["metric"].endswith("loss")
    return sorted(rows, key=lambda r: (r["best"] is None, (r["best"] or 0) * (1 if lower_better else -1)))


def sweep_names(runs_root: str | Path | list[runs.RunInfo]) -> list[str]:
    found = runs.list_runs(runs_root) if isinstance(runs_root, (str, Path)) else runs_root
    return sorted({r.status["sweep"] for r in found if r.status.get("sweep")})


def describe(values: dict[str, Any], base: StudioConfig) -> str:
    """ "training.learning_rate 0.0003 → 0.001" for each varied field, as the table shows it."""
    return ", ".join(f"{path} {get_value(base, path)!r} → {value!r}" for path, value in values.items())
