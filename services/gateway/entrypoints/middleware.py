"""HTTP hygiene applied to every response: security headers and a bound on request bodies (counted as read)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request
from fastapi.responses import Response
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.entrypoints.errors import failure
from gateway.entrypoints.web.ru_format import file_too_large, size

# Pages carry no inline script or style; /docs (Swagger UI) loads its own assets, so it is exempt.
# form-action also governs the redirect after a form post: sign-out continues at the IdP's origin.
_CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'{idp}; base-uri 'none'"
_DOCS = ("/docs", "/redoc", "/openapi.json")
_STATIC = "/static/"


Next = Callable[[Request], Awaitable[Response]]
Middleware = Callable[[Request, Next], Awaitable[Response]]


def security_headers(*, hsts: bool, idp_origin: str = "") -> Middleware:
    csp = _CSP.format(idp=f" {idp_origin}" if idp_origin else "")

    async def middleware(request: Request, call_next: Next) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith(_DOCS):
            response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith(_STATIC):
            # Every page and API answer may show people (or a form's CSRF token): a shared school computer keeps
            # none of them. Only the static assets may be cached.
            response.headers.setdefault("Cache-Control", "no-store")
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    return middleware


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
