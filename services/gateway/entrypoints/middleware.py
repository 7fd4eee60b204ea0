"""HTTP hygiene applied to every response: security headers and a bound on request bodies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request
from fastapi.responses import Response

from gateway.entrypoints.errors import failure

# Pages carry no inline script or style; /docs (Swagger UI) loads its own assets, so it is exempt.
# form-action also governs the redirect after a form post: sign-out continues at the IdP's origin.
_CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'{idp}; base-uri 'none'"
_DOCS = ("/docs", "/redoc", "/openapi.json")


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
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    return middleware


def _too_large(request: Request, limit: int) -> Response:
    """JSON for the API, the Russian error page for a browser's form (``errors.failure`` decides)."""
    size = f"{limit // (1024 * 1024)} МБ" if limit >= 1024 * 1024 else f"{limit // 1000} КБ"
    return failure(request, 413, f"Слишком большой запрос: не больше {size}")


def body_limit(max_bytes: int, *, uploads: tuple[tuple[str, ...], int] = ((), 0)) -> Middleware:
    """Refuse oversized bodies before reading them; file uploads (``uploads``: path prefixes, bound) get more."""
    prefixes, upload_bytes = uploads

    async def middleware(request: Request, call_next: Next) -> Response:
        limit = upload_bytes if prefixes and request.url.path.startswith(prefixes) else max_bytes
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return _too_large(request, limit)
        return await call_next(request)

    return middleware
