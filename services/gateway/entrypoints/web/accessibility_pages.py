"""The «версия для слабовидящих» (ГОСТ Р 52872-2019): larger type, high contrast, no pictures needed.

A signed-in person's choice is kept with their user id (``user_preferences``, gateway migration 0006), so it follows
them to any computer; before signing in the login page offers the same switch, kept in a cookie of the browser.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from gateway.entrypoints.deps import PUBLIC, ContainerDep, PageSession, allowed, form_csrf_ok
from gateway.entrypoints.web.pages import form_fields
from gateway.entrypoints.web.rendering import LOW_VISION_COOKIE
from mentorship_kit.policy import Action

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600


def _local(target: str) -> str:
    """Back where the switch was pressed; never another site (an open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _remembered(target: str, on: bool) -> Response:
    response = RedirectResponse(_local(target), status_code=303)
    if on:
        response.set_cookie(LOW_VISION_COOKIE, "1", max_age=YEAR, httponly=True, samesite="lax", path="/")
    else:
        response.delete_cookie(LOW_VISION_COOKIE, path="/")
    return response


@router.post("/settings/low-vision", dependencies=[Depends(allowed(Action.SESSION))])
async def switch_low_vision(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    on = form.get("on") == "1"
    if form_csrf_ok(session, form.get("csrf_token", "")):
        container.preferences.set_low_vision(session.principal.user_id, on)
    return _remembered(form.get("next", "/"), on)


@router.get("/low-vision", dependencies=[Depends(PUBLIC)])
def switch_low_vision_before_login(on: Annotated[bool, Query()] = True,
                                   next: Annotated[str, Query(max_length=500)] = "/login") -> Response:
    """Only the browser's cookie changes: nothing is stored for a visitor who has not signed in."""
    return _remembered(next, on)
