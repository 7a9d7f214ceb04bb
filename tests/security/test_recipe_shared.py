"""The Augment tab's legal recipe in a shared studio, attacked over HTTP the way a stranger can: a server file or
another visitor's dataset as the corpus, a server file handed over as an upload, another visitor's dataset name for
what the recipe stores. Each is refused in one sentence and nothing starts; a visitor's own recipe runs in its own
process, and what it makes (two datasets, a run) is theirs, its progress shown to them alone."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from datasets_spec.store import SAMPLE_DIR, SAMPLE_NAME
from tests.e2e.helpers import free_port
from tests.security.checks import SECRET, browser_id, leaks, refusal, refused, server_paths
from tests.security.studio_http import Browser, StudioApp

pytestmark = pytest.mark.slow

A, B = browser_id(), browser_id()
JOB_TIMEOUT = 900  # a real recipe on the tiny model: about a minute alone, several beside other tests


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Iterator[StudioApp]:
    """A shared studio whose visitors may name the tiny model's folder (STUDIO_DATA_ROOTS), nothing else."""
    base = tmp_path_factory.mktemp("recipe-studio")
    app = StudioApp(
        base / "data", free_port(), base / "app.log", {"STUDIO_MODE": "shared", "STUDIO_DATA_ROOTS": str(tiny_model)}
    )
    print(f"\nshared studio started in {app.start():.1f} s")
    yield app
    app.stop()


def jobs_started(app: StudioApp) -> list[str]:
    folder = app.data_dir / "recipes"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.exists() else []


def form(visitor: Browser, tiny_model: Path, **fields) -> dict:
    """The section's fields: the bundled cases uploaded, the tiny model, two steps, the smallest scoring corpus."""
    return {
        "aug-rc-corpus": SAMPLE_NAME,
        "aug-rc-name": "recipe",
        "aug-rc-cases": visitor.upload(SAMPLE_DIR / "cases.jsonl"),
        "aug-rc-model": str(tiny_model),
        "aug-rc-steps": "2",
        "aug-rc-len": 32,
        "aug-rc-score-corpus": 137,
    } | fields


@pytest.fixture(scope="module")
def contested(studio: StudioApp, upload_jsonl: Path) -> Browser:
    """A's private dataset 'contested', and a tab of B's whose corpus list still offers that name: B stored one of
    that name, opened the recipe section (the list took it in), renamed it in another tab, and A then stored theirs
    under the freed name. Gradio refuses a name a tab was never offered, so only such a stale tab reaches the app's
    own check."""
    stale = Browser(studio, B)
    mine = stale.call("data_store", {"data-upload-file": stale.upload(upload_jsonl), "data-name": "contested"})
    assert mine.error is None, mine.raw[-2000:]
    opened = stale.call("recipe_open")
    assert "contested" in opened.choices(3), opened.raw[-2000:]
    other = stale.tab()
    assert "contested" in other.call("use_sample").choices(0)
    renamed = other.call("data_rename", {"data-dataset": "contested", "data-new-name": "b-renamed"})
    assert renamed.error is None, renamed.raw[-2000:]
    a = Browser(studio, A)
    theirs = a.call("data_store", {"data-upload-file": a.upload(upload_jsonl), "data-name": "contested"})
    assert theirs.error is None, theirs.raw[-2000:]
    manifest = studio.data_dir / "datasets" / "contested" / "manifest.json"
    assert json.loads(manifest.read_text(encoding="utf-8"))["owner"] == A
    return stale


def test_another_visitors_dataset_is_neither_searched_nor_replaced(
    studio: StudioApp, contested: Browser, tiny_model: Path
) -> None:
    before = (studio.data_dir / "datasets" / "contested" / "manifest.json").read_bytes()
    reply = contested.call("recipe_start", form(contested, tiny_model, **{"aug-rc-corpus": "contested"}))
    refusal(reply.said(0), "belongs to another visitor")
    b = Browser(studio, B)
    refusal(b.call("recipe_start", form(b, tiny_model, **{"aug-rc-name": "contested"})).said(0), "another visitor")
    refusal(b.call("recipe_start_1", form(b, tiny_model, **{"aug-rc-name": "contested"})).said(0), "다른 방문자")
    refusal(b.call("recipe_start", form(b, tiny_model, **{"aug-rc-name": SAMPLE_NAME})).said(0), "shared")
    assert (studio.data_dir / "datasets" / "contested" / "manifest.json").read_bytes() == before
    assert jobs_started(studio) == []


def test_a_file_on_the_server_is_neither_the_corpus_nor_an_upload(
    studio: StudioApp, outside: Path, tiny_model: Path
) -> None:
    b = Browser(studio, B)
    secret = outside / "secret.csv"
    for corpus in (str(secret), str(SAMPLE_DIR / "passages.jsonl")):
        refused(b.call("recipe_start", form(b, tiny_model, **{"aug-rc-corpus": corpus})), 0, "shared")
    forged = {"path": str(secret), "orig_name": "secret.csv", "meta": {"_type": "gradio.FileData"}}
    for field in ("aug-rc-questions", "aug-rc-cases"):
        reply = b.call("recipe_start", form(b, tiny_model, **{field: forged}))
        assert SECRET not in reply.raw
    assert jobs_started(studio) == []
    assert not list((studio.data_dir / "uploads").rglob("*secret*"))


def test_a_visitors_own_recipe_is_theirs(studio: StudioApp, tiny_model: Path) -> None:
    b = Browser(studio, B)
    started = b.call("recipe_start", form(b, tiny_model, **{"aug-rc-name": "b-recipe"}))
    assert started.said(0).startswith("**Started** · "), started.raw[-2000:]
    (job,) = jobs_started(studio)
    status_file = studio.data_dir / "recipes" / job / "status.json"
    deadline = time.monotonic() + JOB_TIMEOUT
    while (status := json.loads(status_file.read_text(encoding="utf-8")))["state"] == "running":
        assert time.monotonic() < deadline, (studio.data_dir / "recipes" / job / "recipe.log").read_text()[-3000:]
        time.sleep(1)
    assert status["state"] == "finished", (status, (studio.data_dir / "recipes" / job / "recipe.log").read_text())
    for name in ("b-recipe", "b-recipe-hn"):
        manifest = json.loads((studio.data_dir / "datasets" / name / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["owner"] == B
    run = json.loads((studio.data_dir / "runs" / status["run"] / "status.json").read_text(encoding="utf-8"))
    assert run["owner"] == B and run["state"] == "finished"
    shown = b.tab().call("recipe_open").said(0)  # a reload: the section opens on B's latest job
    assert shown.startswith("**Finished** in ") and "| trained model | " in shown and "<data>" not in shown, shown
    assert "b-recipe-hn" in b.tab().call("recipe_open").choices(3)
    others = Browser(studio, A).call("recipe_open")
    assert others.said(0).startswith("No recipe yet.") and "b-recipe-hn" not in others.choices(3)
    # Gradio's own refusal repeats what a visitor sent (a path they named); every other reply names no server path.
    answered = [r for r in studio.replies if "is not in the list of choices" not in (r.error or "")]
    assert leaks(answered, server_paths(studio)) == []
