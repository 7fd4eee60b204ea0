"""The pairs' work over REST (the school's inner contour): meetings with the mentor's diary, the calendar plan, the
pairs with overdue marks, the school's setting. One policy gate per route; the rules are monitoring's."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from gateway.adapters.monitoring_reads import (
    GroupMeetingRead,
    GroupWorkRead,
    ListPairsResponseRead,
    MeetingRead,
    PairWorkRead,
    PlannedMeetingRead,
    SchoolSettingsRead,
)
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.meeting_schemas import (
    GroupMeetingCreate,
    MeetingCreate,
    PlannedMeetingCreate,
    SchoolSettingsIn,
)
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Monitoring, allowed, audit_pii_read
from gateway.entrypoints.params import Id
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Работа пар: встречи, дневник, план"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})


@router.get("/pairs/{pair_id}/meetings", response_model=PairWorkRead,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def pair_meetings(request: Request, pair_id: Id, session: CurrentSession, monitoring: Monitoring) -> PairWorkRead:
    """Встречи пары (новые сверху) с записями дневника, календарный план и что просрочено."""
    work = monitoring.pair_work(session.principal, pair_id)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="встречи и дневник пары",
                   records=len(work.meetings))
    return work


@router.post("/pairs/{pair_id}/meetings", status_code=201, response_model=MeetingRead,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
def record_meeting(pair_id: Id, body: MeetingCreate, session: ChangingSession, monitoring: Monitoring) -> MeetingRead:
    """Проведённая встреча и запись дневника; закрывает встречу плана (указанную или ближайшую того же вида)."""
    return monitoring.record_meeting(session.principal, pair_id, **{
        **body.model_dump(), "kind": body.kind.value, "format": body.format.value})


@router.get("/pairs/{pair_id}/plan", response_model=list[PlannedMeetingRead],
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def pair_plan(pair_id: Id, session: CurrentSession, monitoring: Monitoring) -> list[PlannedMeetingRead]:
    """Календарный план работы пары: встречи по датам; проведённые ссылаются на встречу."""
    return monitoring.pair_work(session.principal, pair_id).plan


@router.post("/pairs/{pair_id}/plan", status_code=201, response_model=PlannedMeetingRead,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
def plan_meeting(pair_id: Id, body: PlannedMeetingCreate, session: ChangingSession,
                 monitoring: Monitoring) -> PlannedMeetingRead:
    return monitoring.plan_meeting(session.principal, pair_id, kind=body.kind.value, planned_on=body.planned_on,
                                   topic=body.topic)


@router.get("/monitoring/pairs", response_model=ListPairsResponseRead,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def monitored_pairs(session: CurrentSession, monitoring: Monitoring,
                    overdue_only: bool = False) -> ListPairsResponseRead:
    """Пары школы с отметками о просрочке (без имён: их даёт ``/api/v1/pairs``)."""
    return monitoring.list_pairs(session.principal, overdue_only=overdue_only)


@router.get("/monitoring/settings", response_model=SchoolSettingsRead,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def school_settings(session: CurrentSession, monitoring: Monitoring) -> SchoolSettingsRead:
    return monitoring.school_settings(session.principal)


@router.put("/monitoring/settings", response_model=SchoolSettingsRead,
            dependencies=[Depends(allowed(Action.MONITORING_SETTINGS))])
def update_school_settings(body: SchoolSettingsIn, session: ChangingSession,
                           monitoring: Monitoring) -> SchoolSettingsRead:
    """Срок контроля: пара без встреч N недель отмечается просроченной (N — 1..26, по умолчанию 4)."""
    return monitoring.update_school_settings(session.principal, no_meeting_weeks=body.no_meeting_weeks,
                                             reminder_emails=body.reminder_emails)


@router.get("/groups/{group_id}/meetings", response_model=GroupWorkRead,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def group_meetings(request: Request, group_id: Id, session: CurrentSession, monitoring: Monitoring) -> GroupWorkRead:
    """Встречи группы (новые сверху) с посещаемостью каждого участника и что просрочено."""
    work = monitoring.group_work(session.principal, group_id)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="встречи и посещаемость группы",
                   records=len(work.meetings))
    return work


@router.post("/groups/{group_id}/meetings", status_code=201, response_model=GroupMeetingRead,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
def record_group_meeting(group_id: Id, body: GroupMeetingCreate, session: ChangingSession,
                         monitoring: Monitoring) -> GroupMeetingRead:
    """Проведённая встреча группы: каждый участник отмечен присутствовавшим или отсутствовавшим."""
    values = body.model_dump(exclude={"attendance"})
    return monitoring.record_group_meeting(session.principal, group_id, **{
        **values, "kind": body.kind.value, "format": body.format.value,
        "attendance": {a.mentee_id: a.present for a in body.attendance}})
