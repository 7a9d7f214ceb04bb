"""A shared studio (STUDIO_MODE=shared, as on a Space) attacked the way a stranger can: over HTTP, with any browser id
they like. Each attack is refused with one sentence, and nothing outside the data dir is read, written or listed.

One app serves the whole module: A, B, C and D are four anonymous browsers; A owns a private dataset and a run, B
attacks them, C fills its quota, D's uploads folder sits on a 1 MiB filesystem (when the test may mount one).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from datasets_spec.store import SAMPLE_NAME
from studio.form import config_to_values
from tests.e2e.helpers import free_port
from tests.security.checks import (
    SECRET,
    browser_id,
    install_run,
    leaks,
    refusal,
    refused,
    server_paths,
    tiny_config,
)
from tests.security.studio_http import Browser, StudioApp
from tests.training.hub_server import FakeHub
from training.lifecycle.metrics import STOP_FILE

pytestmark = pytest.mark.slow

TOKEN = "hf_the_servers_own_secret_token"
A, B, C, D = (browser_id() for _ in range(4))
TINY_DISK = "1m"


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def stored(app: StudioApp) -> set[str]:
    """Every dataset and upload file of the studio."""
    return files_under(app.data_dir / "datasets") | {f"uploads/{p}" for p in files_under(app.data_dir / "uploads")}


def run_state(app: StudioApp, run_id: str) -> dict:
    return json.loads((app.data_dir / "runs" / run_id / "status.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    with FakeHub(TOKEN) as server:
        yield server


@pytest.fixture(scope="module")
def studio(
    tmp_path_factory: pytest.TempPathFactory, hub: FakeHub, cli_run: Path, tiny_model: Path
) -> Iterator[StudioApp]:
    """The shared studio: the host lets visitors read the tiny model's folder (STUDIO_DATA_ROOTS), has an HF_TOKEN
    for its own pushes, and lets each visitor keep two datasets."""
    base = tmp_path_factory.mktemp("shared-studio")
    data = base / "data"
    install_run(cli_run, data)
    app = StudioApp(
        data,
        free_port(),
        base / "app.log",
        {
            "STUDIO_MODE": "shared",
            "STUDIO_DATA_ROOTS": str(tiny_model),
            "STUDIO_QUOTA_DATASETS": "2",
            "HF_TOKEN": TOKEN,
            "HF_ENDPOINT": hub.url,
        },
    )
    print(f"\nshared studio started in {app.start():.1f} s")
    yield app
    app.stop()


@pytest.fixture(scope="module")
def tiny_disk(studio: StudioApp) -> Iterator[Path]:
    """D's uploads folder on a 1 MiB filesystem: a full disk, for real (mounting one needs root)."""
    disk = studio.data_dir / "uploads" / D
    disk.mkdir(parents=True)
    mount = ["mount", "-t", "tmpfs", "-o", f"size={TINY_DISK}", "tmpfs", str(disk)]
    if os.geteuid() != 0 or subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("mounting a 1 MiB tmpfs needs root; the engine-level full-disk test covers this")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


@pytest.fixture(scope="module")
def a_dataset(studio: StudioApp, upload_jsonl: Path) -> tuple[str, Browser]:
    """A's private dataset, and a tab of B's whose dropdown still offers its name: B stored a dataset of that name
    there, renamed it in another tab, and A then stored theirs under the freed name. Gradio refuses a name a tab was
    never offered, so only such a stale tab reaches the app's own check (as a custom-value field does)."""
    stale = Browser(studio, B)
    mine = stale.call("data_store", {"data-upload-file": stale.upload(upload_jsonl), "data-name": "contested"})
    assert mine.error is None and "contested" in mine.choices(0), mine.raw[-2000:]
    other = stale.tab()
    assert "contested" in other.call("use_sample").choices(0)
    renamed = other.call("data_rename", {"data-dataset": "contested", "data-new-name": "b-renamed"})
    assert renamed.error is None and "b-renamed" in renamed.choices(0), renamed.raw[-2000:]
    a = Browser(studio, A)
    theirs = a.call("data_store", {"data-upload-file": a.upload(upload_jsonl), "data-name": "contested"})
    assert theirs.error is None and "contested" in theirs.choices(0), theirs.raw[-2000:]
    manifest = studio.data_dir / "datasets" / "contested" / "manifest.json"
    assert json.loads(manifest.read_text(encoding="utf-8"))["owner"] == A
    return "contested", stale


