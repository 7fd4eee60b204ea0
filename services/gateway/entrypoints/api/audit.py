"""The school director's view of who read the school's personal data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from gateway.entrypoints.api import schemas
from gateway.entrypoints.deps import ContainerDep, CurrentPrincipal, allowed
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/audit", tags=["Журнал доступа"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse}})


@router.get("", response_model=list[schemas.AuditEntryRead], dependencies=[Depends(allowed(Action.AUDIT_READ))])
def audit_log(principal: CurrentPrincipal, container: ContainerDep,
              limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[schemas.AuditEntryRead]:
    return [schemas.AuditEntryRead(at=e.at or datetime.now(UTC), username=e.username, roles=list(e.roles),
                                   action=e.action, subject=e.subject, records=e.records, endpoint=e.endpoint,
                                   client_ip=e.client_ip, user_agent=e.user_agent)
            for e in container.audit.recent(principal, limit=limit)]
