"""Pushing a run's model (exported on the fly) or an export folder to the Hugging Face Hub, and a demo Space.

The token comes from the caller or HF_TOKEN and lives only in memory: it is never saved (no `login()`, which
writes it to disk), never logged, and never part of an error message. Every failure a person can fix — no
token, a refused token, no permission, a name taken, no network — is a StudioHubError that says which.

HF_ENDPOINT (read at each call, not at import) points the pushes at another Hub, such as a test's loopback server.
HF_HUB_OFFLINE=1 makes huggingface_hub refuse every request; a push to huggingface.co then stops with a
StudioHubError saying so. With HF_ENDPOINT set, the push lifts offline mode while it runs: naming an endpoint
and asking to push is explicit consent to reach that one endpoint, while offline mode exists to stop the
implicit downloads of model loading. Requests other threads make in that window go to the same endpoint.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.models.load import is_run_dir
from training.lifecycle.runs import load_config
from training.publish import card as model_card
from training.publish.export import DEFAULT_KIND, ExportError, export
from training.publish.space import space_files

DEFAULT_ENDPOINT = "https://huggingface.co"
_OFFLINE_LOCK = threading.Lock()
# Files that make a folder a model export (with the README.md every export writes).
_MODEL_FILES = ("config.json", "adapter_config.json", "modules.json")


class StudioHubError(RuntimeError):
    """A push that failed for a reason a person can act on, said in one or two sentences (never with the token)."""


@dataclass(frozen=True)
class Pushed:
    """Where a push went: the repo (with its namespace, as the Hub resolved it), its page, and what arrived."""

    repo_id: str
    repo_type: str
    url: str
    files: tuple[str, ...]
    commit: str | None


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def hub_token(token: str | None = None) -> str:
    """The token to push with: the argument, else $HF_TOKEN."""
    token = (token or os.environ.get("HF_TOKEN") or "").strip()
    if not token:
        raise StudioHubError(
            "no Hugging Face token: set HF_TOKEN (or type it when asked) to a token with write access, made at "
            f"{endpoint()}/settings/tokens"
        )
    return token


def is_export_dir(path: Path) -> bool:
    return (path / "README.md").is_file() and any((path / name).is_file() for name in _MODEL_FILES)


@contextmanager
def _requests_allowed() -> Iterator[None]:
    """Offline mode as the module docstring says: refused for the public Hub, lifted for a named endpoint.

    In that window huggingface_hub's own side requests (it fetches a registry from its import-time ENDPOINT when
    building headers) are pointed at the named endpoint too, so nothing else is reached.
    """
    from huggingface_hub import constants

    if not constants.is_offline_mode():
        yield
        return
    if not os.environ.get("HF_ENDPOINT"):
        raise StudioHubError(
            "HF_HUB_OFFLINE=1 is set, so nothing may reach the Hub; unset it (export HF_HUB_OFFLINE=0) to push"
        )
    with _OFFLINE_LOCK:
        saved = constants.ENDPOINT
        constants.HF_HUB_OFFLINE, constants.ENDPOINT = False, endpoint()
        try:
            yield
        finally:
            constants.HF_HUB_OFFLINE, constants.ENDPOINT = True, saved


def _explain(status: int | None, server: str, repo_id: str, repo_type: str) -> str:
    what = "Space" if repo_type == "space" else "model repo"
    namespace = repo_id.split("/", 1)[0] if "/" in repo_id else "your account"
    if status == 401:
        return (
            f"the Hub at {endpoint()} refused the token (401 Unauthorized): it is mistyped, expired or revoked; "
            f"make a new one with write access at {endpoint()}/settings/tokens"
        )
    if status == 403:
        return (
            f"the token may not create or write the {what} {repo_id} (403 Forbidden): it is read-only, or "
            f"{namespace} is neither your account nor an organisation you can write to"
        )
    if status == 409:
        return f"the {what} {repo_id} already exists (409 Conflict); pick another name, or allow pushing into it"
    if status == 404:
        return f"the {what} {repo_id} was not found (404) and could not be written; check its name"
    if status == 402:
        return f"the Hub asks for a paid plan to create the {what} {repo_id} (402 Payment Required)"
    return f"the Hub at {endpoint()} answered {status}: {server or 'no reason given'}"


@contextmanager
def _translated(token: str, repo_id: str, repo_type: str) -> Iterator[None]:
    """huggingface_hub's and the network's exceptions as StudioHubError; `from None` keeps their tracebacks (which
    hold request details) out of logs, and the token is scrubbed from any server text repeated."""
    import httpx2  # huggingface_hub's HTTP client, installed with it
    from huggingface_hub.errors import HfHubHTTPError, HFValidationError, OfflineModeIsEnabled

    try:
        yield
    except HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else None
        server = (exc.server_message or "").replace(token, "[token]").strip()
        raise StudioHubError(_explain(status, server, repo_id, repo_type)) from None
    except (httpx2.TransportError, OfflineModeIsEnabled, ConnectionError) as exc:
        raise StudioHubError(
            f"cannot reach the Hub at {endpoint()} ({type(exc).__name__}): no network, a proxy in the way, or a "
            "wrong HF_ENDPOINT"
        ) from None
    except HFValidationError as exc:
        raise StudioHubError(f"repo id {repo_id!r} is not valid: {exc}") from None
    except ValueError as exc:  # the Hub's verdict on README.md's front matter, before anything is uploaded
        raise StudioHubError(str(exc).replace(token, "[token]")) from None


def upload(
    folder: Path,
    repo_id: str,
    *,
    repo_type: str,
    private: bool,
    token: str,
    exist_ok: bool,
    message: str,
    space_sdk: str | None = None,
) -> Pushed:
    """Create the repo (or find it, with `exist_ok`) and upload the folder's files in a commit."""
    from huggingface_hub import HfApi

    api = HfApi(endpoint=endpoint(), token=token, library_name="tuning-studio")
    files = tuple(sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()))
    with _requests_allowed(), _translated(token, repo_id, repo_type):
        url = api.create_repo(repo_id, private=private, exist_ok=exist_ok, repo_type=repo_type, space_sdk=space_sdk)
        info = api.upload_folder(
            folder_path=str(folder), repo_id=url.repo_id, repo_type=repo_type, commit_message=message
        )
    return Pushed(url.repo_id, repo_type, str(url), files, getattr(info, "oid", None))


