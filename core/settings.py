"""The studio's settings, all read from environment variables here, so a Space, a container and a laptop are set
up the same way and a bad value stops the app at start with the variable's name instead of deep in a request.

Each read is fresh (tests and the CLI set variables per process); nothing is cached at module level.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """A variable with a value the studio cannot use; the message names the variable, the value and what fits."""


def _number(kind: type, raw: str, low: float, high: float, what: str) -> Any:
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ValueError(f"must be {what}")
    return value


def _positive_float(raw: str) -> float:
    return _number(float, raw, 1e-9, 1e9, "a number above 0")


def _positive_int(raw: str) -> int:
    return _number(int, raw, 1, float("inf"), "a whole number of at least 1")


def _niceness(raw: str) -> int:
    return _number(int, raw, 0, 19, "a whole number from 0 to 19")


def _port(raw: str) -> int:
    return _number(int, raw, 1, 65535, "a port number from 1 to 65535")


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _flag(raw: str) -> bool:
    if raw.lower() in _TRUE | _FALSE:
        return raw.lower() in _TRUE
    raise ValueError(f"must be one of {', '.join(sorted(_TRUE | _FALSE))}")


def _mode(raw: str) -> str:
    if raw not in ("local", "shared"):
        raise ValueError("must be local (one trusted person) or shared (a Space or a team server)")
    return raw


def _folders(raw: str) -> tuple[Path, ...]:
    """Folders separated by the platform's path separator (':' here, ';' on Windows); each must exist."""
    if raw == "-":
        return ()
    found = tuple(Path(part).expanduser().resolve() for part in raw.split(os.pathsep) if part.strip())
    missing = [str(p) for p in found if not p.is_dir()]
    if missing:
        raise ValueError(f"must name existing folders; not a folder: {', '.join(missing)}")
    return found


def _optional_file(raw: str) -> Path | None:
    if raw == "-":
        return None
    path = Path(raw).expanduser().resolve()
    if not path.is_file():
        raise ValueError("must name an existing file")
    return path


def _lang(raw: str) -> str:
    if raw not in ("en", "ko"):
        raise ValueError("must be en or ko")
    return raw


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    parse: Callable[[str], Any]
    meaning: str


# Field name → its variable. The defaults suit one person on a laptop; the Dockerfile sets the Space's.
VARIABLES = {
    "data_dir": Variable(
        "STUDIO_DATA_DIR", "studio-data", lambda raw: Path(raw).expanduser().resolve(), "datasets, runs and models"
    ),
    # Big enough for 100k-pair corpora; a shared Space may want less.
    "max_upload_mb": Variable("STUDIO_MAX_UPLOAD_MB", "200", _positive_float, "upload cap per file, MB"),
    # One per device: a second run on the same CPU or GPU only makes both slower.
    "max_running": Variable("STUDIO_MAX_RUNNING", "1", _positive_int, "runs trained at once (the rest queue)"),
    # A run the studio starts yields the CPU to the page: on 2 cores a training run at the UI's priority left clicks
    # waiting minutes; idle, the page takes nothing from it. 0 trains at the UI's own priority.
    "run_niceness": Variable("STUDIO_RUN_NICENESS", "10", _niceness, "nice level of runs the studio starts (0–19)"),
    # On by default so the studio works on a laptop; a shared CPU Space turns it off to keep the UI responsive.
    "allow_cpu_training": Variable("STUDIO_ALLOW_CPU_TRAINING", "true", _flag, "training without a GPU allowed"),
    # 84.5k statute articles × 384 dims are 124 MiB per model: room for a few dozen (model, corpus) pairs.
    "embedding_cache_gb": Variable(
        "STUDIO_EMBEDDING_CACHE_GB", "4", _positive_float, "corpus embeddings kept on disk, GB (least used go)"
    ),
    # Shared (a Space, a team server): no server path is read or written for a visitor, each visitor sees and
    # changes only their own work, and the server's HF_TOKEN never pushes for a visitor (SECURITY.md).
    # "auto" is shared where Hugging Face sets SPACE_ID, local elsewhere.
    "mode": Variable("STUDIO_MODE", "auto", _mode, "local (one trusted person) or shared (strangers)"),
    "data_roots": Variable(
        "STUDIO_DATA_ROOTS", "-", _folders, "folders a visitor may read data from in shared mode ('-': none)"
    ),
    "auth_file": Variable(
        "STUDIO_AUTH_FILE", "-", _optional_file, "users file (user:password per line) for signing in ('-': none)"
    ),
    "push_with_server_token": Variable(
        "STUDIO_PUSH_WITH_SERVER_TOKEN", "false", _flag, "the Space's owner may push with the server's HF_TOKEN"
    ),
    # Per visitor in shared mode: enough for a few sample-sized runs of a small model, not for filling the disk.
    "quota_gb": Variable("STUDIO_QUOTA_GB", "5", _positive_float, "disk per visitor in shared mode, GB"),
    "quota_datasets": Variable("STUDIO_QUOTA_DATASETS", "20", _positive_int, "stored datasets per visitor (shared)"),
    "quota_runs": Variable("STUDIO_QUOTA_RUNS", "2", _positive_int, "queued + running runs per visitor (shared)"),
    "lang": Variable("STUDIO_LANG", "en", _lang, "language at / (the other one at /en or /ko)"),
    "server_name": Variable("GRADIO_SERVER_NAME", "127.0.0.1", str, "address the app listens on"),
    "server_port": Variable("GRADIO_SERVER_PORT", "7860", _port, "port the app listens on"),
}


def read(field: str, environ: Mapping[str, str] | None = None) -> Any:
    """One setting, parsed; an unset or blank variable means its default."""
    variable = VARIABLES[field]
    environ = os.environ if environ is None else environ
    raw = environ.get(variable.name, "").strip() or variable.default
    if field == "mode" and raw == "auto":
        raw = "shared" if environ.get("SPACE_ID") else "local"
    try:
        return variable.parse(raw)
    except ValueError as exc:
        raise SettingsError(
            f"{variable.name}={raw!r}: {exc} ({variable.meaning}; default {variable.default})"
        ) from None


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    max_upload_mb: float
    max_running: int
    run_niceness: int
    allow_cpu_training: bool
    embedding_cache_gb: float
    mode: str
    data_roots: tuple[Path, ...]
    auth_file: Path | None
    push_with_server_token: bool
    quota_gb: float
    quota_datasets: int
    quota_runs: int
    lang: str
    server_name: str
    server_port: int

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Every setting at once, as the app reads them at start: the first bad value raises SettingsError."""
        return cls(**{f.name: read(f.name, environ) for f in fields(cls)})

    def lines(self) -> list[str]:
        """`VARIABLE=value` for each setting, as a person would set it."""
        return [f"{VARIABLES[f.name].name}={_shown(getattr(self, f.name))}" for f in fields(self)]


def data_dir() -> Path:
    """Where datasets, runs and caches live: $STUDIO_DATA_DIR, or ./studio-data."""
    return read("data_dir")


def _shown(value: Any) -> str:
    if value is None or value == ():
        return "-"
    if isinstance(value, tuple):
        return os.pathsep.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)
