"""What the Train tab shows of the open run, without a browser: a progress bar no one can drag, no ETA once the run
is over, the open run's own command, buttons that make sense for its state, and a train log a newcomer can read
(no terminal escapes, the alarming library notices explained where they appear, the raw log kept)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studio.strings import words
from studio.strings.train import STRINGS
from studio.train_charts import ChartNote
from studio.train_view import (
    buttons,
    chart_text,
    log_tail,
    log_views,
    progress_html,
    progress_text,
    rate,
    run_command,
)
from training.config.studio import StudioConfig
from training.lifecycle import runs
from training.lifecycle.progress import Progress

HANGUL = re.compile("[가-힣]")
EMBEDDING_LOAD = (
    "\x1b[1mBertModel LOAD REPORT\x1b[0m from: /models/tiny\n"
    "Key                   | Status  | \n"
    "----------------------+---------+-\n"
    "pooler.dense.{weight, bias} | \x1b[31mMISSING\x1b[0m | \n"
    "\n"
    "Notes:\n"
    "- \x1b[31mMISSING:\x1b[0m\t\x1b[3mthose params were newly initialized because missing from the checkpoint. "
    "Consider training on your downstream task.\x1b[0m\n"
    "\rLoading weights:   0%|   | 0/39\rLoading weights: 100%|███| 39/39\n"
    "{'loss': 2.01, 'grad_norm': 0.15}\n"
)
CLASSIFIER_LOAD = (
    "Some weights of BertForSequenceClassification were not initialized from the model checkpoint at /models/tiny "
    "and are newly initialized: ['classifier.bias', 'classifier.weight']\n"
    "You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.\n"
    "step 1\n"
)


def test_the_progress_bar_is_read_only_text_and_a_filled_div() -> None:
    bar = progress_html(0.375, "Training progress")
    assert 'role="progressbar"' in bar and 'aria-valuenow="38"' in bar and "38%" in bar and "width:37.5%" in bar
    assert "<input" not in bar and "button" not in bar  # nothing to drag, nothing to reset
    assert 'aria-valuenow="100"' in progress_html(1.7, "x")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_eta_and_pace_belong_to_a_live_run_only(lang: str) -> None:
    w = words("train", lang)
    p = Progress(step=10, total=75, elapsed=720.0, eta=300.0, learning_rate=1e-4, loss=0.5, samples_per_second=3.0)
    live = progress_text(w, "running", True, p, rate)
    assert "5:00" in live and "12:00" in live
    over = progress_text(w, "stopped", False, p, rate)
    assert "5:00" not in over and "12:00" in over and "10 / 75" in over
    assert ("ETA" if lang == "en" else "남은 시간") not in over and "samples/s" not in over


@pytest.mark.parametrize(
    ("state", "stop", "delete", "resume"),
    [
        (None, False, False, False),  # no run open
        ("queued", True, False, False),
        ("running", True, False, False),
        ("stopped", False, True, True),
        ("finished", False, True, False),
        ("failed", False, True, True),
    ],
)
def test_buttons_follow_the_open_runs_state(state, stop, delete, resume) -> None:
    able = buttons(state)
    assert (able.stop, able.delete, able.resume) == (stop, delete, resume)


def test_the_command_shown_is_the_open_runs_own(data_dir: Path) -> None:
    first = runs.create_run(StudioConfig(), runs.runs_dir(), label="first")
    second = runs.create_run(StudioConfig(), runs.runs_dir(), label="second")
    shown = run_command(first, runs.read_status(first))
    assert f"training run {first / 'config.yaml'}" in shown and second.name not in shown
    runs.write_status(first, resume=True)  # resumed: the process it runs is `training resume`
    assert run_command(first, runs.read_status(first)).endswith(f"-m training resume {first}")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_log_loses_its_escapes_and_explains_the_pooler_where_it_appears(tmp_path: Path, lang: str) -> None:
    (tmp_path / "train.log").write_text(EMBEDDING_LOAD, encoding="utf-8")
    raw = log_tail(tmp_path)
    explained, as_written = log_views(raw, "embedding", words("train", lang))
    assert "\x1b" not in explained and "\x1b[31mMISSING" in as_written  # the raw log stays as written
    lines = explained.splitlines()
    note = STRINGS["notice_pooler"][lang]
    assert lines.count("  -> " + note) == 1, "one note for the whole load report"
    assert lines.index("  -> " + note) == lines.index("Loading weights: 100%|███| 39/39") - 1  # right under it
    assert "Loading weights:   0%" not in explained  # tqdm's redraws: only the last state
    if lang == "ko":
        assert HANGUL.search(note)


def test_a_new_classification_head_is_expected_in_words() -> None:
    explained, _ = log_views(CLASSIFIER_LOAD, "classification", words("train", "en"))
    lines = explained.splitlines()
    assert lines[2] == "  -> " + STRINGS["notice_head"]["en"] and lines[3] == "step 1"
    plain, _ = log_views("step 1\n{'loss': 1.0}\n", "embedding", words("train", "en"))
    assert "->" not in plain  # an ordinary log gets no note


SEARCHED = {"size": 10000, "corpus": 84539, "positives": 312, "negatives": 2410, "sampled": 7278, "seed": 42}
SAID = {
    "en": "Validation over 10,000 of 84,539 passages (312 positives, 2,410 hard negatives, 7,278 sampled; seed 42)",
    "ko": "검증은 전체 84,539개 문단 중 10,000개에서 합니다(정답 312개, 하드 네거티브 2,410개, 무작위 7,278개; "
    "시드 42)",
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_validation_chart_says_what_the_validation_searched(lang: str) -> None:
    w = words("train", lang)
    status = {"state": "running", "validation_corpus": SEARCHED}
    assert chart_text("eval", None, status, w).startswith(SAID[lang])
    waiting = chart_text("eval", ChartNote("wait_eval", {"every": 25, "next": 25}), status, w)
    assert waiting == w("note_wait_eval", every=25, next=25) + "  \n" + chart_text("eval", None, status, w)
    assert chart_text("loss", None, status, w) == "", "only the validation chart"
    assert chart_text("eval", None, {"state": "running"}, w) == "", "an older run, or one still building its trainer"
    whole = {**SEARCHED, "size": 84539, "sampled": 81817}
    assert chart_text("eval", None, {"validation_corpus": whole}, w) == w("eval_corpus_all", corpus=84539)
    assert "84,539" in w("eval_corpus_all", corpus=84539)
