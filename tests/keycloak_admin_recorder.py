"""A stand-in for the part of Keycloak's admin REST API that provisioning uses; it records every call.

Keycloak itself cannot run here, so the provisioning use case is tested through its port against this
recorder, and the calls are compared with a recorded contract (``tests/contracts/``).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any


@dataclass
class KeycloakAdminRecorder:
    realm: str = "mentorship"
    calls: list[Recorded] = field(default_factory=list)
    existing_usernames: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
                raw = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if raw:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _serve(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    body: Any = dict(parse_qsl(raw))
                else:
                    body = json.loads(raw) if raw else None
                recorder.calls.append(Recorded(self.command, url.path, dict(parse_qsl(url.query)), body))
                status, answer, headers = recorder.respond(self.command, url.path, body, self.headers)
                self._answer(status, answer, headers)

            do_GET = do_POST = do_PUT = do_DELETE = _serve  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def respond(self, method: str, path: str, body: Any, headers: Any) -> tuple[int, Any, dict[str, str]]:
        admin = f"/admin/realms/{self.realm}"
        if method == "POST" and path == f"/realms/{self.realm}/protocol/openid-connect/token":
            if body.get("grant_type") != "client_credentials" or not body.get("client_secret"):
                return 401, {"error": "unauthorized_client"}, {}
            return 200, {"access_token": "admin-token", "expires_in": 300, "refresh_expires_in": 0,
                         "token_type": "Bearer", "scope": "profile email"}, {}
        if headers.get("Authorization") != "Bearer admin-token":
            return 401, {"error": "HTTP 401 Unauthorized"}, {}
        if method == "POST" and path == f"{admin}/users":
            if body["username"] in self.existing_usernames:
                return 409, {"errorMessage": "User exists with same username"}, {}
            self.existing_usernames.add(body["username"])
            return 201, None, {"Location": f"{self.url.rstrip('/')}{admin}/users/{uuid.uuid4()}"}
        if method == "GET" and (match := re.fullmatch(rf"{admin}/roles/([a-z_]+)", path)):
            return 200, {"id": f"role-{match.group(1)}", "name": match.group(1), "composite": False,
                         "clientRole": False, "containerId": self.realm}, {}
        if method in ("POST", "PUT") and re.fullmatch(rf"{admin}/users/[0-9a-f-]+(/role-mappings/realm|"
                                                      r"/execute-actions-email)?", path):
            return 204, None, {}
        return 404, {"error": "not in the recorded contract"}, {}

    def normalised(self) -> list[dict[str, Any]]:
        """Calls with generated user ids replaced, as the contract file spells them."""
        ids = re.compile(r"/users/[0-9a-f-]{36}")
        return [{"method": c.method, "path": ids.sub("/users/{id}", c.path), "query": c.query, "body": c.body}
                for c in self.calls]

    def close(self) -> None:
        self._server.shutdown()
