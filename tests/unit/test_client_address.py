"""Whose address the audit log and the login throttle record: ``X-Forwarded-For`` counts only from a configured
proxy (issue 10 item 8)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from starlette.requests import Request

from gateway.entrypoints.deps import client_ip
from gateway.settings import GatewaySettings


def _request(peer: str, forwarded: str | None, trusted: str) -> Request:
    settings = GatewaySettings(db_app_url="postgresql://unused", trusted_proxies=trusted)
    app = SimpleNamespace(state=SimpleNamespace(container=SimpleNamespace(settings=settings)))
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers, "client": (peer, 50000),
                    "app": app, "query_string": b""})


def test_by_default_no_proxy_is_trusted() -> None:
    assert GatewaySettings(db_app_url="postgresql://unused").trusted_proxies == ""
    assert client_ip(_request("127.0.0.1", "203.0.113.9", "")) == "127.0.0.1"
    assert client_ip(_request("10.0.0.5", "203.0.113.9, 127.0.0.1", "")) == "10.0.0.5"


@pytest.mark.parametrize(("peer", "forwarded", "trusted", "expected"), [
    ("10.0.0.5", "203.0.113.9", "10.0.0.5", "203.0.113.9"),
    ("10.0.0.5", "203.0.113.9", "10.0.0.0/8", "203.0.113.9"),
    # The client may prepend anything: the address is the last one not added by a trusted proxy.
    ("10.0.0.5", "198.51.100.1, 203.0.113.9", "10.0.0.0/8", "203.0.113.9"),
    ("10.0.0.5", "203.0.113.9, 10.0.0.7", "10.0.0.0/8", "203.0.113.9"),
    ("10.0.0.5", "10.0.0.8, 10.0.0.7", "10.0.0.0/8", "10.0.0.8"),
    ("192.0.2.1", "203.0.113.9", "10.0.0.0/8", "192.0.2.1"),  # not from the proxy: the header is ignored
    ("10.0.0.5", None, "10.0.0.5", "10.0.0.5"),
    ("10.0.0.5", "not-an-address", "10.0.0.5", "10.0.0.5"),
    ("10.0.0.5", "::1, 2001:db8::2", "10.0.0.5, ::1", "2001:db8::2"),
])
def test_a_configured_proxy_is_believed(peer: str, forwarded: str | None, trusted: str, expected: str) -> None:
    assert client_ip(_request(peer, forwarded, trusted)) == expected


def test_a_bad_proxy_setting_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        GatewaySettings(db_app_url="postgresql://unused", trusted_proxies="10.0.0.0/33")
