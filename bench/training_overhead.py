"""Training overhead: a studio run vs a bare sentence-transformers (embedding) or TRL (SFT) script, same settings.

    python bench/training_overhead.py [--task embedding|sft|both] [--steps 20] [--repeats 3] [--quick]

Both sides train the same model (the studio's offline defaults: multilingual-e5-small, SmolLM2-135M-Instruct) on
the same rows (the bundled samples' training split), with the same seed, batch, sequence length, LoRA and
learning-rate schedule, for the same number of steps, each in its own child process started the same way. The
studio side is exactly `python -m training run CONFIG --run-dir D` (its callbacks, metrics file, stop checks and
token counting included); the reference is bench/bare/st_train.py or bench/bare/trl_sft.py. Runs alternate
(studio, bare, bare, studio, ...) and the medians are compared: samples/s as the trainer itself reports it for
`train()` (target: studio / bare >= 0.97) and each child's peak RSS (`wait4`). Neither side evaluates or saves
checkpoints during the timed steps.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import Figure, add_data_dir, median, report  # noqa: E402

TARGET_RATIO = 0.97


def child_env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "STUDIO_DATA_DIR": str(data_dir),
        "OMP_WAIT_POLICY": "PASSIVE",
        "TOKENIZERS_PARALLELISM": "false",
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
    }


def timed_child(command: list[str], env: dict[str, str]) -> tuple[str, float]:
    """Run a child to its end; its stdout and its own peak RSS in MiB (from wait4, not the whole process tree's)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, text=True, cwd=ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {proc.returncode}:\n{stderr[-3000:]}")
    return stdout, usage.ru_maxrss / 1024


def without_validation(name: str, task: str) -> str:
    """A copy of a bundled dataset with no validation split, so neither side evaluates while it is timed."""
    from datasets_spec import store
    from datasets_spec.canonical import Loaded

    dataset = store.load(name)
    fmt = {"retrieval": "ids", "sft": "chat"}[task]
    train = Loaded(task=task, format=fmt, source=dataset.path, examples=dataset.train, corpus=dataset.corpus)
    train.lines = [None] * len(dataset.train)
    empty = Loaded(task=task, format=fmt, source=dataset.path)
    target = f"bench-{name}-train-only"
    store.store_loaded(train, target, validation=empty, overwrite=True)
    return target


def configs(task: str, steps: int):
    """The studio config and the bare script's spec of the same settings."""
    from training.config.presets import preset
    from training.config.studio import StudioConfig

    config = preset("sft-json-cpu") if task == "sft" else StudioConfig()
    if task != "sft":  # pairs, as the figures in BENCHMARKS.md were measured (auto would add the sample's negatives)
        config.loss.use_hard_negatives = "false"
    config.training.mixed_precision = "no"  # fp32 as the bare scripts (auto is bf16 on a CPU with bf16 instructions)
    config.training.max_steps = steps
    config.training.save_steps = 10**6  # no checkpoint inside the timed steps (the reference saves none either)
    config.training.eval_steps = 0
    return config


def prepare(task: str, steps: int, work: Path) -> tuple[Path, Path]:
    """Write the studio's config.yaml and the reference's spec.json (with its rows file) into `work`."""
    from core.models.load import resolve_model_path
    from datasets_spec import store
    from training.config.studio import save_yaml
    from training.tasks.common import precision

    config = configs(task, steps)
    config.data.dataset = without_validation(config.data.dataset, "sft" if task == "sft" else "retrieval")
    model = resolve_model_path(config.model.name_or_path)  # converted once, before anything is timed
    dataset = store.load(config.data.dataset)
    t, lora = config.training, config.lora
    spec = {
        "model": model,
        "max_steps": steps,
        "batch_size": t.per_device_train_batch_size,
        "learning_rate": t.learning_rate,
        "weight_decay": t.weight_decay,
        "max_grad_norm": t.max_grad_norm,
        **precision(config),
        "gradient_checkpointing": t.gradient_checkpointing,
        "warmup_ratio": t.warmup_ratio,
        "seed": t.seed,
        "logging_steps": t.logging_steps,
        "max_seq_length": config.model.max_seq_length,
        "output_dir": str(work / "bare-out"),
        "lora": {
            "r": lora.r,
            "lora_alpha": lora.lora_alpha,
            "lora_dropout": lora.lora_dropout,
            "target_modules": lora.target_modules,
        },
    }
    if task == "sft":
        from training.tasks.sft import prompt_completion, training_examples

        rows = [prompt_completion(e) for e in training_examples(config, dataset.train)]
    else:
        from training.tasks.embedding import config_rows

        rows = config_rows(config, dataset.train, dataset.corpus)
        prompts = json.loads((Path(model) / "config_sentence_transformers.json").read_text()).get("prompts", {})
        spec["prompts"] = {"anchor": prompts.get("query", ""), "positive": prompts.get("document", "")}
        spec["scale"] = 1.0 / config.loss.temperature
    (work / "rows.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    spec["rows"] = str(work / "rows.json")
    (work / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    save_yaml(config, work / "config.yaml")
    return work / "config.yaml", work / "spec.json"


def studio_samples_per_second(run_dir: Path) -> float:
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    return next(r["train_samples_per_second"] for r in reversed(rows) if "train_samples_per_second" in r)


def compare(task: str, steps: int, repeats: int, data_dir: Path) -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix=f"overhead-{task}-"))
    os.environ["STUDIO_DATA_DIR"] = str(data_dir)
    config_path, spec_path = prepare(task, steps, work)
    env = child_env(data_dir)
    bare_script = ROOT / "bench" / "bare" / ("trl_sft.py" if task == "sft" else "st_train.py")
    speed: dict[str, list[float]] = {"studio": [], "bare": []}
    peak: dict[str, list[float]] = {"studio": [], "bare": []}
    for repeat in range(repeats):
        for side in ("studio", "bare") if repeat % 2 == 0 else ("bare", "studio"):
            if side == "studio":
                run_dir = work / f"run-{repeat}"
                command = [sys.executable, "-m", "training", "run", str(config_path), "--run-dir", str(run_dir)]
                _, rss = timed_child(command, env)
                speed[side].append(studio_samples_per_second(run_dir))
            else:
                stdout, rss = timed_child([sys.executable, str(bare_script), str(spec_path)], env)
                speed[side].append(json.loads(stdout.strip().splitlines()[-1])["samples_per_second"])
            peak[side].append(rss)
            print(f"  {task} {side} #{repeat + 1}: {speed[side][-1]:.3f} samples/s, peak {rss:.0f} MiB", flush=True)
    studio_speed, bare_speed = median(speed["studio"]), median(speed["bare"])
    studio_peak, bare_peak = median(peak["studio"]), median(peak["bare"])
    what = f"{steps} steps x {repeats} repeats, medians"
    reference = "sentence-transformers" if task == "embedding" else "TRL"
    return [
        Figure(
            f"training overhead ({task})",
            f"samples/s, studio vs bare {reference}",
            studio_speed,
            "samples/s",
            reference=bare_speed,
            target=f"ratio >= {TARGET_RATIO}",
            met=studio_speed / bare_speed >= TARGET_RATIO,
            note=what,
        ),
        Figure(
            f"training overhead ({task})",
            f"peak RSS, studio vs bare {reference}",
            studio_peak,
            "MiB",
            reference=bare_peak,
            note=what,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", choices=["embedding", "sft", "both"], default="both")
    parser.add_argument("--steps", type=int, default=0, help="timed steps per run (default 20 embedding, 8 sft)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer steps and 2 repeats: a check, not a figure")
    add_data_dir(parser)
    args = parser.parse_args()
    figures: list[Figure] = []
    for task in ("embedding", "sft") if args.task == "both" else (args.task,):
        steps = args.steps or {"embedding": 20, "sft": 8}[task]
        repeats = args.repeats
        if args.quick:
            steps, repeats = {"embedding": 4, "sft": 2}[task], 2
        figures += compare(task, steps, repeats, args.data_dir)
    report(figures)


if __name__ == "__main__":
    main()