@pytest.fixture(scope="module")
def a_run(studio: StudioApp, tiny_model: Path) -> tuple[str, Browser]:
    """A's run on the bundled sample, started from the Train tab's form, and A's tab (its run list offers it)."""
    a = Browser(studio, A)
    reply = a.call("train_start", config_to_values(tiny_config(tiny_model, max_steps=30)))
    assert reply.error is None, reply.raw[-2000:]
    run_id = reply.output(0)["value"]
    assert run_id and run_state(studio, run_id)["owner"] == A, reply.raw[-2000:]
    return run_id, a


def test_a_file_on_the_server_is_not_read(studio: StudioApp, outside: Path, tiny_model: Path) -> None:
    b = Browser(studio, B)
    secret = outside / "secret.csv"
    # Named in the field for files on this machine, also by a path that starts inside the folder the host allows.
    for named in (str(secret), f"{tiny_model}/../{outside.name}/secret.csv"):
        reply = b.call("data_check", {"data-local-path": named, "data-tokenizer": str(tiny_model)})
        refusal(reply.said(0), "shared")
        assert SECRET not in reply.raw and reply.rows(5) == []
    # The Korean page has the same events under its own names.
    korean = b.call("data_check_1", {"data-local-path": str(secret), "data-tokenizer": str(tiny_model)})
    refusal(korean.said(0))
    assert SECRET not in korean.raw and korean.rows(5) == []
    # Or handed to the upload field as if Gradio had received it.
    forged = {"path": str(secret), "orig_name": "secret.csv", "meta": {"_type": "gradio.FileData"}}
    reply = b.call("data_check", {"data-upload-file": forged, "data-tokenizer": str(tiny_model)})
    assert SECRET not in reply.raw


def test_a_folder_of_100k_files_is_refused_at_once(studio: StudioApp, outside: Path, tiny_model: Path) -> None:
    b = Browser(studio, B)
    empty = b.call("data_check", {"data-local-path": str(outside / "empty"), "data-tokenizer": str(tiny_model)})
    tree = b.call("data_check", {"data-local-path": str(outside / "tree"), "data-tokenizer": str(tiny_model)})
    print(f"\nshared: empty folder {empty.seconds:.2f} s, 100k-file tree {tree.seconds:.2f} s (round trips)")
    refusal(tree.said(0), "shared")
    assert tree.seconds - empty.seconds < 1.0 and tree.rows(5) == []


def test_an_export_never_lands_outside_the_data_dir(studio: StudioApp, cli_run: Path, outside: Path) -> None:
    b, run = Browser(studio, B), {"deploy-run": cli_run.name, "deploy-kind": "adapter"}
    target = outside / "exports"
    before = files_under(target)
    refusal(b.call("deploy_export", {**run, "deploy-out": str(target), "deploy-force": True}).said(0))
    refusal(b.call("deploy_export", {**run, "deploy-out": str(outside / "new-export")}).said(0))
    assert files_under(target) == before and (target / "CANARY").read_text(encoding="utf-8") == "the host's file"
    assert not (outside / "new-export").exists()
    # A plain name is exported into B's own folder under the data dir.
    mine = b.call("deploy_export", {**run, "deploy-out": "mine"})
    assert mine.error is None and (studio.data_dir / "exports" / B / "mine").is_dir(), mine.raw[-2000:]


def test_the_servers_token_never_pushes_for_a_visitor(studio: StudioApp, hub: FakeHub, cli_run: Path) -> None:
    reply = Browser(studio, B).call(
        "deploy_push", {"deploy-run": cli_run.name, "deploy-repo": "studio-user/stolen", "deploy-token": ""}
    )
    refusal(reply.said(0), "token")
    assert [r for r in hub.requests if r[0] == "POST"] == [] and hub.repos == {}


