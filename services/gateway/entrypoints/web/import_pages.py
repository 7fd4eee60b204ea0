"""Bulk import of the school's students and staff: templates, upload, progress, preview, confirmation.

The registry checks a file in the background; the import page refreshes itself (``<meta http-equiv="refresh">``,
no script) while the file is being checked or written, then shows the preview. Nothing is written before the
curator confirms.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Choice, ErrorsOffset, Id
from gateway.entrypoints.vocabulary import IMPORT_KIND_TITLES, IMPORT_STATUS_TITLES
from gateway.entrypoints.web.pages import problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.entrypoints.web.ru_format import file_too_large, size
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action

router = APIRouter(include_in_schema=False)
IMPORTING = Depends(allowed(Action.PERSON_IMPORT))
ERRORS_PER_PAGE = 200
IN_PROGRESS = ("checking", "committing")


def _imports_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *,
                  status_code: int = 200, problems: list[dict[str, str]] | None = None,
                  kind: str = "") -> HTMLResponse:
    recent = container.participants.list_imports(session.principal)
    return render_page(request, "imports.html", session, status_code, imports=recent, kinds=IMPORT_KIND_TITLES,
                       statuses=IMPORT_STATUS_TITLES, problems=problems or [], kind=kind,
                       file_limit=size(container.settings.max_upload_bytes))


@router.get("/school/imports", response_class=HTMLResponse, dependencies=[IMPORTING])
def imports_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    return _imports_page(request, session, container)


@router.get("/school/imports/template", dependencies=[IMPORTING])
def import_template(session: PageSession, container: ContainerDep, kind: Choice = "students",
                    format: Choice = "xlsx") -> Response:
    if kind not in IMPORT_KIND_TITLES or format not in ("xlsx", "csv"):
        raise errors.NotFound("Нет такого шаблона")
    template = container.participants.import_template(session.principal, kind=kind, fmt=format)
    # The plain name for old clients, the RFC 5987 one for the rest (a name may be Cyrillic).
    ascii_name = template.filename.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(template.filename)}"
    return Response(template.content, media_type=template.content_type, headers={"Content-Disposition": disposition})


@router.post("/school/imports", response_class=HTMLResponse, dependencies=[IMPORTING])
async def start_import(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await request.form()
    check_form_csrf(session, form.get("csrf_token"))
    kind = str(form.get("kind") or "")
    upload = form.get("file")
    if kind not in IMPORT_KIND_TITLES:
        return _imports_page(request, session, container, status_code=422,
                             problems=[{"field": "kind", "message": "Выберите, кого загружаете: обучающихся или "
                                                                     "сотрудников"}])
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _imports_page(request, session, container, status_code=422, kind=kind,
                             problems=[{"field": "file", "message": "Выберите файл XLSX или CSV"}])
    limit = container.settings.max_upload_bytes
    content = await upload.read(limit + 1)
    if len(content) > limit:
        return _imports_page(request, session, container, status_code=422, kind=kind,
                             problems=[{"field": "file", "message": file_too_large(limit)}])
    try:
        job = container.participants.start_import(session.principal, kind=kind, filename=upload.filename[:255],
                                                  content=content)
    except errors.DomainError as exc:
        return _imports_page(request, session, container, status_code=status_of(exc), kind=kind,
                             problems=problems_from(exc))
    return RedirectResponse(f"/school/imports/{quote(job.id, safe='')}", status_code=303)


def _import_page(request: Request, session: AuthenticatedSession, container: ContainerDep, import_id: str, *,
                 errors_offset: int = 0, status_code: int = 200,
                 problems: list[dict[str, str]] | None = None) -> HTMLResponse:
    offset = errors_offset
    job = container.participants.get_import(session.principal, import_id, errors_limit=ERRORS_PER_PAGE,
                                            errors_offset=offset)
    following = offset + ERRORS_PER_PAGE
    return render_page(request, "import.html", session, status_code, job=job, kinds=IMPORT_KIND_TITLES,
                       statuses=IMPORT_STATUS_TITLES, refresh=job.status in IN_PROGRESS, problems=problems or [],
                       errors_offset=offset, next_errors=following if following < job.row_errors_total else 0,
                       previous_errors=max(0, offset - ERRORS_PER_PAGE) if offset else -1)


@router.get("/school/imports/{import_id}", response_class=HTMLResponse, dependencies=[IMPORTING])
def import_page(request: Request, import_id: Id, session: PageSession, container: ContainerDep,
                errors_offset: ErrorsOffset = 0) -> Response:
    return _import_page(request, session, container, import_id, errors_offset=errors_offset)


@router.post("/school/imports/{import_id}/confirm", response_class=HTMLResponse, dependencies=[IMPORTING])
async def confirm_import(request: Request, import_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await request.form()
    check_form_csrf(session, form.get("csrf_token"))
    try:
        container.participants.confirm_import(session.principal, import_id)
    except errors.DomainError as exc:
        return _import_page(request, session, container, import_id, status_code=status_of(exc),
                            problems=problems_from(exc))
    return RedirectResponse(f"/school/imports/{quote(import_id, safe='')}", status_code=303)
