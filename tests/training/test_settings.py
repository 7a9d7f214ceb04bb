"""Settings from environment variables: defaults, located errors, and the CPU-training switch at every door."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import settings
from core.settings import Settings, SettingsError
from training.config.studio import StudioConfig
from training.lifecycle import runs, sweep


def test_defaults_suit_a_laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    read = Settings.from_env({})
    assert read == Settings(
        tmp_path / "studio-data", 200.0, 1, 10, True, 4.0, "local", (), None, False, 5.0, 20, 2, "en",
        "127.0.0.1", 7860,
    )  # fmt: skip
    assert read.lines() == [
        f"STUDIO_DATA_DIR={tmp_path / 'studio-data'}",
        "STUDIO_MAX_UPLOAD_MB=200",
        "STUDIO_MAX_RUNNING=1",
        "STUDIO_RUN_NICENESS=10",
        "STUDIO_ALLOW_CPU_TRAINING=true",
        "STUDIO_EMBEDDING_CACHE_GB=4",
        "STUDIO_MODE=local",
        "STUDIO_DATA_ROOTS=-",
        "STUDIO_AUTH_FILE=-",
        "STUDIO_PUSH_WITH_SERVER_TOKEN=false",
        "STUDIO_QUOTA_GB=5",
        "STUDIO_QUOTA_DATASETS=20",
        "STUDIO_QUOTA_RUNS=2",
        "STUDIO_LANG=en",
        "GRADIO_SERVER_NAME=127.0.0.1",
        "GRADIO_SERVER_PORT=7860",
    ]


def test_values_are_parsed_and_blank_means_default() -> None:
    env = {
        "STUDIO_DATA_DIR": "/data",
        "STUDIO_MAX_UPLOAD_MB": "0.5",
        "STUDIO_MAX_RUNNING": " 2 ",
        "STUDIO_RUN_NICENESS": "0",
        "STUDIO_ALLOW_CPU_TRAINING": "OFF",
        "STUDIO_EMBEDDING_CACHE_GB": "0.25",
        "STUDIO_LANG": "ko",
        "GRADIO_SERVER_NAME": "0.0.0.0",
        "GRADIO_SERVER_PORT": "",
    }
    read = Settings.from_env(env)
    assert (read.data_dir, read.max_upload_mb, read.max_running, read.run_niceness) == (Path("/data"), 0.5, 2, 0)
    assert not read.allow_cpu_training
    assert (read.embedding_cache_gb, read.lang, read.server_name, read.server_port) == (0.25, "ko", "0.0.0.0", 7860)


def test_a_space_is_shared_unless_told_otherwise(tmp_path: Path) -> None:
    """Hugging Face sets SPACE_ID in every Space: strangers visit it, so the safe mode is the default there."""
    assert Settings.from_env({"SPACE_ID": "me/studio"}).mode == "shared"
    assert Settings.from_env({"SPACE_ID": "me/studio", "STUDIO_MODE": "local"}).mode == "local"
    assert Settings.from_env({"STUDIO_MODE": "shared"}).mode == "shared"
    users = tmp_path / "users.txt"
    users.write_text("ann:pw\n", encoding="utf-8")
    read = Settings.from_env({"STUDIO_AUTH_FILE": str(users), "STUDIO_DATA_ROOTS": str(tmp_path)})
    assert read.auth_file == users and read.data_roots == (tmp_path,)


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("STUDIO_MAX_UPLOAD_MB", "0", "must be a number above 0"),
        ("STUDIO_MAX_UPLOAD_MB", "lots", "must be a number above 0"),
        ("STUDIO_MAX_RUNNING", "1.5", "must be a whole number of at least 1"),
        ("STUDIO_MAX_RUNNING", "0", "must be a whole number of at least 1"),
        ("STUDIO_RUN_NICENESS", "20", "must be a whole number from 0 to 19"),
        ("STUDIO_ALLOW_CPU_TRAINING", "maybe", "must be one of 0, 1, false, no, off, on, true, yes"),
        ("STUDIO_EMBEDDING_CACHE_GB", "-1", "must be a number above 0"),
        ("STUDIO_LANG", "fr", "must be en or ko"),
        ("STUDIO_MODE", "public", "must be local (one trusted person) or shared (a Space or a team server)"),
        ("STUDIO_DATA_ROOTS", "/no/such/folder", "must name existing folders; not a folder: /no/such/folder"),
        ("STUDIO_AUTH_FILE", "/no/such/users.txt", "must name an existing file"),
        ("STUDIO_QUOTA_RUNS", "0", "must be a whole number of at least 1"),
        ("GRADIO_SERVER_PORT", "70000", "must be a port number from 1 to 65535"),
    ],
)
def test_a_bad_value_names_the_variable_the_value_and_what_fits(variable: str, value: str, says: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({variable: value})
    assert str(info.value).startswith(f"{variable}={value!r}: {says} (")
    default = next(v.default for v in settings.VARIABLES.values() if v.name == variable)
    assert str(info.value).endswith(f"; default {default})")


def _no_cuda() -> None:
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("a CUDA GPU is here: STUDIO_ALLOW_CPU_TRAINING=false allows training")


def test_cpu_training_off_refuses_submit_resume_and_sweeps_without_a_gpu(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_cuda()
    root = data_dir / "runs"
    queued = runs.create_run(StudioConfig(), root)  # queued while training was still allowed
    monkeypatch.setenv("STUDIO_ALLOW_CPU_TRAINING", "false")
    with pytest.raises(runs.TrainingRefused, match="STUDIO_ALLOW_CPU_TRAINING=false"):
        runs.submit(StudioConfig(), root)
    assert [r.path for r in runs.list_runs(root)] == [queued], "a refused submit queues nothing"
    with pytest.raises(runs.TrainingRefused):
        sweep.submit(sweep.parse_sweep({"config": {}, "parameters": {"training.learning_rate": [1e-4, 3e-4]}}), root)
    assert len(runs.list_runs(root)) == 1
    # The run queued before the switch is not left waiting forever: it fails with the reason.
    assert runs.start_next(root) == []
    status = runs.read_status(queued)
    assert status["state"] == "failed" and "no CUDA GPU" in status["error"] and "pid" not in status
    with pytest.raises(runs.TrainingRefused):
        runs.resume(queued)
    assert runs.read_status(queued)["state"] == "failed"


def test_cpu_training_on_lets_runs_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_ALLOW_CPU_TRAINING", "true")
    runs.check_allowed()
    monkeypatch.setenv("STUDIO_ALLOW_CPU_TRAINING", "nope")
    with pytest.raises(SettingsError, match="STUDIO_ALLOW_CPU_TRAINING='nope'"):
        runs.check_allowed()


def test_a_run_the_studio_starts_is_niced_to_the_setting_and_0_leaves_it_at_the_uis_priority(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STUDIO_RUN_NICENESS", "5")
    assert runs.yielding(["python", "-m", "training"])[1:] == ["-n", "5", "python", "-m", "training"]
    monkeypatch.setenv("STUDIO_RUN_NICENESS", "0")
    assert runs.yielding(["python", "-m", "training"]) == ["python", "-m", "training"]
