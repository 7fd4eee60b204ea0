"""Bulk import of staff and students over REST: template, upload, progress and preview, confirmation."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from gateway.adapters.participant_reads import ImportJobRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.deps import ChangingSession, ContainerDep, CurrentSession, Participants, allowed
from gateway.entrypoints.params import ErrorsOffset, Id
from gateway.entrypoints.web.ru_format import file_too_large
from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/imports", tags=["Загрузка списков"],
                   dependencies=[], responses={401: {"model": schemas.ErrorResponse},
                                               403: {"model": schemas.ErrorResponse},
                                               404: {"model": schemas.ErrorResponse},
                                               409: {"model": schemas.ErrorResponse},
                                               413: {"model": schemas.ErrorResponse},
                                               422: {"model": schemas.ErrorResponse}})
_import = [Depends(allowed(Action.PERSON_IMPORT))]
Kind = Annotated[str, Query(pattern="^(students|staff)$", description="students | staff")]


@router.get("/template", dependencies=_import, response_class=Response)
def template(session: CurrentSession, participants: Participants, kind: Kind,
             format: Annotated[str, Query(pattern="^(xlsx|csv)$")] = "xlsx") -> Response:
    found = participants.import_template(session.principal, kind=kind, fmt=format)
    return Response(found.content, media_type=found.content_type,
                    headers={"Content-Disposition": f'attachment; filename="{found.filename}"'})


async def read_upload(file: UploadFile, limit: int) -> bytes:
    """The whole file, refusing more than the bound (``MAX_UPLOAD_BYTES``) without reading much past it."""
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise ValidationFailed([FieldProblem("file", file_too_large(limit))])
    return content


@router.post("", status_code=202, response_model=ImportJobRead, dependencies=_import)
async def start(session: ChangingSession, participants: Participants, container: ContainerDep,
                kind: Annotated[str, Form(pattern="^(students|staff)$")],
                file: Annotated[UploadFile, File(description="XLSX или CSV (UTF-8 / Windows-1251, «;» или «,»)")],
                ) -> ImportJobRead:
    """Checks the file's format and header at once (422 with a Russian message when broken), then checks the
    rows in the background: follow ``GET /api/v1/imports/{id}`` until ``status`` is ``preview``."""
    content = await read_upload(file, container.settings.max_upload_bytes)
    return participants.start_import(session.principal, kind=kind, filename=file.filename or "", content=content)


@router.get("", response_model=list[ImportJobRead], dependencies=_import)
def recent(session: CurrentSession, participants: Participants) -> list[ImportJobRead]:
    return participants.list_imports(session.principal)


WAIT_MAX = 25
"""Seconds a status request may wait for a change: below the usual 30 s idle timeout of proxies in front of the API."""
WAIT_STEP = 1.0
"""How soon a waiting request asks again when the registry could not wait for it (too many waiting already)."""
Status = Annotated[str, Query(pattern="^(checking|preview|committing|done|failed)$",
                              description="the status the client already has; with ``wait``: answer when it changes")]


@router.get("/{import_id}", response_model=ImportJobRead, dependencies=_import)
async def get_import(request: Request, session: CurrentSession, participants: Participants, import_id: Id,
                     errors_limit: Annotated[int, Query(ge=1, le=1000)] = 200,
                     errors_offset: ErrorsOffset = 0,
                     wait: Annotated[int, Query(ge=0, le=WAIT_MAX, description="seconds to wait for a change")] = 0,
                     known_status: Status | None = None) -> ImportJobRead:
    """Progress (``rows_processed`` of ``rows_total``), the preview counts and the invalid rows (row, column,
    message). With ``wait`` and ``known_status`` the answer comes when the status is no longer ``known_status``
    (or after ``wait`` seconds, unchanged): a script follows an import in a few requests instead of one a second."""
    if not wait or known_status is None:
        return await run_in_threadpool(participants.get_import, session.principal, import_id,
                                       errors_limit=errors_limit, errors_offset=errors_offset)
    deadline = time.monotonic() + wait
    while True:
        # The registry waits on its LISTEN for the job's change (ADR 031): no reads while nothing happens.
        remaining = deadline - time.monotonic()
        asked = time.monotonic()
        job = await participants.wait_import(session.principal, import_id, known_status=known_status,
                                             wait=max(remaining, 0.0), errors_limit=errors_limit,
                                             errors_offset=errors_offset)
        if job.status != known_status or deadline - time.monotonic() < WAIT_STEP:
            return job
        if time.monotonic() - asked < remaining - WAIT_STEP:  # answered at once, unchanged: it could not wait
            await asyncio.sleep(WAIT_STEP)
            if await request.is_disconnected():
                return job


@router.post("/{import_id}/confirm", status_code=202, response_model=ImportJobRead, dependencies=_import)
def confirm(session: ChangingSession, participants: Participants,
            import_id: Id) -> ImportJobRead:
    """Write every valid row in one transaction (or nothing); invalid rows are skipped and stay listed."""
    return participants.confirm_import(session.principal, import_id)
