"""Who may do what: the one check every visitor's action goes through (SECURITY.md says the model in words).

Two modes (`STUDIO_MODE`): *local* is one trusted person on their own machine, who may name any path and act on
any run; *shared* (a Space, a team server) serves strangers, so a visitor names no server path, sees and changes
only their own work and what was shared, and never acts with a server secret.

A `Visitor` is who asks: the machine's own user (the CLI, tests: owns everything), a browser with its random id, a
person signed in with the users file, or a Hugging Face account. `owner` is the id stored on what they make
(a dataset's manifest, a run's status, an export's folder).

Refusals are `AccessDenied` with one sentence and no server path; a rule id travels with it so the page can say it
in the visitor's language.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from core import settings
from training.config.studio import StudioConfig

BROWSER_ID = re.compile(r"^[0-9a-f]{32}$")
# Prefixes keep the kinds of owner apart: a browser id is 32 hex digits and never holds a dot.
USER_PREFIX, HF_PREFIX = "user.", "hf."
# Trackers that log in with the server's own credentials (WANDB_API_KEY, MLflow's server): never for a visitor.
PRIVATE_TRACKERS = ("wandb", "mlflow", "comet_ml", "neptune", "clearml", "dagshub", "dvclive", "swanlab", "trackio")


class AccessDenied(PermissionError):
    """An action this visitor may not take, said in one sentence; `rule` names the rule for the page's words."""

    def __init__(self, rule: str, message: str) -> None:
        self.rule = rule
        super().__init__(message)


@dataclass(frozen=True)
class Visitor:
    """Who asks. `owner` None is the machine's own user (the CLI, a script): it owns everything."""

    owner: str | None
    kind: str = "machine"  # machine | browser | user | hf
    name: str = ""
    oauth_token: str | None = field(default=None, repr=False)  # a signed-in Hugging Face visitor's own token

    @property
    def is_machine(self) -> bool:
        return self.owner is None

    @property
    def signed_in(self) -> bool:
        return self.kind in ("user", "hf")


MACHINE = Visitor(None)
NOBODY = Visitor("", "browser")  # a page before it has its id: sees shared things only, owns nothing


def browser(owner_id: str | None) -> Visitor:
    """An anonymous browser, known by the random id kept in its localStorage."""
    return Visitor(owner_id, "browser") if is_browser_id(owner_id) else NOBODY


def user(name: str) -> Visitor:
    """A person signed in through the users file (STUDIO_AUTH_FILE)."""
    return Visitor(USER_PREFIX + _safe(name), "user", name)


def hf_user(username: str, oauth_token: str | None) -> Visitor:
    """A person signed in with Hugging Face; their own token pushes for them."""
    return Visitor(HF_PREFIX + _safe(username), "hf", username, oauth_token or None)


def is_browser_id(value: object) -> bool:
    return isinstance(value, str) and bool(BROWSER_ID.match(value))


def _safe(name: str) -> str:
    """An owner id usable as a folder name (the uploads and exports folders are named by it)."""
    return re.sub(r"[^\w.-]", "_", name)[:56] or "_"


def shared_mode() -> bool:
    return settings.read("mode") == "shared"


def visible(visitor: Visitor, owner: str | None, *, listed_for_all: bool = False) -> bool:
    """Whether `visitor` sees a thing owned by `owner` (None: shared) in a list.

    Datasets are listed for their owner only, in both modes (one person's browsers keep their uploads apart, as
    they always did); runs and exports are `listed_for_all` in local mode, where one person owns the machine.
    """
    if visitor.is_machine or owner is None or owner == visitor.owner:
        return True
    return listed_for_all and not shared_mode()


def check_read(visitor: Visitor, owner: str | None, what: str, name: str) -> None:
    """Refuse opening, training on, searching or exporting someone else's private thing in shared mode; in local
    mode a known name opens (one person, several browsers)."""
    if shared_mode() and not visible(visitor, owner):
        raise AccessDenied("not_yours", f"{what} {name!r} belongs to another visitor; you may not use it")


def check_change(visitor: Visitor, owner: str | None, what: str, name: str) -> None:
    """Refuse stopping, resuming, deleting, renaming or sharing what is not the visitor's own. A shared thing (a
    bundled sample, a run started from the CLI) is changed in shared mode only by the machine's user."""
    if visitor.is_machine or owner == visitor.owner:
        return
    if owner is not None:
        raise AccessDenied("not_yours", f"{what} {name!r} belongs to another visitor; you may not change it")
    if shared_mode():
        raise AccessDenied("shared_thing", f"{what} {name!r} is shared with everyone; only the host may change it")


def stored_owner(visitor: Visitor) -> str | None:
    """Whom a thing made by `visitor` belongs to: their own id; the machine's user makes shared things."""
    return visitor.owner or None


def check_can_make(visitor: Visitor) -> None:
    """In shared mode a page that has not got its id yet must not make anything: it would be shared by accident.
    (In local mode such a caller, a script or a test, makes shared things, as the CLI does.)"""
    if shared_mode() and not visitor.is_machine and not visitor.owner:
        raise AccessDenied("no_session", "this page has no session yet; reload it and try again")


