"""Gather what the preflight rules read — the run's length, derived quantities, dataset statistics, the device, the
last run of the same data and, on request, a one-batch probe — and run them. The CLI's `doctor` and the Configure
tab both call `examine`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import psutil
import torch

from core.models.load import max_positions, resolve_model_path, token_lengths
from datasets_spec import store
from datasets_spec.load import load
from datasets_spec.stats import statistics
from training.config import hardware
from training.config.studio import ConfigError, StudioConfig
from training.doctor.findings import Finding
from training.doctor.preflight import DATA_TASK, Context, LastRun, offered_lengths, preflight
from training.doctor.preflight.devices import gpu_only
from training.doctor.probe import ProbeResult, probe_classification, probe_embedding
from training.insight.quantities import quantities
from training.insight.schedule import horizon, training_rows_of
from training.lifecycle.runs import RunInfo, load_config


def device_memory_gib(cuda: bool) -> float:
    if cuda:
        return torch.cuda.get_device_properties(0).total_memory / 2**30
    return psutil.virtual_memory().total / 2**30  # what the machine has, on Linux, macOS and Windows alike


def device_memory(config: StudioConfig, cuda: bool, told: float | None) -> tuple[float | None, str]:
    """(GiB, "gpu" or "ram") the run's memory is compared with: a size told for its GPUs, this machine's GPU, or on a
    CPU this machine's memory; (None, "") for a GPU-only config on a machine without one, told nothing."""
    if told:
        return told, "gpu"
    if cuda:
        return device_memory_gib(True), "gpu"
    return (None, "") if gpu_only(config) else (device_memory_gib(False), "ram")


def last_run(config: StudioConfig, past: Sequence[RunInfo]) -> LastRun | None:
    """The newest of `past` (newest first) that trained this config's task on its dataset and whose config reads."""
    for run in past:
        if run.status.get("task", config.task) != config.task:
            continue
        try:
            found = load_config(run.path)
        except (ConfigError, OSError):
            continue
        if (found.task, found.data.dataset) == (config.task, config.data.dataset):
            return LastRun(run.id, found)
    return None


def dataset_of(config: StudioConfig, data: str | None) -> tuple[str, list[dict], dict, list[dict]]:
    """(task, all examples, corpus, training examples) of a stored dataset name or a file / folder to read."""
    name = data or config.data.dataset
    if not Path(name).exists() or (Path(name) / "manifest.json").exists():
        stored = store.load(name)
        return stored.task, stored.train + stored.validation, stored.corpus, stored.train
    loaded = load(name)
    if not loaded.problems.ok:
        raise ValueError("\n".join(loaded.problems.lines()))
    return loaded.task, loaded.examples, loaded.corpus, loaded.examples


def run_rows(config: StudioConfig, data: str | None, task: str, train: list[dict]) -> int:
    """The rows one epoch trains on, counted by the run's own rule (schedule.training_rows_of, which the Configure
    tab's horizon reads: SFT's max_train_samples cap, classification's rare-class filter), so the doctor's steps are
    the tab's. Another data file, data of another task (the task_data finding) or classes the run refuses (the
    num_labels finding) count as read."""
    if data in (None, config.data.dataset) and DATA_TASK[config.task] == task:
        try:
            return training_rows_of(config)
        except ValueError:
            pass
    return len(train)


def examine(
    config: StudioConfig,
    *,
    data: str | None = None,
    probe: bool = False,
    previous: StudioConfig | None = None,
    token_stats: bool = True,
    past: Sequence[RunInfo] = (),
    device_gib: float | None = None,
) -> tuple[list[Finding], Context]:
    """All findings for this config on its data (or `data`); the context carries the numbers they cite. `past`: the
    runs to compare with, newest first; `device_gib`: each GPU's memory where the run trains, when not this
    machine's."""
    task, examples, corpus, train = dataset_of(config, data)
    if task == "retrieval":
        from training.tasks.embedding import config_rows  # deferred: start-up time (sentence-transformers)

        rows = config_rows(config, train, corpus)
        train_rows = len(rows["anchor"])
    else:
        rows, train_rows = {}, run_rows(config, data, task, train)
    lengths_of, limit = None, None
    if token_stats:
        lengths_of, limit = token_lengths(config.model.name_or_path), max_positions(config.model.name_or_path)
    stats = statistics(
        task,
        examples,
        corpus,
        lengths_of=lengths_of,
        unit="tokens" if lengths_of else "characters",
        max_len=config.model.max_seq_length,
    )
    span = horizon(config, None if config.training.max_steps > 0 else train_rows)
    result: ProbeResult | None = None
    if probe:
        # a timed step at this length and at each one a truncation finding offers, so the finding says what it costs
        offered = offered_lengths(stats, limit, config.model.max_seq_length)
        lengths = (config.model.max_seq_length, *offered) if offered else ()
        if task == "classification":
            num_labels = config.model.num_labels or stats["num_labels"]
            result = probe_classification(
                resolve_model_path(config.model.name_or_path),
                train,
                num_labels,
                config.training.per_device_train_batch_size,
                config.model.max_seq_length,
                lengths,
            )
        elif task == "retrieval":
            result = probe_embedding(config, rows, lengths)
    cuda = torch.cuda.is_available()
    have, kind = device_memory(config, cuda, device_gib)
    ctx = Context(
        config,
        span,
        quantities(config, span),
        stats,
        previous,
        result,
        train_rows,
        cuda,
        have,
        limit,
        cpu_bf16=hardware.cpu_bf16(),
        last_run=last_run(config, past),
        memory_kind=kind,
    )
    return preflight(ctx), ctx