def push(
    source: str | Path,
    repo_id: str,
    *,
    private: bool,
    token: str | None = None,
    kind: str | None = None,
    exist_ok: bool = True,
) -> Pushed:
    """Push a run (exported as `kind` into a temporary folder; default per task, see DEFAULT_KIND) or an export
    folder (as it is, its card's loading code renamed to the repo) to the model repo `repo_id`.

    `private` applies when the repo is created; `exist_ok=False` refuses a repo that already exists.
    """
    token = hub_token(token)
    source = Path(source)
    with tempfile.TemporaryDirectory(prefix="studio-push-") as tmp:
        folder = Path(tmp) / "model"
        if is_run_dir(source):
            kind = kind or DEFAULT_KIND[load_config(source).task]
            export(source, kind, folder, model_ref=repo_id)
            message = f"Upload {kind} from Tuning Studio run {source.resolve().name}"
        elif is_export_dir(source):
            if kind:
                raise ExportError(f"{source} is an export already and is pushed as it is; kind applies to runs")
            shutil.copytree(source, folder)
            card = folder / "README.md"
            card.write_text(model_card.with_model_id(card.read_text(encoding="utf-8"), repo_id), encoding="utf-8")
            message = f"Upload {source.resolve().name} from Tuning Studio"
        else:
            raise FileNotFoundError(f"{source} is neither a run directory nor an exported model folder")
        return upload(
            folder, repo_id, repo_type="model", private=private, token=token, exist_ok=exist_ok, message=message
        )


def demo_space(
    run_dir: str | Path,
    space_id: str,
    *,
    model_repo: str,
    private: bool,
    token: str | None = None,
    kind: str | None = None,
    exist_ok: bool = True,
    examples: int = 20,
) -> Pushed:
    """A Gradio Space that loads `model_repo` (pushed from this run as `kind`) and tries it: search over passages
    for embeddings, a prompt box for SFT, a text box for classification, prefilled with up to `examples` texts of
    the run's validation split. A private model needs an HF_TOKEN secret in the Space's settings."""
    token = hub_token(token)
    run_dir = Path(run_dir)
    if not is_run_dir(run_dir):
        raise FileNotFoundError(f"{run_dir} is not a run directory: the demo is made from the run's task and data")
    kind = kind or DEFAULT_KIND[load_config(run_dir).task]
    with tempfile.TemporaryDirectory(prefix="studio-space-") as tmp:
        folder = Path(tmp)
        for name, text in space_files(run_dir, model_repo, kind=kind, space_id=space_id, examples=examples).items():
            (folder / name).write_text(text, encoding="utf-8")
        return upload(
            folder,
            space_id,
            repo_type="space",
            private=private,
            token=token,
            exist_ok=exist_ok,
            message=f"Demo of {model_repo} from Tuning Studio",
            space_sdk="gradio",
        )
