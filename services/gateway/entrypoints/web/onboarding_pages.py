"""«Подключение»: the first logins of a new region's organisations, municipalities and region, and its roster.

A one-time password is shown on the answer page only, once; the roster's preview lists every invalid row, and
nothing but the preview is written until «Подтвердить».
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from gateway.adapters import roster_file
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.entrypoints.web.ru_format import file_too_large, size
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors, vocabulary
from mentorship_kit.policy import Action

router = APIRouter(include_in_schema=False)
ONBOARDING = Depends(allowed(Action.ONBOARDING))
ORG_ROLES = {"school_curator": vocabulary.ROLE_TITLES["school_curator"],
             "school_director": vocabulary.ROLE_TITLES["school_director"]}


def _page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, status_code: int = 200,
          problems: list[dict[str, str]] | None = None, form: dict[str, str] | None = None,
          created: object = None, created_password: str | None = None) -> HTMLResponse:
    principal = session.principal
    regions = [r for r in container.registry.list_regions(principal)
               if principal.region_id in (None, r.id)]
    region_ids = {r.id for r in regions}
    municipalities = [m for m in container.registry.list_municipalities(principal) if m.region_id in region_ids]
    organisations = [o for o in container.registry.list_organisations(principal) if o.region_id in region_ids]
    return render_page(request, "onboarding.html", session, status_code, regions=regions,
                       municipalities=municipalities, organisations=organisations, org_roles=ORG_ROLES,
                       problems=problems or [], form=form or {}, created=created,
                       created_password=created_password, role_titles=vocabulary.ROLE_TITLES,
                       file_limit=size(container.settings.max_upload_bytes))


@router.get("/onboarding", response_class=HTMLResponse, dependencies=[ONBOARDING])
def onboarding_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    return _page(request, session, container)


@router.post("/onboarding/first-login", response_class=HTMLResponse, dependencies=[ONBOARDING])
async def create_first_login(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        created = container.onboarding.create_first_login(
            session.principal, role=form.get("role", ""), target_id=form.get("target_id", ""),
            display_name=form.get("display_name", ""), email=form.get("email", ""),
            username=form.get("username", ""))
    except (errors.ValidationFailed, errors.Conflict, errors.NotFound) as exc:
        return _page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                     form=form)
    return _page(request, session, container, status_code=201, created=created.account,
                 created_password=created.one_time_password)


@router.get("/onboarding/rosters/template", dependencies=[ONBOARDING])
def roster_template(session: PageSession) -> Response:
    return Response(roster_file.template(), media_type=roster_file.XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{roster_file.TEMPLATE_NAME}"'})


@router.post("/onboarding/rosters", response_class=HTMLResponse, dependencies=[ONBOARDING])
async def upload_roster(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await request.form()
    check_form_csrf(session, form.get("csrf_token"))
    upload = form.get("file")
    region_id = str(form.get("region_id") or "")[:100]
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, session, container, status_code=422,
                     problems=[{"field": "file", "message": "Выберите файл реестра (XLSX)"}])
    limit = container.settings.max_upload_bytes
    content = await upload.read(limit + 1)
    if len(content) > limit:
        return _page(request, session, container, status_code=422,
                     problems=[{"field": "file", "message": file_too_large(limit)}])
    try:
        view = container.onboarding.preview_roster(session.principal, region_id=region_id,
                                                   filename=upload.filename, content=content)
    except (errors.ValidationFailed, errors.NotFound) as exc:
        return _page(request, session, container, status_code=status_of(exc), problems=problems_from(exc))
    return RedirectResponse(f"/onboarding/rosters/{quote(view.id, safe='')}", status_code=303)


@router.get("/onboarding/rosters/{roster_id}", response_class=HTMLResponse, dependencies=[ONBOARDING])
def roster_page(request: Request, roster_id: Id, session: PageSession, container: ContainerDep) -> Response:
    view = container.onboarding.get_roster(session.principal, roster_id)
    return render_page(request, "roster.html", session, 200, roster=view, problems=[],
                       kinds=vocabulary.ORGANISATION_KIND_TITLES)


@router.post("/onboarding/rosters/{roster_id}/confirm", response_class=HTMLResponse, dependencies=[ONBOARDING])
async def confirm_roster(request: Request, roster_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await request.form()
    check_form_csrf(session, form.get("csrf_token"))
    try:
        view = container.onboarding.confirm_roster(session.principal, roster_id)
    except (errors.ValidationFailed, errors.Conflict) as exc:
        return render_page(request, "roster.html", session, status_of(exc),
                           roster=container.onboarding.get_roster(session.principal, roster_id),
                           problems=problems_from(exc), kinds=vocabulary.ORGANISATION_KIND_TITLES)
    return render_page(request, "roster.html", session, 200, roster=view, problems=[],
                       kinds=vocabulary.ORGANISATION_KIND_TITLES)
