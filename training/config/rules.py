"""The training config's cross-field rules: values that are each within their own bounds but conflict together.

Each rule returns `Blocker`s (its id, the fields that conflict, the numbers that show it), never an English
sentence: the studio words them in English and Korean, `startable.py` asks every rule before a run starts, and a
trainer that meets one anyway (a config started from the CLI) refuses it through the same function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from training.config.studio import StudioConfig

if TYPE_CHECKING:  # schedule.py loads transformers; the launcher and the CLI read these rules without it
    from training.insight.schedule import Horizon

# The metric each task is judged by when the config says "auto" (names as MetricsWriter writes them).
BEST_METRIC = {"embedding": "eval_ndcg@10", "classification": "eval_macro_f1", "sft": "eval_loss"}
# What each task's evaluation logs, in the config's spelling: transformers stops a run whose
# metric_for_best_model is missing at its first evaluation ("which is not found in the evaluation metrics").
# Embedding runs are scored by the retrieval evaluator alone, so they log no eval_loss.
GENERATED = ("eval_json_valid", "eval_schema_valid", "eval_field_match")  # tasks/sft.py's, without loading trl here
LOGGED_METRICS = {
    "embedding": ("eval_ndcg@10", "eval_mrr@10", "eval_recall@10"),
    "classification": ("eval_loss", "eval_accuracy", "eval_macro_f1"),
    "sft": ("eval_loss", *GENERATED),
}


@dataclass(frozen=True)
class Blocker:
    """One reason the run cannot start: the rule, the config fields that conflict, and the numbers that show it."""

    rule: str
    fields: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)


def best_metric(config: StudioConfig) -> str:
    """The metric that picks the best checkpoint and stops early, in the trainer's own spelling."""
    metric = config.early_stopping.metric
    return BEST_METRIC[config.task] if metric == "auto" else metric


# The tasks auto trains in bf16 on a CPU with bf16 instructions: none yet. bench/cpu_precision.py (BENCHMARKS.md
# section 11) found embedding 1.64× faster at the same NDCG@10, but accelerate wraps the model's forward in autocast,
# so a bf16 run's validation scores are bf16 scores (MRR@10 2e-4 off `eval` of its weights, and the model card's
# numbers with them); SFT's eval loss rose by 0.006. bf16 stays one choice away.
CPU_BF16_AUTO: tuple[str, ...] = ()


def auto_precision(task: str, *, cuda: bool, cuda_bf16: bool, cpu_bf16: bool) -> str:
    """What `mixed_precision: auto` means on this hardware: bf16 on a GPU that has it, else fp16 on a GPU; on a CPU
    bf16 for the measured tasks where it has bf16 instructions, else fp32 ("no")."""
    if cuda:
        return "bf16" if cuda_bf16 else "fp16"
    return "bf16" if cpu_bf16 and task in CPU_BF16_AUTO else "no"


def precision_rule(config: StudioConfig, cuda: bool, cpu_bf16: bool = False) -> list[Blocker]:
    """16-bit mixed precision needs a CUDA device, except bf16 on a CPU with bf16 instructions (hardware.cpu_bf16):
    torch's CPU autocast has no fp16 path worth taking, and bf16 without the instructions is emulated."""
    choice = config.training.mixed_precision
    if choice not in ("fp16", "bf16") or cuda or (choice == "bf16" and cpu_bf16):
        return []
    return [Blocker("precision_cpu", ("training.mixed_precision",), {"precision": choice})]


def metric_rules(config: StudioConfig) -> list[Blocker]:
    """The early-stopping metric must be one the task logs, and generation scores need generations. Only asked
    when there is a validation split to evaluate."""
    metric = best_metric(config)
    logged = LOGGED_METRICS[config.task]
    if metric not in logged:
        values = {"metric": metric, "task": config.task, "logged": list(logged)}
        return [Blocker("metric_task", ("early_stopping.metric", "task"), values)]
    if metric in GENERATED and not config.sft.eval_generations:
        return [Blocker("generation_metric", ("early_stopping.metric", "sft.eval_generations"), {"metric": metric})]
    return []


def schedule_rule(config: StudioConfig, span: Horizon) -> list[Blocker]:
    """warmup_stable_decay needs its warmup and its decay to fit in the run: transformers would otherwise get a
    negative stable stretch, and the schedule would be clipped to something the fields do not say."""
    t = config.training
    if t.lr_scheduler_type != "warmup_stable_decay":
        return []
    decay = round(t.decay_ratio * span.total_steps)
    if decay <= span.total_steps - span.warmup_steps:
        return []
    values = {
        "warmup_ratio": t.warmup_ratio,
        "decay_ratio": t.decay_ratio,
        "warmup_steps": span.warmup_steps,
        "decay_steps": decay,
        "total_steps": span.total_steps,
    }
    return [Blocker("schedule_overlap", ("training.warmup_ratio", "training.decay_ratio"), values)]


def machines_rule(config: StudioConfig) -> list[Blocker]:
    """A job over several machines needs each to know its place (machine_rank below num_machines) and where they
    meet: machine 0's address and one fixed port (a port picked at launch is known to one machine only)."""
    t = config.training
    if t.machine_rank >= t.num_machines:
        values = {"machine_rank": t.machine_rank, "num_machines": t.num_machines}
        return [Blocker("machine_rank", ("training.machine_rank", "training.num_machines"), values)]
    if t.num_machines == 1 or (t.main_process_ip.strip() and t.main_process_port > 0):
        return []
    values = {"num_machines": t.num_machines, "ip": t.main_process_ip.strip(), "port": t.main_process_port}
    return [Blocker("machines_address", ("training.main_process_ip", "training.main_process_port"), values)]
