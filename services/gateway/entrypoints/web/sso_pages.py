"""The browser side of single sign-on: start the code flow, take the IdP's answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from gateway.entrypoints.api.auth import set_session_cookie
from gateway.entrypoints.deps import PUBLIC, ContainerDep
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.web.pages import HOME
from gateway.entrypoints.web.rendering import render_page
from mentorship_kit import errors

router = APIRouter(include_in_schema=False)
STATE_COOKIE = "nst_sso_state"


@router.get("/auth/sso/start", dependencies=[Depends(PUBLIC)])
def sso_start(container: ContainerDep) -> Response:
    if container.sso is None:
        return RedirectResponse("/login", status_code=303)
    started = container.sso.start()
    response = RedirectResponse(started.redirect_to, status_code=303)
    # Binds the answer to this browser: SameSite=Lax still sends it on the IdP's top-level redirect back.
    response.set_cookie(STATE_COOKIE, started.state, httponly=True, samesite="lax", path="/auth/sso",
                        secure=container.settings.cookie_secure, max_age=600)
    return response


@router.get("/auth/sso/callback", dependencies=[Depends(PUBLIC)])
def sso_callback(request: Request, container: ContainerDep, code: Annotated[str, Query(max_length=2000)] = "",
                 state: Annotated[str, Query(max_length=200)] = "", error: Annotated[str, Query(max_length=100)] = "",
                 error_description: Annotated[str, Query(max_length=1000)] = "") -> Response:
    if container.sso is None:
        return RedirectResponse("/login", status_code=303)
    if error:
        return render_page(request, "sso_error.html", None, 400,
                       message=f"Сервер единого входа сообщил об ошибке: {error} {error_description}")
    try:
        session = container.sso.finish(code=code, state=state,
                                       browser_state=request.cookies.get(STATE_COOKIE, ""))
    except errors.DomainError as exc:  # the IdP's answer was refused: say why and offer to start again
        return render_page(request, "sso_error.html", None, status_of(exc) if status_of(exc) != 401 else 400,
                       message=exc.message)
    response = RedirectResponse(HOME, status_code=303)
    set_session_cookie(response, session.token, container)
    response.delete_cookie(STATE_COOKIE, path="/auth/sso")
    return response