def test_another_visitors_dataset_is_neither_listed_used_nor_changed(
    studio: StudioApp, a_dataset: tuple[str, Browser], tiny_model: Path
) -> None:
    name, stale = a_dataset
    b = Browser(studio, B)
    assert name not in b.call("use_sample").choices(0) and name in Browser(studio, A).call("use_sample").choices(0)
    config = tiny_config(tiny_model, max_steps=2)
    config.data.dataset = name  # the Configure tab's dataset field takes any typed name
    refusal(b.call("train_start", config_to_values(config)).said(1), "another visitor")
    sweep = b.form("sweep_queue")  # name, method, trials, metric, then the parameters and the form
    sweep[4:] = ["training.learning_rate: [1e-4, 1e-3]", *config_to_values(config)]
    refusal(b.call("sweep_queue", sweep).said(1), "another visitor")
    # B's stale tab offers the name: the app's own check answers.
    refusal(stale.call("data_delete", {"data-dataset": name}).said(1), "another visitor")
    refusal(stale.call("data_rename", {"data-dataset": name, "data-new-name": "b-now"}).said(1), "another visitor")
    refusal(stale.call("data_share", {"data-dataset": name}).said(0), "another visitor")
    # A fresh tab is refused too, by whichever check comes first.
    for api_name, index in (("data_delete", 1), ("data_share", 0)):
        refused(b.call(api_name, {"data-dataset": name}), index, "another visitor")
    searched = b.call("test_search", {"test-corpus": name, "test-query": "question 1"})
    refused(searched, 0, "another visitor")
    refused(b.call("test_score", {"test-corpus": name}), 0, "another visitor")
    assert "passage about topic" not in searched.raw
    manifest = json.loads((studio.data_dir / "datasets" / name / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["owner"] == A and not (studio.data_dir / "datasets" / "b-now").exists()


def test_another_visitors_run_is_neither_stopped_resumed_used_nor_deleted(
    studio: StudioApp, a_run: tuple[str, Browser]
) -> None:
    run_id, a = a_run
    b, folder = Browser(studio, B), studio.data_dir / "runs" / run_id
    refused(b.call("train_stop", {"train-run": run_id}), 0, "another visitor")
    assert not (folder / STOP_FILE).exists()
    deadline = time.monotonic() + 420
    while run_state(studio, run_id)["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, "A's run did not finish in 7 minutes"
        time.sleep(1)
    assert run_state(studio, run_id)["state"] == "finished", (folder / "train.log").read_text()[-2000:]
    refused(b.call("train_resume", {"train-run": run_id}), 0, "another visitor")
    refused(b.call("history_delete", {"train-run": run_id}), 0, "another visitor")
    refused(b.call("playground_ask", {"play-run": run_id, "play-prompt": "hello"}), 0, "another visitor")
    refused(b.call("deploy_export", {"deploy-run": run_id, "deploy-kind": "adapter", "deploy-out": "b-took"}), 0)
    # The Test tab's model fields take any typed value: the app's own check answers.
    typed = {"test-corpus": SAMPLE_NAME, "test-model-a": f"run:{run_id}", "test-model-b": "", "test-query": "민법"}
    searched = b.call("test_search", typed)
    refusal(searched.said(0), "another visitor")
    status = run_state(studio, run_id)
    assert status["state"] == "finished" and not status.get("resume") and folder.is_dir()
    assert not (studio.data_dir / "exports" / B / "b-took").exists()
    deleted = a.call("history_delete", {"train-run": run_id})  # A's own, from A's tab: the same call works
    assert deleted.error is None and not folder.exists(), deleted.raw[-2000:]


def test_the_hosts_shared_things_are_not_a_visitors_to_change(studio: StudioApp, cli_run: Path) -> None:
    b, folder = Browser(studio, B), studio.data_dir / "runs" / cli_run.name
    refusal(b.call("train_resume", {"train-run": cli_run.name}).said(0), "shared with everyone")
    refusal(b.call("train_stop", {"train-run": cli_run.name}).said(0), "shared with everyone")
    refusal(b.call("history_delete", {"train-run": cli_run.name}).said(0), "shared with everyone")
    assert folder.is_dir() and run_state(studio, cli_run.name)["state"] == "finished"
    assert not (folder / STOP_FILE).exists()
    refusal(b.call("data_delete", {"data-dataset": SAMPLE_NAME}).said(1), "shared with everyone")


def test_a_run_folder_on_the_server_is_not_watched(studio: StudioApp, cli_run: Path, tiny_model: Path) -> None:
    """Watching a folder reads a server path for the visitor and lets them stop what trains there: the panel is
    hidden, and its event, called anyway, refuses every path, also one under the folders the host allows."""
    b, before = Browser(studio, B), sorted(p.name for p in (studio.data_dir / "runs").iterdir())
    for named in (str(cli_run), f"{tiny_model}/../{cli_run.relative_to(tiny_model.parent)}", str(tiny_model)):
        refusal(b.call("train_watch", {"train-watch-path": named}).said(1), "shared", "watched")
    refusal(b.call("train_watch_1", {"train-watch-path": str(cli_run)}).said(1), "공유")
    assert sorted(p.name for p in (studio.data_dir / "runs").iterdir()) == before
    assert not any(p.is_symlink() for p in (studio.data_dir / "runs").iterdir())


def test_one_upload_checked_13_times_is_kept_once(studio: StudioApp, upload_jsonl: Path, tiny_model: Path) -> None:
    c = Browser(studio, C)
    upload = c.upload(upload_jsonl)
    for _ in range(13):
        reply = c.call("data_check", {"data-upload-file": upload, "data-tokenizer": str(tiny_model)})
        assert reply.error is None and "No errors" in reply.said(0), reply.raw[-2000:]
    assert len(files_under(studio.data_dir / "uploads" / C)) == 1, files_under(studio.data_dir / "uploads" / C)


def test_a_refused_store_leaves_nothing(studio: StudioApp, a_dataset: tuple[str, Browser], upload_jsonl: Path) -> None:
    before = stored(studio)
    b = Browser(studio, B)
    taken = b.call("data_store", {"data-upload-file": b.upload(upload_jsonl), "data-name": a_dataset[0]})
    refusal(taken.said(1), "another visitor")
    # A page without an id, or with one that is not ours, must not store a shared dataset by accident.
    for forged in (None, "../../outside", "A" * 32):
        nobody = Browser(studio, forged)
        reply = nobody.call("data_store", {"data-upload-file": nobody.upload(upload_jsonl), "data-name": "nobodys"})
        refusal(reply.said(1))
    assert stored(studio) == before


def test_a_visitor_keeps_at_most_their_quota_of_datasets(studio: StudioApp, upload_jsonl: Path) -> None:
    c = Browser(studio, C)
    for name in ("c-one", "c-two"):
        kept = c.call("data_store", {"data-upload-file": c.upload(upload_jsonl), "data-name": name})
        assert kept.error is None and name in kept.choices(0), kept.raw[-2000:]
    before = stored(studio)
    third = c.call("data_store", {"data-upload-file": c.upload(upload_jsonl), "data-name": "c-three"})
    refusal(third.said(1), "most each visitor")
    assert stored(studio) == before


def test_a_full_disk_is_one_sentence_and_leaves_nothing(
    studio: StudioApp, tiny_disk: Path, tmp_path: Path, tiny_model: Path
) -> None:
    big = tmp_path / "big.jsonl"
    row = {"anchor": "question " + "x" * 60, "positive": "passage " + "y" * 60}
    big.write_text("".join(json.dumps(row) + "\n" for _ in range(14_000)), encoding="utf-8")  # ~2 MB
    d = Browser(studio, D)
    upload = d.upload(big)
    checked = d.call("data_check", {"data-upload-file": upload, "data-tokenizer": str(tiny_model)})
    refusal(checked.said(0))
    kept = d.call("data_store", {"data-upload-file": upload, "data-name": "d-big"})
    refusal(kept.said(1))
    assert files_under(tiny_disk) == set() and not (studio.data_dir / "datasets" / "d-big").exists()


def test_no_reply_names_a_server_path(studio: StudioApp, outside: Path, tmp_path: Path, tiny_model: Path) -> None:
    """Every reply this module got, and a few that tend to say where things are: errors about files.
    SECURITY_TESTS_SHOW_REPLIES=1 prints them all (with -s), for whoever wires the app."""
    b = Browser(studio, B)
    b.call("data_check", {"data-local-path": str(outside / "no-such-file.csv")})
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"anchor": "only an anchor"}\nnot json\n', encoding="utf-8")
    b.call("data_check", {"data-upload-file": b.upload(broken), "data-tokenizer": str(tiny_model)})
    b.call("train_stop", {"train-run": "../../etc"})
    b.call("data_delete", {"data-dataset": "no-such-dataset"})
    assert len(studio.replies) >= 8
    if os.environ.get("SECURITY_TESTS_SHOW_REPLIES"):
        for r in studio.replies:
            print(f"\n/{r.api_name} {r.seconds:.2f}s error={r.error!r}\n   {r.raw[:600]!r}")
    found = leaks(studio.replies, server_paths(studio, outside.parent))
    assert not found, "\n".join(found)
