"""The same attacks on a local studio (STUDIO_MODE=local: one trusted person on their own machine): the features a
shared studio refuses still work here, and what stays refused (a folder that is no dataset, an export over a
folder without force) is refused as quickly and leaves the server's files alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import free_port
from tests.security.checks import SECRET, browser_id, install_run
from tests.security.studio_http import Browser, StudioApp
from tests.training.hub_server import FakeHub

pytestmark = pytest.mark.slow

TOKEN = "hf_the_hosts_own_token"


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    with FakeHub(TOKEN) as server:
        yield server


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory, hub: FakeHub, cli_run: Path) -> Iterator[StudioApp]:
    base = tmp_path_factory.mktemp("local-studio")
    install_run(cli_run, base / "data")
    env = {"STUDIO_MODE": "local", "HF_TOKEN": TOKEN, "HF_ENDPOINT": hub.url}
    app = StudioApp(base / "data", free_port(), base / "app.log", env)
    print(f"\nlocal studio started in {app.start():.1f} s")
    yield app
    app.stop()


def test_a_file_on_this_machine_is_read(studio: StudioApp, outside: Path, tiny_model: Path) -> None:
    reply = Browser(studio, browser_id()).call(
        "data_check", {"data-local-path": str(outside / "secret.csv"), "data-tokenizer": str(tiny_model)}
    )
    assert "No errors" in reply.said(0), reply.raw[-2000:]
    assert any(SECRET in str(cell) for row in reply.rows(5) for cell in row)


def test_a_folder_of_100k_files_is_no_dataset_and_said_at_once(
    studio: StudioApp, outside: Path, tiny_model: Path
) -> None:
    visitor = Browser(studio, browser_id())
    empty = visitor.call("data_check", {"data-local-path": str(outside / "empty"), "data-tokenizer": str(tiny_model)})
    tree = visitor.call("data_check", {"data-local-path": str(outside / "tree"), "data-tokenizer": str(tiny_model)})
    print(f"\nlocal: empty folder {empty.seconds:.2f} s, 100k-file tree {tree.seconds:.2f} s (round trips)")
    assert "not a dataset folder" in tree.said(0) and tree.rows(5) == [], tree.raw[-2000:]
    assert tree.seconds - empty.seconds < 1.0


def test_an_export_goes_to_any_folder_but_replaces_one_only_with_force(
    studio: StudioApp, cli_run: Path, outside: Path
) -> None:
    visitor = Browser(studio, browser_id())
    target = outside / "exports"
    kept = visitor.call(
        "deploy_export", {"deploy-run": cli_run.name, "deploy-kind": "adapter", "deploy-out": str(target)}
    )
    assert "not empty" in kept.said(0) and (target / "CANARY").read_text(encoding="utf-8") == "the host's file"
    made = outside / "local-export"
    reply = visitor.call(
        "deploy_export", {"deploy-run": cli_run.name, "deploy-kind": "adapter", "deploy-out": str(made)}
    )
    assert reply.error is None and (made / "README.md").is_file(), reply.raw[-2000:]


def test_the_hosts_token_pushes_when_none_is_typed(studio: StudioApp, hub: FakeHub, cli_run: Path) -> None:
    reply = Browser(studio, browser_id()).call(
        "deploy_push",
        {"deploy-run": cli_run.name, "deploy-kind": "adapter", "deploy-repo": "studio-user/local-push"},
    )
    assert reply.error is None and "studio-user/local-push" in reply.said(0), reply.raw[-2000:]
    assert hub.repos[("models", "studio-user/local-push")].files


def test_a_run_folder_on_this_machine_is_watched_and_left_as_it_is(studio: StudioApp, cli_run: Path) -> None:
    before = sorted(p.name for p in cli_run.iterdir())
    reply = Browser(studio, browser_id()).call("train_watch", {"train-watch-path": str(cli_run)})
    run_id = reply.output(0)["value"]
    assert run_id in reply.choices(0) and f"Watching run `{run_id}`" in reply.said(1), reply.raw[-2000:]
    link = studio.data_dir / "runs" / run_id
    assert link.is_symlink() and link.resolve() == cli_run.resolve()
    assert sorted(p.name for p in cli_run.iterdir()) == before, "watching writes nothing into the folder"
