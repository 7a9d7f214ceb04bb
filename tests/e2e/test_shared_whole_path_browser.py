"""The whole path in a shared studio (STUDIO_MODE=shared), signed in, in a real browser.

1. The users file: ann signs in (a wrong password is refused), trains the tiny model on the sample, tests it,
   exports it by name into her own exports folder, downloads the zip and pushes with a typed token; bob, signed in
   in another browser, sees a host's run but none of ann's.
2. Hugging Face: Gradio's own sign-in routes, which outside a Space sign a visitor in as the account of the server's
   HF_TOKEN (asked of a Hub stand-in on loopback); what that visitor stores and trains is `hf.<name>`'s, and a push
   with an empty token field goes out with the visitor's own OAuth token, not the server's.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    AppServer,
    chromium_or_skip,
    configure_tiny_run,
    free_port,
    open_studio,
    settled,
    wait_for,
)
from tests.training.hub_server import FakeHub
from training.lifecycle import runs

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
sync_playwright = chromium_or_skip()

TOKEN = "hf_studioE2e" + secrets.token_hex(12)
# What Gradio's sign-in stand-in (gradio/oauth.py, outside a Space) puts in the session as the visitor's token.
MOCK_OAUTH_TOKEN = "mock-oauth-token-for-local-dev"
USERS = {"ann": "ann-Passw0rd", "bob": "bob-Passw0rd"}
SAMPLE = ROOT / "datasets_spec" / "samples" / "legal_ko"
START_TIMEOUT = 240  # two shared cores and other developers' tests: starts have taken 25-90 s


@pytest.fixture
def data_roots(tmp_path: Path, tiny_model: Path) -> Path:
    """The only server folder a visitor may name (STUDIO_DATA_ROOTS): it holds a copy of the tiny model."""
    roots = tmp_path / "roots"
    shutil.copytree(tiny_model, roots / "tiny-bert")
    return roots


@contextmanager
def shared_studio(tmp_path: Path, name: str, env: dict[str, str | None]) -> Iterator[AppServer]:
    """`python app.py` in shared mode on a private data dir; no Space, and nothing inherited that would make one."""
    app = AppServer(
        tmp_path / f"{name}-data",
        free_port(),
        tmp_path / f"{name}.log",
        env={"STUDIO_MODE": "shared", "SPACE_ID": None, "OAUTH_CLIENT_ID": None, "STUDIO_AUTH_FILE": None, **env},
        start_timeout=START_TIMEOUT,
    )
    app.start()
    try:
        yield app
    finally:
        app.kill()
        for run in runs.list_runs(app.data_dir / "runs"):  # never leave a training child behind
            if run.state == "running":
                os.kill(run.status["pid"], signal.SIGKILL)


def files_under(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


def sign_in(browser, app: AppServer, name: str, password: str):
    """A new browser (its own cookies) through Gradio's login page, on the studio once the sample is shown."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.goto(app.url)
    page.locator("input[data-testid=textbox]").fill(name)
    page.locator("input[data-testid=password]").fill(password)
    page.get_by_role("button", name="Login").click()
    page.get_by_text("137 passages").wait_for(timeout=120_000)
    return page


def offered(page, elem: str) -> list[str]:
    """The options a dropdown shows when opened."""
    page.locator(f"#{elem} input").click()
    options = page.get_by_role("option")
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    return texts


def wait_offered(page, elem: str, wanted: str, what: str) -> list[str]:
    """Open the dropdown until `wanted` is among its options (the list is filled by an event after the click
    that showed the tab); returns what it offered then."""
    seen: list[list[str]] = []

    def has() -> bool:
        seen.append(offered(page, elem))
        return any(wanted in text for text in seen[-1])

    wait_for(has, 60, what)
    return seen[-1]


def train(page) -> None:
    """Start training on the Train tab and wait for the run to end; it must have finished."""
    page.get_by_role("tab", name="3. Train").click()
    page.locator("#train-start").click()
    progress, message = page.locator("#train-progress"), page.locator("#train-message")

    def ended() -> bool:
        shown = progress.inner_text()
        return "Cannot start" in message.inner_text() or "finished" in shown or "failed" in shown

    wait_for(ended, 600, "the run to end")
    assert "finished" in progress.inner_text(), message.inner_text() + "\n" + progress.inner_text()


def pick_run(page, run_id: str) -> None:
    page.get_by_role("tab", name="5. Deploy").click()
    page.locator("#deploy-run input").click()
    page.get_by_role("option", name=run_id).click()


def push(page, repo: str, token: str) -> str:
    page.locator("#deploy-repo input, #deploy-repo textarea").first.fill(repo)
    page.locator("#deploy-token input").fill(token)
    page.locator("#deploy-push").click()
    status = page.locator("#deploy-push-status")
    wait_for(lambda: "Pushed" in status.inner_text() or "Could not" in status.inner_text(), 240, "the push")
    return status.inner_text()


