"""The legal recipe as a background job (training/recipes/jobs.py) started for a visitor
(training/visitors/recipes.py): a real process on the bundled sample, its stages read back in order while it runs and
its outcome on disk; and each input a shared studio refuses, before anything starts."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from core.models.names import MINILM
from datasets_spec import store, uploads
from datasets_spec.load import load as load_file
from training.lifecycle import runs
from training.recipes import jobs
from training.recipes.legal import STAGES
from training.visitors import access, recipes
from training.visitors.access import AccessDenied

SAMPLE = Path(__file__).resolve().parents[2] / "datasets_spec" / "samples" / "legal_ko"
ALICE, BOB = access.browser("a" * 32), access.browser("b" * 32)
SMALL = {"model": MINILM, "steps": 2, "max_seq_length": 32, "score_corpus": 137}


def ended(job_dir: Path, timeout: float) -> jobs.Job:
    """The job once it ended, read every half second (a real process: minutes on a busy machine)."""
    deadline = time.monotonic() + timeout
    while (job := jobs.read_job(job_dir)).state == "running":
        assert time.monotonic() < deadline, f"the job still runs after {timeout} s:\n{log_tail(job_dir)}"
        time.sleep(0.5)
    return job


def log_tail(job_dir: Path) -> str:
    path = job_dir / jobs.LOG_FILE
    return path.read_text(encoding="utf-8", errors="replace")[-3000:] if path.exists() else "(no log)"


@pytest.mark.slow
def test_a_job_runs_the_recipe_in_its_own_process(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_MODE", "local")
    questions, cases = str(SAMPLE / "questions.txt"), str(SAMPLE / "cases.jsonl")
    job_dir = recipes.start(
        ALICE, corpus=store.SAMPLE_NAME, name="job-test", questions=questions, cases=cases, rule="hybrid", **SMALL
    )
    with pytest.raises(jobs.RecipeBusy):  # one recipe at a time on a machine, whoever asks
        recipes.start(BOB, corpus=store.SAMPLE_NAME, name="other", cases=cases, **SMALL)
    assert [job.id for job in recipes.job_list(ALICE)] == [job_dir.name] and recipes.job_list(BOB) == []
    seen, offset = [], 0
    deadline = time.monotonic() + 900
    while True:  # read as the page does: only what was appended since the last look
        job, lines, offset = recipes.progress(ALICE, job_dir.name, offset)
        seen += lines
        if job.state != "running" and not lines:
            break
        assert time.monotonic() < deadline, log_tail(job_dir)
        time.sleep(0.5)
    assert job.state == "finished", (job.status, log_tail(job_dir))
    said = list(dict.fromkeys(line["stage"] for line in seen))
    # Labelling 615 questions put every passage in the model's pool: the base model's scoring finds them all in
    # the embedding cache and encodes nothing, so it has nothing to say.
    assert said == [stage for stage in STAGES if stage in said] and set(STAGES) - set(said) <= {"scoring base"}, said
    training = [line["numbers"] for line in seen if line["stage"] == "training"]
    assert training[-1]["run"] == job.status["run"] and training[-1]["of"] == 2
    status = job.status
    assert status["dataset"] == "job-test-hn" and status["config"]["steps"] == 2
    assert set(status["scores"]["rows"]) == {
        "base",
        "trained",
        "BM25",
        "hybrid (BM25 + base)",
        "hybrid (BM25 + trained)",
    }
    assert set(status["scores"]["paired"]) == {"model", "hybrid"}
    assert "--job" in status["command"] and status["recipe"]["labels"]["rule"] == "hybrid"
    # The datasets and the run are the visitor's own.
    for name in ("job-test", "job-test-hn"):
        assert store.load(name).manifest["owner"] == ALICE.owner
    run = runs.read_status(runs.runs_dir() / status["run"])
    assert run["owner"] == ALICE.owner and run["state"] == "finished"
    assert recipes.latest(ALICE).id == job_dir.name


@pytest.mark.slow
def test_a_job_that_fails_says_why(data_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    job_dir = recipes.start(access.MACHINE, corpus=store.SAMPLE_NAME, name="no-questions", questions=str(empty))
    job = ended(job_dir, 300)
    assert job.state == "failed" and job.status["error_kind"] == "DatasetRejected", job.status
    assert "no question" in job.status["error"], job.status["error"]
    assert [line["stage"] for line in jobs.read_progress(job_dir)[0]] == ["corpus"]


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    monkeypatch.setenv("STUDIO_MODE", "shared")


def bobs_corpus() -> str:
    """A stored corpus of Bob's own (the sample's passages and cases)."""
    loaded = load_file(SAMPLE / "cases.jsonl", format="legal", corpus=SAMPLE / "passages.jsonl")
    store.store_loaded(loaded, "bobs-corpus", split_by="case", owner=BOB.owner)
    return "bobs-corpus"


def test_a_shared_studio_refuses_what_is_not_the_visitors_own(shared: None, tmp_path: Path) -> None:
    cases = str(SAMPLE / "cases.jsonl")
    bobs_log = uploads.save_upload(SAMPLE / "questions.txt", "questions.txt", BOB.owner)
    attempts = {
        "server_path": [
            {"corpus": str(SAMPLE / "passages.jsonl"), "cases": cases},  # a passages file on the server
            {"corpus": store.SAMPLE_NAME, "questions": "/etc/passwd"},
            {"corpus": store.SAMPLE_NAME, "cases": str(tmp_path / "cases.jsonl")},
            {"corpus": store.SAMPLE_NAME, "questions": str(bobs_log)},  # another visitor's upload
        ],
        "not_yours": [{"corpus": bobs_corpus(), "cases": cases}],
    }
    for rule, tries in attempts.items():
        for given in tries:
            with pytest.raises(AccessDenied) as refused:
                recipes.start(ALICE, name="alices", **given, **SMALL)
            assert refused.value.rule == rule, (given, refused.value)
    with pytest.raises(AccessDenied, match="no session"):
        recipes.start(access.NOBODY, corpus=store.SAMPLE_NAME, name="x", cases=cases)
    with pytest.raises(recipes.RecipeRefused) as refused:
        recipes.start(ALICE, corpus=store.JSON_TASK_SAMPLE, name="x", cases=cases)
    assert refused.value.rule == "not_retrieval"
    with pytest.raises(recipes.RecipeRefused) as refused:
        recipes.start(ALICE, corpus=store.SAMPLE_NAME, name="x")
    assert refused.value.rule == "nothing"
    for name in ("../up", "x" * 62, ""):  # the mined copy, NAME-hn, is a dataset name too
        with pytest.raises(recipes.RecipeRefused) as refused:
            recipes.start(ALICE, corpus=store.SAMPLE_NAME, name=name, cases=cases)
        assert refused.value.rule == "name"
    with pytest.raises(AccessDenied) as refused:  # the recipe would overwrite Bob's dataset of that name
        recipes.start(ALICE, corpus=store.SAMPLE_NAME, name="bobs-corpus", cases=cases)
    assert refused.value.rule == "not_yours"
    assert not jobs.jobs_dir().exists(), "nothing started"
    # Alice's own upload and the bundled files are hers to use.
    alices_log = uploads.save_upload(SAMPLE / "questions.txt", "questions.txt", ALICE.owner)
    assert recipes.input_file(ALICE, alices_log) == str(alices_log.resolve())
    assert recipes.input_file(ALICE, cases) == str(Path(cases).resolve())


def test_a_job_is_read_by_its_owner_alone(shared: None) -> None:
    folder = jobs.jobs_dir() / "20260101-000000-legal"
    folder.mkdir(parents=True)
    runs.write_status(folder, state="finished", owner=BOB.owner, created=time.time())
    (folder / jobs.PROGRESS_FILE).write_text(json.dumps({"stage": "corpus", "numbers": {"passages": 3}}) + "\n")
    assert recipes.job_list(ALICE) == [] and recipes.latest(ALICE) is None
    with pytest.raises(AccessDenied, match="belongs to another visitor"):
        recipes.progress(ALICE, folder.name)
    for forged in ("../runs", "", "x/y"):
        with pytest.raises(FileNotFoundError):
            recipes.open_job(ALICE, forged)
    job, lines, offset = recipes.progress(BOB, folder.name)
    assert job.state == "finished" and lines == [{"stage": "corpus", "numbers": {"passages": 3}}]
    assert recipes.progress(BOB, folder.name, offset)[1:] == ([], offset)
