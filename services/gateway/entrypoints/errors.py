"""One translation of failures into HTTP: JSON for the API, a Russian page for people."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway.entrypoints.vocabulary import FIELD_TITLES
from gateway.service_layer.auth import TooManyAttempts
from mentorship_kit import errors

HTTP_STATUS: list[tuple[type[errors.DomainError], int]] = [
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


class LoginRequired(Exception):
    """A page needs a signed-in user: answered with a redirect to the login page."""


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


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.DomainError)
    def domain_error(request: Request, exc: errors.DomainError) -> Response:
        return JSONResponse({"detail": exc.message, "errors": problems_of(exc)}, status_code=status_of(exc))

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        items = translate_validation(list(exc.errors()))
        return JSONResponse({"detail": "Проверьте введённые данные", "errors": items}, status_code=422)

    @app.exception_handler(LoginRequired)
    def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "Ошибка запроса"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "Страница не найдена"
        elif exc.status_code == 405:
            detail = "Метод не поддерживается"
        return JSONResponse({"detail": detail, "errors": []}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