def host_run(run: runs.RunInfo) -> str:
    """A copy of `run` as one started from the CLI (no owner: shared with everyone, the host's to change), older
    than any; bob's lists must offer it, so their not offering ann's run is a list that was filled."""
    host_id = "20000101-000000-embedding-host"
    copy = shutil.copytree(run.path, run.path.parent / host_id)
    status = json.loads((copy / "status.json").read_text(encoding="utf-8"))
    status.update(owner=None, created=0)
    (copy / "status.json").write_text(json.dumps(status), encoding="utf-8")
    return host_id


def test_users_file_visitors_train_test_export_push_and_see_only_their_own(tmp_path: Path, data_roots: Path) -> None:
    users = tmp_path / "users.txt"
    users.write_text("".join(f"{name}:{password}\n" for name, password in USERS.items()), encoding="utf-8")
    model = data_roots / "tiny-bert"
    roots_before = files_under(data_roots)
    with FakeHub(TOKEN, user="ann-hub") as hub:
        env = {"STUDIO_AUTH_FILE": str(users), "STUDIO_DATA_ROOTS": str(data_roots), "HF_ENDPOINT": hub.url}
        # No server token: in shared mode it would not push for a visitor anyway, and here it cannot.
        with shared_studio(tmp_path, "users", {**env, "HF_TOKEN": None}) as app, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            refused = browser.new_page()
            refused.goto(app.url)
            refused.locator("input[data-testid=textbox]").fill("ann")
            refused.locator("input[data-testid=password]").fill("not-her-password")
            refused.get_by_role("button", name="Login").click()
            refused.get_by_text("Incorrect Credentials").wait_for(timeout=60_000)
            assert refused.get_by_text("137 passages").count() == 0

            ann = sign_in(browser, app, "ann", USERS["ann"])
            configure_tiny_run(
                ann,
                model,
                [
                    ("cfg-training-max-steps", "20"),
                    ("cfg-training-eval-steps", "20"),
                    ("cfg-training-save-steps", "1000"),
                    ("cfg-training-learning-rate", "0.003"),
                ],
            )
            train(ann)
            (run,) = runs.list_runs(app.data_dir / "runs")
            assert run.status["owner"] == "user.ann"

            ann.get_by_role("tab", name="4. Test").click()
            wait_for(lambda: run.id in ann.locator("#test-model-b input").input_value(), 60, "her run as model B")
            query = json.loads((SAMPLE / "cases.jsonl").read_text(encoding="utf-8").splitlines()[0])["query"]
            ann.locator("#test-query textarea").fill(query)
            ann.locator("#test-search").click()
            summary = ann.locator("#test-summary")
            wait_for(lambda: "hybrid" in summary.inner_text(), 240, "the four searches")
            shown = summary.inner_text().splitlines()
            assert any(line.startswith("A ") for line in shown) and any(line.startswith("B ") for line in shown)

            pick_run(ann, run.id)
            out_box = ann.locator("#deploy-out textarea")
            # A name, never a server path: the folder goes under her own exports.
            wait_for(lambda: out_box.input_value() == f"{run.id}-sentence-transformers", 60, "the default name")
            out_box.fill("ann-e5")
            ann.locator("#deploy-export").click()
            status = ann.locator("#deploy-export-status")
            wait_for(lambda: "Exported" in status.inner_text() or "Could not" in status.inner_text(), 240, "export")
            assert "Exported" in status.inner_text() and " to ann-e5 (" in status.inner_text(), status.inner_text()
            download = ann.locator("#deploy-download a")
            wait_for(lambda: download.count() >= 1, 30, "the zip's download link")
            assert "ann-e5.zip" in (download.first.get_attribute("href") or "")

            said = push(ann, "ann-hub/tiny-e5", TOKEN)
            assert "Pushed" in said, said
            assert TOKEN not in ann.content()

            host_id = host_run(run)
            bob = sign_in(browser, app, "bob", USERS["bob"])
            bob.get_by_role("tab", name="3. Train").click()
            listed = wait_offered(bob, "train-run", host_id, "the host's run on bob's Train tab")
            assert not any(run.id in text for text in listed), listed
            bob.get_by_role("tab", name="5. Deploy").click()
            listed = wait_offered(bob, "deploy-run", host_id, "the host's run on bob's Deploy tab")
            assert not any(run.id in text for text in listed), listed
            bob.get_by_text("About this studio").click()
            assert "Shared mode" in bob.locator("#about-settings").inner_text()
            browser.close()

        (repo_key,) = hub.repos
        assert repo_key == ("models", "ann-hub/tiny-e5")
        repo = hub.repos[repo_key]
        assert repo.private and {"README.md", "modules.json", "config.json"} <= set(repo.files), sorted(repo.files)
        assert {token for method, _, token in hub.authorised if method == "POST"} == {TOKEN}
        assert not hub.unexpected, hub.unexpected

    # Her export under her own folder, by name; nothing of hers anywhere else.
    exports = app.data_dir / "exports"
    assert sorted(p.name for p in exports.iterdir()) == ["user.ann"]
    assert sorted(p.name for p in (exports / "user.ann").iterdir()) == ["ann-e5", "ann-e5.zip"]
    assert "ndcg" in (exports / "user.ann" / "ann-e5" / "README.md").read_text(encoding="utf-8").lower()
    assert files_under(data_roots) == roots_before, "the data root was written to"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roots", "users-data", "users.log", "users.txt"]
    assert not (ROOT / "studio-data" / "exports" / "ann-e5").exists()


