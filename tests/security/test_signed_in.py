"""A shared studio behind the users file (STUDIO_AUTH_FILE): the wrong password gets nothing, the right one the
page, and a signed-in person is who the server's session says, whatever browser id their page sends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.form import config_to_values
from tests.e2e.helpers import free_port
from tests.security.checks import browser_id, install_run, refusal, refused, tiny_config
from tests.security.studio_http import Browser, StudioApp
from tests.training.hub_server import FakeHub

pytestmark = pytest.mark.slow

TOKEN = "hf_the_spaces_own_token"
USERS = {"alice": "alice-Pw-1", "bob": "bob-Pw-2"}


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    with FakeHub(TOKEN) as server:
        yield server


@pytest.fixture(scope="module")
def studio(
    tmp_path_factory: pytest.TempPathFactory, hub: FakeHub, cli_run: Path, tiny_model: Path
) -> Iterator[StudioApp]:
    """Alice is also the Space's owner by name, and the host lets its owner push with the server's token: but only
    when signed in with Hugging Face, which the users file is not."""
    base = tmp_path_factory.mktemp("signed-in-studio")
    users = base / "users.txt"
    users.write_text("".join(f"{name}:{password}\n" for name, password in USERS.items()), encoding="utf-8")
    install_run(cli_run, base / "data")
    env = {
        "STUDIO_MODE": "shared",
        "STUDIO_AUTH_FILE": str(users),
        "STUDIO_DATA_ROOTS": str(tiny_model),
        "HF_TOKEN": TOKEN,
        "HF_ENDPOINT": hub.url,
        "STUDIO_PUSH_WITH_SERVER_TOKEN": "true",
        "SPACE_AUTHOR_NAME": "alice",
    }
    app = StudioApp(base / "data", free_port(), base / "app.log", env)
    print(f"\nsigned-in studio started in {app.start():.1f} s")
    yield app
    app.stop()


def signed_in(app: StudioApp, name: str, browser: str | None = None) -> Browser:
    visitor = Browser(app, browser or browser_id())
    response = visitor.login(name, USERS[name])
    assert response.status_code == 200 and response.json().get("success"), response.text[:500]
    return visitor


def test_the_wrong_password_gets_nothing_and_the_right_one_the_page(studio: StudioApp) -> None:
    stranger = Browser(studio, browser_id())
    assert stranger.http.get("/config").status_code == 401
    assert stranger.http.post("/gradio_api/call/data_check", json={"data": []}).status_code == 401
    wrong = stranger.login("alice", "not-her-password")
    assert wrong.status_code != 200 and "success" not in wrong.text
    assert stranger.http.get("/config").status_code == 401
    assert stranger.login("mallory", USERS["alice"]).status_code != 200
    alice = signed_in(studio, "alice")
    assert alice.http.get("/").status_code == 200
    config = alice.http.get("/config")
    assert config.status_code == 200 and config.json()["username"] == "alice"


def test_two_users_never_see_each_others_datasets(studio: StudioApp, upload_jsonl: Path, tiny_model: Path) -> None:
    shared_id = browser_id()  # both pages send the same browser id: the sign-in decides who asks
    alice, bob = signed_in(studio, "alice", shared_id), signed_in(studio, "bob", shared_id)
    stored = alice.call("data_store", {"data-upload-file": alice.upload(upload_jsonl), "data-name": "alice-data"})
    assert stored.error is None and "alice-data" in stored.choices(0), stored.raw[-2000:]
    manifest = studio.data_dir / "datasets" / "alice-data" / "manifest.json"
    assert json.loads(manifest.read_text(encoding="utf-8"))["owner"] == "user.alice"
    assert "alice-data" not in bob.call("use_sample").choices(0)
    assert "alice-data" in alice.tab().call("use_sample").choices(0)
    config = tiny_config(tiny_model, max_steps=2)
    config.data.dataset = "alice-data"
    refusal(bob.call("train_start", config_to_values(config)).said(1), "another visitor")
    refused(bob.call("data_delete", {"data-dataset": "alice-data"}), 1, "another visitor")
    assert manifest.exists()


def test_the_space_owners_name_without_hugging_face_does_not_push_with_the_servers_token(
    studio: StudioApp, hub: FakeHub, cli_run: Path
) -> None:
    reply = signed_in(studio, "alice").call(
        "deploy_push", {"deploy-run": cli_run.name, "deploy-kind": "adapter", "deploy-repo": "studio-user/alices"}
    )
    refusal(reply.said(0), "token")
    assert [r for r in hub.requests if r[0] == "POST"] == [] and hub.repos == {}
