"""How a page is drawn: the templates with their Russian filters, the page frame, and the one error page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from gateway.domain.accounts import ROLE_TITLES
from gateway.entrypoints.vocabulary import field_title
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit.policy import Action, is_allowed

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

# The navigation shows a section only to whom the policy opens it; the routes' gates check again on their own.
NAV_FLAGS = {"director": Action.AUDIT_READ, "people": Action.PERSON_READ, "mentors": Action.MENTOR_LIST,
             "mentees": Action.MENTEE_LIST, "importer": Action.PERSON_IMPORT,
             "regional_base": Action.MENTOR_PUBLIC_SEARCH, "matching": Action.MATCHING_READ,
             "pairs": Action.PAIR_READ, "virtual_runs": Action.MATCHING_REGIONAL_RUN,
             "virtual_offers": Action.MATCHING_OFFER_DECIDE}

ERROR_TITLES = {400: "Неверный запрос", 401: "Требуется вход", 403: "Доступ запрещён", 404: "Страница не найдена",
                405: "Метод не поддерживается", 409: "Конфликт изменений", 413: "Слишком большой запрос",
                422: "Проверьте введённые данные", 429: "Слишком много попыток",
                503: "Сервис временно недоступен"}


def _ru_date(value: str | None) -> str:
    """ISO date or timestamp → «дд.мм.гггг» (the registry sends both; blank stays blank)."""
    text = (value or "")[:10]
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}"
    return text


def _ru_time(value: str | None) -> str:
    text = value or ""
    return f"{_ru_date(text)} {text[11:16]}".strip() if len(text) >= 16 else _ru_date(text)


def _plural(number: int, one: str, few: str, many: str) -> str:
    """«1 строку», «3 строки», «5 строк»: the Russian form that follows a number."""
    n = abs(int(number))
    form = many if 11 <= n % 100 <= 14 else one if n % 10 == 1 else few if 2 <= n % 10 <= 4 else many
    return f"{number} {form}"


templates.env.filters["ru_date"] = _ru_date
templates.env.filters["plural"] = _plural
templates.env.filters["ru_time"] = _ru_time
templates.env.globals["field_title"] = field_title  # labels come from the one vocabulary


def render_page(request: Request, template: str, session: AuthenticatedSession | None, status_code: int = 200,
                **context: Any) -> HTMLResponse:
    user = None
    if session is not None:
        user = {"name": session.display_name, "role": ROLE_TITLES[sorted(session.principal.roles)[0]],
                "csrf": session.csrf_token, "scope": session.principal.scope.value,
                **{flag: is_allowed(session.principal, action) for flag, action in NAV_FLAGS.items()}}
    return templates.TemplateResponse(request, template, {"user": user, **context}, status_code=status_code)


def error_page(request: Request, session: AuthenticatedSession | None, status_code: int, message: str,
               problems: Sequence[dict[str, str]] = (), headers: dict[str, str] | None = None) -> HTMLResponse:
    """The one error page: what went wrong (``message``, the field problems) under a title of the status."""
    response = render_page(request, "error.html", session, status_code, message=message, status=status_code,
                           title=ERROR_TITLES.get(status_code, "Ошибка"),
                           problems=[p for p in problems if p.get("message") and p["message"] != message])
    response.headers.update(headers or {})
    return response