def check_local_path(visitor: Visitor, path: str | Path) -> Path:
    """A file or folder on the server named by a visitor: any in local mode; in shared mode only inside
    STUDIO_DATA_ROOTS (resolved, so `..` and links cannot leave them). The answer never says whether it exists."""
    resolved = Path(path).expanduser().resolve()
    if visitor.is_machine or not shared_mode():
        return resolved
    roots: tuple[Path, ...] = settings.read("data_roots")
    if any(resolved == root or resolved.is_relative_to(root) for root in roots):
        return resolved
    raise AccessDenied(
        "server_path",
        "this studio is shared: files on the server cannot be named here; upload the file instead"
        + (" or name one under the data folders the host allows" if roots else ""),
    )


def looks_like_path(name: str) -> bool:
    """A model or dataset named by a path rather than a Hub id or a stored name."""
    text = name.strip()
    return (
        text.startswith(("/", "~", ".", "\\"))
        or (len(text) > 1 and text[1] == ":")  # C:\...
        or text.count("/") > 1
        or os.path.isabs(text)
        or Path(text).exists()
    )


def check_model(visitor: Visitor, name_or_path: str) -> None:
    """Hub ids and the studio's offline models for everyone; a folder on the server only in local mode (or under
    STUDIO_DATA_ROOTS), so a visitor cannot load or probe server folders through a model field."""
    if name_or_path.strip() and looks_like_path(name_or_path):
        check_local_path(visitor, name_or_path)


def check_token_use(visitor: Visitor, typed: str | None, server_token: str | None) -> str | None:
    """The token a push uses: typed on the page, else a signed-in Hugging Face visitor's own, else the server's
    HF_TOKEN — in local mode, or in shared mode only for the Space's owner with STUDIO_PUSH_WITH_SERVER_TOKEN."""
    typed = (typed or "").strip()
    if typed:
        return typed
    if visitor.oauth_token:
        return visitor.oauth_token
    if visitor.is_machine or not shared_mode():
        return server_token or None
    space_owner = os.environ.get("SPACE_AUTHOR_NAME", "")
    if (
        server_token
        and settings.read("push_with_server_token")
        and visitor.kind == "hf"
        and space_owner
        and visitor.name == space_owner
    ):
        return server_token
    raise AccessDenied(
        "token_needed", "this studio is shared: sign in with Hugging Face or type a token with write access to push"
    )


def check_config_paths(visitor: Visitor, config: StudioConfig) -> None:
    """A config's fields that name server files, checked like any other path a visitor names: the model, the
    schema and launcher files, and a dataset given as a folder (stored names hold no slash: store.check_name)."""
    check_model(visitor, config.model.name_or_path)
    for value in (config.training.accelerate_config, config.sft.json_schema):
        if value.strip():
            check_local_path(visitor, value)
    dataset = config.data.dataset.strip()
    if any(c in dataset for c in "/\\") or dataset.startswith(("~", ".")):
        check_local_path(visitor, dataset)


def check_machines(visitor: Visitor, config: StudioConfig) -> None:
    """A job over several machines has this server listen on, or connect to, the address the config names: in a
    shared studio that is the host's network acting for a visitor, so only the host's own CLI may start one."""
    t = config.training
    if visitor.is_machine or not shared_mode() or (t.num_machines <= 1 and not t.main_process_ip.strip()):
        return
    raise AccessDenied(
        "server_network",
        f"training.num_machines = {t.num_machines}: this studio is shared, and a job over several machines would "
        "open the server's network to the address it names; start it from the CLI on your own machines",
    )


def check_watch(visitor: Visitor) -> None:
    """Watching a run folder reads a server path on the visitor's behalf (and lets them stop what trains there): a
    local studio's one person may; in a shared studio only the host, with `python -m training watch`."""
    if visitor.is_machine or not shared_mode():
        return
    raise AccessDenied(
        "watch_shared", "this studio is shared: run folders on the server cannot be watched from here; the host can"
    )


def check_trackers(visitor: Visitor, report_to: list[str]) -> None:
    """Trackers that would log in with the server's credentials act for the host, not for a visitor."""
    if visitor.is_machine or not shared_mode():
        return
    refused = [t for t in report_to if t in PRIVATE_TRACKERS]
    if refused:
        raise AccessDenied(
            "server_secret",
            f"training.report_to {', '.join(refused)}: this studio is shared, and those trackers would log in with "
            "the host's account; use tensorboard (kept with the run)",
        )


def redact(text: str) -> str:
    """Text for a visitor of a shared studio: server paths (the data dir, the code, Python, home, temp) become
    short names, so no reply tells a stranger how the server is laid out. Local mode shows them as they are."""
    if not shared_mode():
        return text
    for path, shown in _server_paths():
        text = text.replace(path + os.sep, shown + "/").replace(path, shown)
    return text


def _server_paths() -> list[tuple[str, str]]:
    data = settings.read("data_dir")
    code = Path(__file__).resolve().parents[2]
    places = [
        (str(data), "<data>"),
        (str(code), "<studio>"),
        (sys.prefix, "<python>"),
        (sys.base_prefix, "<python>"),
        (str(Path(sys.executable).parent), "<python>"),
        (tempfile.gettempdir(), "<tmp>"),
        (str(Path.home()), "<home>"),
        *((str(root), "<data-root>") for root in settings.read("data_roots")),
    ]
    # Longest first: the data dir may sit inside the code folder or home.
    return sorted({(p, s) for p, s in places if len(p) > 1}, key=lambda ps: -len(ps[0]))
