"""One translation of failures into HTTP: JSON for the API, a Russian page for people.

Pages raise like API routes do (a gate's ``Forbidden``, a client's ``NotFound``, a bound's validation error); the
handlers here decide per request whether the answer is JSON or the error page (:func:`wants_page`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway.entrypoints.deps import SESSION_COOKIE
from gateway.entrypoints.vocabulary import FIELD_TITLES
from gateway.entrypoints.web.rendering import error_page
from gateway.service_layer.auth import AuthenticatedSession, TooManyAttempts
from mentorship_kit import errors


class BrokenForm(errors.DomainError):
    """A page's form arrived in a shape its own page never sends (a hidden field missing or altered): 400."""


HTTP_STATUS: list[tuple[type[errors.DomainError], int]] = [
    (BrokenForm, 400),
    (TooManyAttempts, 429),
    (errors.ValidationFailed, 422),
    (errors.NotFound, 404),
    (errors.Forbidden, 403),
    (errors.Conflict, 409),
    (errors.Unauthenticated, 401),
    (errors.Unavailable, 503),
]

_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "обязательное поле",
    "string_type": "нужна строка",
    "string_too_short": "заполните поле",
    "string_too_long": "слишком длинное значение (не больше {max_length} символов)",
    "int_type": "нужно целое число",
    "int_parsing": "нужно целое число",
    "int_from_float": "нужно целое число",
    "greater_than_equal": "значение должно быть не меньше {ge}",
    "less_than_equal": "значение должно быть не больше {le}",
    "enum": "недопустимое значение; допустимые: {expected}",
    "literal_error": "недопустимое значение; допустимые: {expected}",
    "list_type": "нужен список",
    "too_long": "слишком много значений (не больше {max_length})",
    "extra_forbidden": "неизвестное поле",
    "json_invalid": "тело запроса — неверный JSON",
    "model_attributes_type": "нужен объект JSON",
    "dict_type": "нужен объект JSON",
}


def status_of(exc: errors.DomainError) -> int:
    return next((code for cls, code in HTTP_STATUS if isinstance(exc, cls)), 400)


def problems_of(exc: errors.DomainError) -> list[dict[str, str]]:
    if isinstance(exc, errors.ValidationFailed):
        return [{"field": p.field, "message": p.message} for p in exc.problems]
    return []


def translate_validation(raw: list[Any]) -> list[dict[str, str]]:
    items = []
    for err in raw:
        loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path")]
        field = ".".join(loc)
        template = _PYDANTIC_MESSAGES.get(err.get("type", ""), "неверное значение")
        ctx = {k: str(v).replace(" or ", " или ") for k, v in (err.get("ctx") or {}).items()}
        try:
            text = template.format(**ctx)
        except (KeyError, IndexError):
            text = template
        title = FIELD_TITLES.get(loc[0], loc[0]) if loc else "Запрос"
        items.append({"field": field, "message": f"{title}: {text}"})
    return items


def _preference(accept: str, *media: str) -> float:
    return max((_quality(part) for part in accept.split(",") if part.split(";")[0].strip().lower() in media),
               default=0.0)


def _quality(part: str) -> float:
    for param in part.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def wants_page(request: Request) -> bool:
    """A page for anything outside ``/api/``; under it too when the client prefers HTML (a browser following
    a page's link to an export), JSON otherwise — ``*/*`` and ``application/json`` keep the API's JSON."""
    if not request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return _preference(accept, "text/html", "application/xhtml+xml") > _preference(accept, "application/json")


def _visitor(request: Request) -> AuthenticatedSession | None:
    """Who sees the error page (for the navigation): the session a gate resolved, or the cookie's."""
    found: AuthenticatedSession | None = getattr(request.state, "session", None)
    if found is not None:
        return found
    try:
        return request.app.state.container.auth.resolve(request.cookies.get(SESSION_COOKIE, ""))
    except errors.DomainError:
        return None  # the error page can do without the navigation


def failure(request: Request, status_code: int, message: str, problems: list[dict[str, str]] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """The answer to every failure: JSON ``{detail, errors}``, or for a person the Russian error page — and a
    visitor without a session is sent to the login page instead."""
    if not wants_page(request):
        return JSONResponse({"detail": message, "errors": problems or []}, status_code=status_code, headers=headers)
    if status_code == 401:
        return RedirectResponse("/login", status_code=303)
    return error_page(request, _visitor(request), status_code, message, problems or [], headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.DomainError)
    def domain_error(request: Request, exc: errors.DomainError) -> Response:
        return failure(request, status_of(exc), exc.message, problems_of(exc))

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return failure(request, 422, "Проверьте введённые данные", translate_validation(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "Ошибка запроса"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "Страница не найдена"
        elif exc.status_code == 405:
            detail = "Метод не поддерживается"
        return failure(request, exc.status_code, detail, headers=getattr(exc, "headers", None))
