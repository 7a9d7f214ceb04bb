"""The card's scores are those of the exported weights: a real tiny run stopped between evaluations is measured at
export and its card equals `python -m training eval` of the exported folder; a run that keeps its best checkpoint
shows the evaluation logged at that step; a run that cannot be measured says so instead of showing other weights."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.training.export_runs import bert_config, train_run
from training.__main__ import main
from training.lifecycle.metrics import STOP_FILE, read_metrics
from training.lifecycle.runs import read_status
from training.publish.card import render
from training.publish.export import export
from training.retrieval.evaluate import REPORTED

pytestmark = pytest.mark.slow  # each test trains a run and stops it between evaluations

STOP_AT = 3  # training steps logged before Stop is pressed


def press_stop_after(run_dir: Path, step: int) -> threading.Thread:
    """Touch the STOP file once the run has logged `step` training steps: what the Stop button does."""

    def watch() -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if any("loss" in r and r.get("step", 0) >= step for r in read_metrics(run_dir)[0]):
                (run_dir / STOP_FILE).touch()
                return
            time.sleep(0.02)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def stopped_run(prompted_bert: Path, runs_data: Path, run_dir: Path, *, keep_best: bool) -> Path:
    """200 steps asked, evaluations every `eval_steps`, stopped after a few steps by the STOP file."""
    config = bert_config(prompted_bert)
    config.training.max_steps = 200
    config.training.eval_steps = 2 if keep_best else 100  # keep_best: evaluations (and checkpoints) before the stop
    config.training.save_steps = 100
    config.training.learning_rate = 1e-2
    config.training.warmup_ratio = 0.0  # 10% of 200 steps would leave the weights at the base for the first steps
    config.early_stopping.load_best_model_at_end = keep_best
    watcher = press_stop_after(run_dir, STOP_AT)
    train_run(config, run_dir, runs_data)
    watcher.join(timeout=5)
    status = read_status(run_dir)
    assert status["state"] == "stopped" and STOP_AT <= status["step"] < 100, status
    return run_dir


def card_after(card: str) -> tuple[str, dict[str, float]]:
    """The results table's "after" header and its numbers by metric."""
    head = re.search(r"^\| metric \| before \(base model\) \| (after [^|]*) \| change \|$", card, re.M)
    assert head, card
    values = {}
    for name in REPORTED:
        row = re.search(rf"^\| {re.escape(name)} \| [^|]+ \| ([0-9.]+) \| [^|]+ \|$", card, re.M)
        values[name] = float(row[1])
    return head[1], values


def eval_cli(folder: Path, dataset: str, capsys: pytest.CaptureFixture) -> dict[str, float]:
    capsys.readouterr()
    assert main(["eval", "--model", str(folder), "--dataset", dataset, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("keep_best", [False, True], ids=["last-step", "keep-best"])
def test_a_stopped_runs_card_scores_the_exported_weights(
    keep_best: bool,
    prompted_bert: Path,
    runs_data: Path,
    studio_data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
) -> None:
    run = stopped_run(prompted_bert, runs_data, tmp_path / "run", keep_best=keep_best)
    status = read_status(run)
    out = export(run, "sentence-transformers", tmp_path / "st")
    card = (out / "README.md").read_text(encoding="utf-8")
    head, after = card_after(card)
    got = eval_cli(out, "legal-ko-sample", capsys)
    for name in REPORTED:
        assert after[name] == pytest.approx(got[name], abs=1e-4), (name, head)
    logged = {r["step"]: r for r in read_metrics(run)[0] if "eval_ndcg@10" in r}
    best = status.get("best_checkpoint")
    saved = int(best.rsplit("-", 1)[-1]) if best else status["step"]  # the trainer loads its best at a stop too
    assert keep_best or not best
    if saved in logged:  # an evaluation of these very weights was logged: the card shows it, naming the step
        assert head == f"after (step {saved})"
        assert after["ndcg@10"] == pytest.approx(logged[saved]["eval_ndcg@10"], abs=1e-4)
    else:  # none: measured when exported, and the card says so
        assert head == f"after (step {saved}, measured at export)"
        assert f"No evaluation was logged at step {saved}" in card
    if not keep_best:  # stopped long before the first evaluation after step 0, whose row the card used to show
        assert saved not in logged and sorted(logged) == [0]
        assert after["ndcg@10"] != pytest.approx(logged[0]["eval_ndcg@10"], abs=1e-4), "the base's scores"


def test_an_unmeasured_run_names_the_steps_instead_of_showing_other_weights(
    classification_run: Path, studio_data: Path, tmp_path: Path
) -> None:
    run = Path(shutil.copytree(classification_run, tmp_path / "run"))
    status = read_status(run)
    rows = [{"step": 0, "eval_accuracy": 0.2}, {"step": 1, "eval_accuracy": 0.5}]
    (run / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    card = render(run, "merged", model_ref=str(tmp_path / "out"))
    assert (
        f"The exported weights (step {status['step']}) were not evaluated: the last validation scores were logged at "
        "step 1, for other weights, so none are shown." in card
    )
    assert "| accuracy |" not in card
    # A classifier is not measured at export: the card says the same after a real export.
    shown = (export(run, "merged", tmp_path / "merged") / "README.md").read_text(encoding="utf-8")
    assert f"The exported weights (step {status['step']}) were not evaluated" in shown
