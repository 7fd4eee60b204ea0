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
from gateway.entrypoints.web import ru_format
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit.policy import Action, is_allowed

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

# The navigation shows a section only to whom the policy opens it; the routes' gates check again on their own.
NAV_FLAGS = {"director": Action.AUDIT_READ, "people": Action.PERSON_READ, "mentors": Action.MENTOR_LIST,
             "mentees": Action.MENTEE_LIST, "importer": Action.PERSON_IMPORT,
             "regional_base": Action.MENTOR_PUBLIC_SEARCH, "matching": Action.MATCHING_READ,
             "pairs": Action.PAIR_READ, "onboarding": Action.ONBOARDING,
             "virtual_runs": Action.MATCHING_REGIONAL_RUN, "virtual_offers": Action.MATCHING_OFFER_DECIDE,
             "evaluation": Action.EVALUATION_READ, "routes": Action.ROUTE_READ, "documents": Action.DOCUMENT_READ,
             "indicators": Action.INDICATORS_READ, "inbox": Action.DOCUMENT_DECIDE,
             "school_reports": Action.SCHOOL_REPORT, "questionnaires": Action.QUESTIONNAIRE_READ,
             # The outer contour's work (ADR 024)
             "program_base": Action.PROGRAM_BASE_READ, "agreements": Action.AGREEMENT_READ,
             "courses": Action.COURSE_READ, "young_teachers": Action.YOUNG_TEACHER_READ, "risks": Action.RISK_READ,
             "control": Action.CONTROL_READ, "self_diagnosis": Action.SELF_DIAGNOSIS_FILL,
             "contests": Action.CONTEST_READ,
             # The school's register and the catalogue of practices (ADR 025)
             "school_register": Action.REGISTER_RECORD, "practice_review": Action.PRACTICE_REVIEW,
             "practice_catalogue": Action.PRACTICE_CATALOGUE}

ERROR_TITLES = {400: "Неверный запрос", 401: "Требуется вход", 403: "Доступ запрещён", 404: "Страница не найдена",
                405: "Метод не поддерживается", 409: "Конфликт изменений", 413: "Слишком большой запрос",
                422: "Проверьте введённые данные", 429: "Слишком много попыток",
                503: "Сервис временно недоступен"}


templates.env.filters["ru_date"] = ru_format.short_date
templates.env.filters["ru_long_date"] = ru_format.long_date
templates.env.filters["ru_time"] = ru_format.date_time
templates.env.filters["days"] = ru_format.days
templates.env.filters["plural"] = ru_format.plural
templates.env.globals["field_title"] = field_title  # labels come from the one vocabulary


def shown_role(display_name: str, role_title: str) -> str:
    """The role beside the name in the header, unless the name already says it («Администратор платформы»)."""
    return "" if role_title.casefold() in display_name.casefold() else role_title


LOW_VISION_COOKIE = "nst_low_vision"
"""The «версия для слабовидящих» of a visitor not signed in (a signed-in person's choice is kept with their id)."""


def low_vision(request: Request, session: AuthenticatedSession | None) -> bool:
    """A signed-in person's own choice; until they make one, what this browser chose before signing in."""
    if session is not None and session.low_vision is not None:
        return session.low_vision
    return request.cookies.get(LOW_VISION_COOKIE) == "1"


def render_page(request: Request, template: str, session: AuthenticatedSession | None, status_code: int = 200,
                **context: Any) -> HTMLResponse:
    context.setdefault("low_vision", low_vision(request, session))
    # Where the «версия для слабовидящих» switch brings the person back to.
    context.setdefault("here", request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    user = None
    if session is not None:
        role = ROLE_TITLES[sorted(session.principal.roles)[0]]
        user = {"name": session.display_name, "role": shown_role(session.display_name, role),
                "csrf": session.csrf_token, "scope": session.principal.scope.value,
                # a mentor's or a teacher mentee's login (ADR 010): «Мои пары» instead of the school's lists
                "participant": session.principal.participant_role.value if session.principal.participant_role else "",
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
