"""The OpenID Connect stand-in for Keycloak (``tests/oidc/server.mjs``) and a client that logs in through it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import httpx

from embedded_stack.processes import ManagedProcess, marker

OIDC_DIR = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "mentorship-gateway"
CLIENT_SECRET = "test-client-secret"


def ensure_node_modules() -> None:
    if not (OIDC_DIR / "node_modules" / "oidc-provider").exists():
        subprocess.run([shutil.which("npm") or "npm", "ci", "--no-audit", "--no-fund"], cwd=OIDC_DIR, check=True)


def start_oidc_server(*, port: int, users: dict[str, dict[str, object]], gateway_url: str, log_dir: Path,
                      access_ttl: int = 300, name: str = "oidc") -> ManagedProcess:
    ensure_node_modules()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("OTEL_")},
           "PORT": str(port), "REALM": "mentorship", "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
           "REDIRECT_URIS": f"{gateway_url}/auth/sso/callback", "POST_LOGOUT_REDIRECT_URIS": f"{gateway_url}/login",
           "ACCESS_TTL": str(access_ttl), "USERS": json.dumps(users)}
    server = ManagedProcess(name, [shutil.which("node") or "node", str(OIDC_DIR / "server.mjs")], env, log_dir)
    server.start()
    server.wait_ready(marker("READY oidc"))
    return server


def _form(html: str) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert action, f"no form in the IdP page: {html[:500]}"
    fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    return action.group(1), fields


def log_in_at_idp(client: httpx.Client, authorization_url: str, *, username: str, stop_at: str) -> str:
    """Walk the IdP's login and consent pages; returns the redirect URL that starts with ``stop_at``."""
    response = client.get(authorization_url)
    for _ in range(12):
        if response.status_code in (302, 303):
            location = urljoin(str(response.url), response.headers["location"])
            if location.startswith(stop_at):
                return location
            response = client.get(location)
            continue
        assert response.status_code == 200, f"IdP answered {response.status_code}: {response.text[:500]}"
        action, fields = _form(response.text)
        if fields.get("prompt") == "login":
            fields.update({"login": username, "password": "any"})
        response = client.post(action, data=fields)
    raise AssertionError("the IdP never redirected back")
