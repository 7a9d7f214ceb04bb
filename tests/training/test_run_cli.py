"""Real training through the CLI on a tiny random BERT: metrics on disk, an adapter, and the eval CLI on it."""

from __future__ import annotations

import json
import time
from pathlib import Path

import psutil
import pytest

from datasets_spec import store
from datasets_spec.formats.beir import export_beir
from tests.training.builders import cli, tiny_config
from training.config.studio import save_yaml
from training.insight.schedule import horizon, learning_rates
from training.lifecycle import runs
from training.lifecycle.metrics import read_metrics
from training.lifecycle.progress import progress

pytestmark = pytest.mark.slow  # every test trains through the CLI in a child process


def test_training_run_writes_metrics_status_and_adapter(tiny_model: Path, data_dir: Path, tmp_path: Path) -> None:
    save_yaml(tiny_config(tiny_model), tmp_path / "config.yaml")
    run_dir = tmp_path / "run"
    result = cli("run", str(tmp_path / "config.yaml"), "--run-dir", str(run_dir), data_dir=data_dir)
    assert result.returncode == 0, result.stderr[-3000:]

    status = runs.read_status(run_dir)
    assert status["state"] == "finished" and status["step"] == 6
    assert status["first_eval"]["eval_ndcg@10"] >= 0 and "eval_mrr@10" in status["final_eval"]

    rows, offset = read_metrics(run_dir)
    assert offset == (run_dir / "metrics.jsonl").stat().st_size
    train_rows = [r for r in rows if "loss" in r]
    assert [r["step"] for r in train_rows] == [1, 2, 3, 4, 5, 6]
    # The preview's curve is the trainer's: the LR logged at step s is the one the scheduler held after s - 1 steps.
    config = tiny_config(tiny_model)
    assert config.training.gradient_accumulation_steps == 1
    rates = learning_rates(config, horizon(config))
    assert [r["learning_rate"] for r in train_rows] == pytest.approx(rates[:6])
    for row in train_rows:
        assert {"epoch", "learning_rate", "grad_norm", "time", "num_input_tokens_seen"} <= set(row)
    # Tokens seen count every text column of the batch (anchor, positive, negative), padding left out.
    seen = [r["num_input_tokens_seen"] for r in train_rows]
    assert all(b > a for a, b in zip(seen, seen[1:], strict=False))
    assert rows[0]["examples_per_step"] == config.training.per_device_train_batch_size
    pace = progress(rows)
    assert pace.samples_per_second > 0 and pace.tokens_per_second > pace.samples_per_second
    eval_steps = [r["step"] for r in rows if "eval_ndcg@10" in r]
    assert eval_steps == [0, 3, 6]
    assert all(
        {"eval_recall@1", "eval_recall@5", "eval_recall@10", "eval_mrr@10"} <= set(r)
        for r in rows
        if "eval_ndcg@10" in r
    )

    model_dir = run_dir / "model"
    adapter = json.loads((model_dir / "adapter_config.json").read_text())
    assert adapter["r"] == 16 and set(adapter["target_modules"]) == {"query", "key", "value", "dense"}
    assert (model_dir / "adapter_model.safetensors").stat().st_size > 0
    assert sorted(p.name for p in (run_dir / "checkpoints").glob("checkpoint-*")) == ["checkpoint-3", "checkpoint-6"]

    # The eval CLI applies the run's adapter and reproduces the score training logged for the model it kept: the best
    # checkpoint's (load_best_model_at_end), which need not be the last step's.
    beir = export_beir(
        store.load(store.SAMPLE_NAME).corpus, store.load(store.SAMPLE_NAME).validation, tmp_path / "beir"
    )
    scored = cli("eval", "--model", str(run_dir), "--beir", str(beir), "--json", data_dir=data_dir)
    assert scored.returncode == 0, scored.stderr[-3000:]
    metrics = json.loads(scored.stdout.strip().splitlines()[-1])
    assert set(metrics) >= {"ndcg@10", "recall@1", "recall@5", "recall@10", "mrr@10"}
    best_step = int(status["best_checkpoint"].rsplit("-", 1)[1])
    kept = next(r["eval_ndcg@10"] for r in rows if r["step"] == best_step and "eval_ndcg@10" in r)
    # Same model, same evaluator; float noise (thread count, padding) can swap one near-tie of the tiny random
    # model, which moves NDCG@10 over 69 queries by about 2e-4.
    assert metrics["ndcg@10"] == pytest.approx(kept, abs=1e-3)
    assert "Corpus Chunks" in cli("eval", "--model", str(run_dir), "--beir", str(beir), data_dir=data_dir).stderr


