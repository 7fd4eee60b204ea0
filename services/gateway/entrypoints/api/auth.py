"""Sign-in and sign-out over the REST API (the web pages use the same service)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

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
from gateway.service_layer.auth import login_throttle_key
from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/auth", tags=["Вход"])
locks_router = APIRouter(prefix="/api/v1/login-locks", tags=["Вход"])


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


@locks_router.delete("/{username}", status_code=204, dependencies=[Depends(allowed(Action.LOGIN_LOCK_LIFT))],
                     responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse}})
def lift_login_lock(username: Annotated[str, Path(max_length=200)], request: Request, session: ChangingSession,
                    container: ContainerDep) -> Response:
    """Снять блокировку входа (после пяти неверных паролей логин заблокирован на 15 минут, даже администратора):
    следующая попытка проверяется сразу. Записывается в журнал доступа."""
    container.auth.lift_login_lock(session.principal, username)
    container.audit.record(session.principal, username=session.username, action=Action.LOGIN_LOCK_LIFT.value,
                           subject=login_throttle_key(username).removeprefix("login:"), records=1,
                           endpoint=f"{request.method} {request.url.path}", client_ip=client_ip(request),
                           user_agent=request.headers.get("user-agent", ""))
    return Response(status_code=204)
