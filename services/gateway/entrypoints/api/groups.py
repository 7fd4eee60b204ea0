"""Наставнические группы (group and team runs) and the psychologist's compatibility marks over REST."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from gateway.adapters.matching_reads import CompatibilityListRead, CompatibilityMarkRead, GroupListRead, GroupRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.matching_schemas import CompatibilityIn, GroupCloseIn, GroupCompleteIn
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Matching, allowed, audit_pii_read
from gateway.entrypoints.params import Id, IdFilter
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Подбор наставников и пары"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})
GroupLimit = Annotated[int, Query(ge=1, le=500)]


@router.get("/groups", response_model=GroupListRead, dependencies=[Depends(allowed(Action.PAIR_READ))])
def list_groups(request: Request, session: CurrentSession, matching: Matching, run_id: IdFilter = "",
                limit: GroupLimit = 200) -> GroupListRead:
    """Наставнические группы и команды школы (по прогону — ``run_id``)."""
    found = matching.list_groups(session.principal, run_id=run_id, limit=limit)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="наставнические группы",
                   records=sum(len(g.members) for g in found.groups))
    return found


@router.get("/groups/{group_id}", response_model=GroupRead, dependencies=[Depends(allowed(Action.PAIR_READ))])
def get_group(request: Request, group_id: Id, session: CurrentSession, matching: Matching) -> GroupRead:
    group = matching.get_group(session.principal, group_id)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="наставническая группа",
                   records=len(group.members))
    return group


@router.post("/groups/{group_id}/close", response_model=GroupRead, dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def close_group(group_id: Id, body: GroupCloseIn, session: ChangingSession, matching: Matching) -> GroupRead:
    """Закрыть группу досрочно (причина обязательна): запросы оставшихся участников снова открыты для подбора."""
    return matching.close_group(session.principal, group_id, reason=body.reason, version=body.version)


@router.post("/groups/{group_id}/complete", response_model=GroupRead,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def complete_group(group_id: Id, body: GroupCompleteIn, session: ChangingSession, matching: Matching) -> GroupRead:
    """Завершить работу группы с итогом: запросы участников остаются закрытыми как «Подобран наставник»."""
    return matching.complete_group(session.principal, group_id, outcome=body.outcome, version=body.version,
                                   team_outcome=body.team_outcome)


@router.post("/matching/compatibility", response_model=CompatibilityMarkRead,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def record_compatibility(body: CompatibilityIn, session: ChangingSession, matching: Matching) -> CompatibilityMarkRead:
    """«Оценка педагога-психолога»: совместимость наставника и наставляемого; новая оценка заменяет прежнюю и
    учитывается в баллах следующего подбора (вес ``compatibility``)."""
    return matching.record_compatibility(session.principal, mentor_id=body.mentor_id, mentee_id=body.mentee_id,
                                         mark=body.mark.value, assessed_on=body.assessed_on, note=body.note)


@router.get("/matching/compatibility", response_model=CompatibilityListRead,
            dependencies=[Depends(allowed(Action.MATCHING_READ))])
def list_compatibility(session: CurrentSession, matching: Matching,
                       mentee_id: IdFilter = "") -> CompatibilityListRead:
    return matching.list_compatibility(session.principal, mentee_id=mentee_id)