def test_bad_config_fails_the_run_with_the_reason_in_its_status(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("training:\n  learning_rate: fast\n", encoding="utf-8")
    result = cli("run", str(tmp_path / "config.yaml"), "--run-dir", str(tmp_path / "run"), data_dir=data_dir)
    assert result.returncode == 1
    status = runs.read_status(tmp_path / "run")
    assert status["state"] == "failed" and "training.learning_rate = 'fast': expected float" in status["error"]


def test_target_modules_that_match_nothing_are_named(tiny_model: Path, data_dir: Path, tmp_path: Path) -> None:
    config = tiny_config(tiny_model)
    config.lora.target_modules = ["q_proj"]
    save_yaml(config, tmp_path / "config.yaml")
    result = cli("run", str(tmp_path / "config.yaml"), "--run-dir", str(tmp_path / "run"), data_dir=data_dir)
    assert result.returncode == 1
    error = runs.read_status(tmp_path / "run")["error"]
    assert "lora.target_modules: ['q_proj'] match no module" in error and "query" in error


def test_stop_ends_a_background_run_cleanly_with_a_checkpoint(tiny_model: Path, data_dir: Path) -> None:
    config = tiny_config(tiny_model, max_steps=2000, eval_steps=0, save_steps=1000)
    run_dir = runs.create_run(config, runs.runs_dir())
    assert runs.read_status(run_dir)["state"] == "queued"
    pid = runs.start(run_dir)
    deadline = time.time() + 120
    # At $STUDIO_RUN_NICENESS (10 by default): the page beside it keeps the CPU it needs.
    while psutil.Process(pid).nice() != 10:
        assert time.time() < deadline, psutil.Process(pid).cmdline()
        time.sleep(0.1)
    assert "training" in psutil.Process(pid).cmdline(), "nice execs the run itself: its pid is the run's"
    while not any("loss" in r for r in read_metrics(run_dir)[0]):
        assert time.time() < deadline, (run_dir / "train.log").read_text()[-2000:]
        time.sleep(0.5)
    assert runs.read_status(run_dir)["state"] == "running"
    runs.stop(run_dir)
    while runs.read_status(run_dir)["state"] == "running":
        assert time.time() < deadline
        time.sleep(0.5)
    status = runs.read_status(run_dir)
    assert status["state"] == "stopped" and 0 < status["step"] < 2000
    assert (run_dir / "checkpoints" / f"checkpoint-{status['step']}").is_dir()
    assert (run_dir / "model" / "adapter_config.json").exists()
    assert [r.id for r in runs.list_runs(runs.runs_dir())] == [run_dir.name]


def test_full_fine_tuning_saves_a_whole_model_that_loads_from_the_run(
    tiny_model: Path, data_dir: Path, tmp_path: Path
) -> None:
    from core.models.load import load_embedding_model

    config = tiny_config(tiny_model, max_steps=2, eval_steps=0, save_steps=100)
    config.lora.use_lora = False
    save_yaml(config, tmp_path / "config.yaml")
    run_dir = tmp_path / "run"
    result = cli("run", str(tmp_path / "config.yaml"), "--run-dir", str(run_dir), data_dir=data_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (run_dir / "model" / "model.safetensors").exists() and not (
        run_dir / "model" / "adapter_config.json"
    ).exists()
    model = load_embedding_model(str(run_dir))
    assert model.max_seq_length == 32 and model.encode(["민법"]).shape == (1, 32)
