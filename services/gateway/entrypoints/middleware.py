"""HTTP hygiene applied to every response: security headers and a bound on request bodies (counted as read)."""

from __future__ import annotations

import re

from fastapi import HTTPException, Request
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.entrypoints.errors import failure
from gateway.entrypoints.web.ru_format import file_too_large, size

# Pages carry no inline script or style; /docs (Swagger UI) loads its own assets, so it is exempt.
# form-action also governs the redirect after a form post: sign-out continues at the IdP's origin.
_CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'{idp}; base-uri 'none'"
_DOCS = ("/docs", "/redoc", "/openapi.json")
_STATIC = "/static/"


class SecurityHeaders:
    """The security headers on every answer, added to its start message: a plain ASGI wrapper, because Starlette's
    ``BaseHTTPMiddleware`` runs each request in a task group behind a streaming response (a tenth of a status poll's
    CPU in the gateway, issue 14). A header the app set itself is kept."""

    def __init__(self, app: ASGIApp, *, hsts: bool, idp_origin: str = "") -> None:
        self.app = app
        common = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                  (b"referrer-policy", b"same-origin")]
        if hsts:
            common.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        self.common = common
        self.csp = (b"content-security-policy", _CSP.format(idp=f" {idp_origin}" if idp_origin else "").encode())
        # Every page and API answer may show people (or a form's CSRF token): a shared school computer keeps none of
        # them. Only the static assets may be cached.
        self.no_store = (b"cache-control", b"no-store")

    def _headers(self, path: str) -> list[tuple[bytes, bytes]]:
        found = list(self.common)
        if not path.startswith(_DOCS):
            found.append(self.csp)
        if not path.startswith(_STATIC):
            found.append(self.no_store)
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self._headers(scope["path"])

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _too_large_message(limit: int) -> str:
    return f"Слишком большой запрос: не больше {size(limit)}"


UPLOAD_ENVELOPE = 64 * 1024
"""What a multipart form adds around the file (boundaries, part headers, the CSRF token and the kind)."""


# The client may still be sending: the connection is closed after the answer, so nothing more is taken from it.
_CLOSE = {"Connection": "close"}


class BodyLimit:
    """Refuse oversized bodies on the bytes actually read: a declared ``Content-Length`` over the bound is answered
    at once; a body without one (chunked) is counted as it streams in, and the read that crosses the bound raises a
    413 instead of handing the bytes on — so no more than the bound is ever held, whoever reads the body (the API's
    body parsing, which runs before a route's gate, or a page's form). File uploads (``uploads``: path
    patterns matched from the start, file bound) get the file's bound plus its envelope, and are refused in the
    words of the upload form («Файл больше 10 МБ»). JSON for the API, the Russian error page for a browser
    (``errors.failure`` decides)."""

    def __init__(self, app: ASGIApp, max_bytes: int, uploads: tuple[tuple[str, ...], int] = ((), 0)) -> None:
        self.app, self.max_bytes, (prefixes, self.file_bytes) = app, max_bytes, uploads
        self.uploads = re.compile("|".join(f"(?:{p})" for p in prefixes)) if prefixes else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        upload = self.uploads is not None and self.uploads.match(path) is not None
        limit = self.file_bytes + UPLOAD_ENVELOPE if upload else self.max_bytes
        refusal = file_too_large(self.file_bytes) if upload else _too_large_message(limit)
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            response = failure(Request(scope), 413, refusal, headers=_CLOSE)
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, refusal, headers=_CLOSE)
            return message

        await self.app(scope, counted, send)
