"""Sign-in and sign-out over the REST API (the web pages use the same service)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from gateway.entrypoints.api import presenters, schemas
from gateway.entrypoints.deps import (
    PUBLIC,
    SESSION_COOKIE,
    ChangingSession,
    ContainerDep,
    CurrentSession,
    allowed,
    client_ip,
)
from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/auth", tags=["Вход"])


def set_session_cookie(response: Response, token: str, container: ContainerDep) -> None:
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=container.settings.cookie_secure,
                        max_age=container.settings.session_ttl_minutes * 60)


@router.post("/login", response_model=schemas.SessionRead, dependencies=[Depends(PUBLIC)],
             responses={401: {"model": schemas.ErrorResponse}, 415: {"model": schemas.ErrorResponse}})
def login(body: schemas.LoginRequest, request: Request, response: Response,
          container: ContainerDep) -> schemas.SessionRead:
    # JSON only: a cross-site form cannot send it without a CORS preflight (login CSRF).
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise ValidationFailed([FieldProblem("", "Ожидается JSON (Content-Type: application/json)")])
    if container.sso is not None:
        raise ValidationFailed([FieldProblem("", "Вход по паролю отключён: используйте единый вход (/login)")])
    session = container.auth.login(body.username, body.password, client_ip=client_ip(request))
    set_session_cookie(response, session.token, container)
    return presenters.session(session)


@router.post("/logout", status_code=204, dependencies=[Depends(allowed(Action.SESSION))])
def logout(session: ChangingSession, container: ContainerDep) -> Response:
    container.auth.logout(session)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=schemas.SessionRead, dependencies=[Depends(allowed(Action.SESSION))])
def me(session: CurrentSession) -> schemas.SessionRead:
    return presenters.session(session)
