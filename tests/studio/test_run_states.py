"""A run's state on the Train tab and in the history, in the page's language: the dropdown, the progress line's
state, the page title and the history table (its columns too)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studio.strings.train import STRINGS
from studio.tabs import history_panel, train
from training.config.studio import StudioConfig
from training.lifecycle import runs

HANGUL = re.compile("[가-힣]")


@pytest.mark.parametrize("state", history_panel.STATES)
def test_every_state_has_english_and_korean(state: str) -> None:
    entry = STRINGS[f"state_{state}"]
    assert entry["en"] == state and HANGUL.search(entry["ko"])


def test_states_and_columns_in_korean(data_dir: Path) -> None:
    for state in ("finished", "stopped"):
        run_dir = runs.create_run(StudioConfig(), runs.runs_dir(), label=state)
        runs.write_status(run_dir, state=state)
    labels = {label.rsplit(" · ", 1)[1] for label, _ in train.run_choices(lang="ko")}
    assert labels == {"완료", "중지됨"}
    assert {label.rsplit(" · ", 1)[1] for label, _ in train.run_choices()} == {"finished", "stopped"}
    table = history_panel.history_table(lang="ko")
    assert set(table["상태"]) == {"완료", "중지됨"} and all(HANGUL.search(c) for c in table.columns)
    english = history_panel.history_table()
    assert set(english["state"]) == {"finished", "stopped"} and "run" in english.columns
    assert train.page_title("stopped", 3, 10, 0.3, "ko") == "중지됨 · Tuning Studio"
    assert history_panel.state_word("resuming", "ko") == "resuming", "a state without a word stays as it is"


def test_a_vanished_run_is_failed_by_rule(data_dir: Path) -> None:
    """kill -9 or a reboot: read_status names the error by rule, and the Train tab says it in each language."""
    run_dir = runs.create_run(StudioConfig(), runs.runs_dir())
    runs.write_status(run_dir, state="running", pid=4_194_305)  # above Linux's largest pid: no such process
    status = runs.read_status(run_dir)
    assert (status["state"], status["error_rule"]) == ("failed", "vanished")
    assert STRINGS["error_vanished"]["en"] == status["error"] and HANGUL.search(STRINGS["error_vanished"]["ko"])