def test_hugging_face_sign_in_owns_what_it_stores_and_trains_and_pushes_with_its_own_token(
    tmp_path: Path, data_roots: Path
) -> None:
    # Gradio's sign-in needs its `oauth` extra (itsdangerous for the session cookie) once OAUTH_CLIENT_ID is set.
    assert importlib.util.find_spec("itsdangerous"), "gradio[oauth] is not installed: the app cannot offer sign-in"
    pairs = tmp_path / "hf-pairs.jsonl"
    cases = [json.loads(line) for line in (SAMPLE / "cases.jsonl").read_text(encoding="utf-8").splitlines()[:24]]
    passages = [json.loads(line) for line in (SAMPLE / "passages.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [{"anchor": c["query"], "positive": p["text"]} for c, p in zip(cases, passages, strict=False)]
    pairs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with FakeHub(TOKEN, user="ann-on-hub", more_tokens=(MOCK_OAUTH_TOKEN,)) as hub:
        env = {
            "OAUTH_CLIENT_ID": "test",  # as a Space with `hf_oauth: true` sets it: the studio offers the button
            "HF_TOKEN": TOKEN,  # whom the sign-in stand-in signs every visitor in as
            "HF_ENDPOINT": hub.url,
            # Gradio asks huggingface_hub.whoami() who HF_TOKEN is when it attaches its sign-in routes, and
            # huggingface_hub refuses every request while HF_HUB_OFFLINE=1 (the test runner's setting). The Hub here
            # is the stand-in on loopback, so lifting it for the app reaches nothing outside the machine.
            "HF_HUB_OFFLINE": "0",
            "STUDIO_DATA_ROOTS": str(data_roots),
        }
        with shared_studio(tmp_path, "hf", env) as app, sync_playwright() as p:
            # Chromium keeps Gradio's session cookie (Secure, SameSite=None) on http://127.0.0.1: loopback counts as
            # a secure context, so no localhost URL is needed (tried both: the same cookie, the same sign-in).
            browser, page = open_studio(p, app)
            button = page.locator("#sign-in")
            assert "Sign in with Hugging Face" in button.inner_text()
            button.click()  # /login/huggingface → /login/callback → back to the page, signed in
            wait_for(lambda: "Sign out (ann-on-hub)" in button.inner_text(), 120, "the signed-in button")
            page.get_by_text("137 passages").wait_for(timeout=120_000)

            page.locator("#data-upload-file input[type=file]").set_input_files(str(pairs))
            wait_for(lambda: "hf-pairs" in page.locator("#data-upload-file").inner_text(), 60, "the upload")
            # The new file's own events (its check clears the report) end first, as a person sees them end: on a
            # loaded machine they ended after the store and wiped its "Stored" from the report
            assert not settled(page, 120), "the file's check did not end"
            page.locator("#data-name textarea").fill("hf-pairs")
            page.locator("#data-import").click()
            report = page.locator("#data-report")
            stored = lambda: "Stored" in report.inner_text() or "error" in report.inner_text().lower()  # noqa: E731
            wait_for(stored, 180, "store", shown=report.inner_text)
            assert "Stored" in report.inner_text(), report.inner_text()
            manifest = json.loads((app.data_dir / "datasets" / "hf-pairs" / "manifest.json").read_text("utf-8"))
            assert manifest["owner"] == "hf.ann-on-hub"

            configure_tiny_run(
                page,
                data_roots / "tiny-bert",
                [("cfg-training-max-steps", "4"), ("cfg-training-eval-steps", "4"), ("cfg-training-save-steps", "99")],
            )
            # The Data tab's store sets Configure's dataset through its own event, which on a loaded machine can land
            # after the fields typed here: the YAML follows it a check later
            yaml_text = page.locator("#cfg-yaml").inner_text
            stored_in_config = lambda: "dataset: hf-pairs" in yaml_text()  # noqa: E731
            wait_for(stored_in_config, 120, "the stored dataset in the config", shown=yaml_text)
            train(page)
            (run,) = runs.list_runs(app.data_dir / "runs")
            assert run.status["owner"] == "hf.ann-on-hub"

            pick_run(page, run.id)
            said = push(page, "ann-on-hub/tiny-e5", "")
            assert "Pushed" in said, said
            browser.close()

        assert ("models", "ann-on-hub/tiny-e5") in hub.repos
        assert "README.md" in hub.repos[("models", "ann-on-hub/tiny-e5")].files
        # The push went out with the visitor's own token; the server's asked only who it is (Gradio, at start).
        assert {token for method, _, token in hub.authorised if method == "POST"} == {MOCK_OAUTH_TOKEN}
        assert {path for _, path, token in hub.authorised if token == TOKEN} == {"/api/whoami-v2"}
        assert not hub.unexpected, hub.unexpected  # nothing else asked the Hub, though HF_HUB_OFFLINE was lifted
