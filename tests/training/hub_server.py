"""A Hugging Face Hub stand-in on 127.0.0.1: a real HTTP server with just the endpoints huggingface_hub calls to
create a repo and commit files to it (create, validate-yaml, repo info, preupload, commit), and `whoami-v2` (Gradio's
sign-in stand-in outside a Space asks it who the server's token is), answering as the Hub does — 401 for a wrong
token, 403 outside the token's namespace, 409 for a name taken.

Every file is answered "regular" at preupload, so the commit carries it inline (base64) and no LFS or Xet
transfer is involved; the test files are small.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPO_PATH = re.compile(r"^/api/(models|spaces|datasets)/([^/]+/[^/]+)(?:/revision/[^/]+)?$")
WRITE_PATH = re.compile(r"^/api/(models|spaces|datasets)/([^/]+/[^/]+)/(preupload|commit)/([^/?]+)$")


@dataclass
class Repo:
    private: bool
    sdk: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    commits: int = 0


class FakeHub:
    """Repos keyed by (type, id); `requests` lists (method, path) of every call, `unexpected` the unknown ones,
    `authorised` (method, path, token) of every call a token was accepted for: which token pushed.

    Every token in `token` and `more_tokens` is `user`'s: Gradio's mocked sign-in hands a visitor the literal
    "mock-oauth-token-for-local-dev", which a test lets through as the signed-in person's own token."""

    def __init__(self, token: str, user: str = "studio-user", more_tokens: tuple[str, ...] = ()) -> None:
        self.token, self.user = token, user
        self.tokens = {token, *more_tokens}
        self.repos: dict[tuple[str, str], Repo] = {}
        self.requests: list[tuple[str, str]] = []
        self.authorised: list[tuple[str, str, str]] = []
        self.unexpected: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet: the test reads `hub.requests`
                pass

            def do_GET(self) -> None:
                hub.requests.append(("GET", self.path))
                if self.path == "/api/agent-harnesses":  # huggingface_hub's best-effort registry: "none here"
                    return self._send(404, {"error": "not served here"})
                if self.path == "/api/whoami-v2":
                    return self._whoami()
                match = REPO_PATH.match(self.path.split("?")[0])
                if not match:
                    return self._unexpected()
                repo = hub.repos.get((match[1], match[2]))
                if repo is None:
                    return self._send(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})
                self._send(200, {"id": match[2], "sha": "0" * 40, "private": repo.private, "siblings": []})

            def do_POST(self) -> None:
                hub.requests.append(("POST", self.path))
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = self.path.split("?")[0]
                if path == "/api/validate-yaml":
                    return self._send(200, {"errors": [], "warnings": []})
                if not self._authorised():
                    return
                if path == "/api/repos/create":
                    return self._create(json.loads(body))
                match = WRITE_PATH.match(path)
                if not match:
                    return self._unexpected()
                kind, repo_id, action = match[1], match[2], match[3]
                if repo_id.split("/")[0] != hub.user:
                    return self._send(403, {"error": f"You don't have the rights to write to {repo_id}"})
                repo = hub.repos.get((kind, repo_id))
                if repo is None:
                    return self._send(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})
                if action == "preupload":
                    files = [
                        {"path": f["path"], "uploadMode": "regular", "shouldIgnore": False, "oid": None}
                        for f in json.loads(body)["files"]
                    ]
                    return self._send(200, {"files": files})
                for line in body.decode().splitlines():
                    item = json.loads(line)
                    if item["key"] == "file":
                        repo.files[item["value"]["path"]] = base64.b64decode(item["value"]["content"])
                repo.commits += 1
                oid = hashlib.sha1(body).hexdigest()
                url = f"{hub.url}/{repo_id}/commit/{oid}"
                self._send(200, {"commitUrl": url, "commitOid": oid, "pullRequestUrl": None})

            def _authorised(self) -> bool:
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if token in hub.tokens:
                    hub.authorised.append((self.command, self.path, token))
                    return True
                message = "Invalid credentials in Authorization header"
                self._send(401, {"error": message}, {"X-Error-Message": message})
                return False

            def _whoami(self) -> None:
                """The fields huggingface_hub.whoami returns and Gradio's mocked sign-in reads (type, name,
                fullname, avatarUrl; orgs for `OAuthToken` users)."""
                if not self._authorised():
                    return
                role = {"role": "write", "displayName": "fake-hub"}
                self._send(
                    200,
                    {
                        "type": "user",
                        "id": "0" * 24,
                        "name": hub.user,
                        "fullname": hub.user.replace("-", " ").title(),
                        "email": None,
                        "avatarUrl": "",
                        "orgs": [],
                        "auth": {"type": "access_token", "accessToken": role},
                    },
                )

            def _create(self, payload: dict) -> None:
                kind = (payload.get("type") or "model") + "s"
                namespace = payload.get("organization") or hub.user
                repo_id = f"{namespace}/{payload['name']}"
                if namespace != hub.user:
                    return self._send(403, {"error": f"You don't have the rights to create a repo under {namespace}"})
                url = f"{hub.url}/{'spaces/' if kind == 'spaces' else ''}{repo_id}"
                if (kind, repo_id) in hub.repos:
                    return self._send(409, {"error": "You already created this repo", "url": url})
                private = payload.get("visibility") == "private"
                hub.repos[(kind, repo_id)] = Repo(private=private, sdk=payload.get("sdk"))
                self._send(200, {"url": url, "name": repo_id})

            def _unexpected(self) -> None:
                hub.unexpected.append((self.command, self.path))
                self._send(404, {"error": f"the stand-in does not implement {self.command} {self.path}"})

            def _send(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler
