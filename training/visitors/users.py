"""The users file of a self-hosted shared studio (STUDIO_AUTH_FILE): who may sign in, and with which password.

One `name:password` per line; blank lines and lines starting with # are skipped. A password may be stored as
`sha256:<hex digest>` instead of in clear, so the file can be kept without the passwords in it. Names become owner
ids (`user.<name>`, training/visitors/access.py): what a person makes is theirs across browsers and restarts.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

_NAME = re.compile(r"^[\w.@-]{1,56}$")
_HASHED = re.compile(r"^sha256:([0-9a-f]{64})$")


class UsersFileError(ValueError):
    """A users file the studio cannot use, naming the file and the line."""


def read_users(path: Path) -> dict[str, str]:
    """Name → stored password (clear, or `sha256:<hex>`); UsersFileError names the file and line of a bad entry."""
    users: dict[str, str] = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        name, sep, password = text.partition(":")
        if not sep or not password:
            raise UsersFileError(f"{path}:{number}: write name:password (or name:sha256:<hex digest>)")
        if not _NAME.match(name):
            raise UsersFileError(f"{path}:{number}: name {name!r}: use letters, digits, '.', '@', '-' or '_'")
        if name in users:
            raise UsersFileError(f"{path}:{number}: {name!r} is listed twice")
        users[name] = password
    if not users:
        raise UsersFileError(f"{path}: lists nobody; add a name:password line")
    return users


def password_ok(users: dict[str, str], name: str, password: str) -> bool:
    """Constant-time comparison, so timing does not tell how much of a guess was right."""
    stored = users.get(name)
    if stored is None or not password:
        return False
    hashed = _HASHED.match(stored)
    given = hashlib.sha256(password.encode()).hexdigest() if hashed else password
    return hmac.compare_digest(given.encode(), (hashed.group(1) if hashed else stored).encode())
