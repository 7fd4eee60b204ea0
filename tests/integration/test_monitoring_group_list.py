"""Groups in monitoring with a real database (ADR 017 addendum): a group learnt from matching's ``group_formed``
through the idempotent consumer is listed as overdue for «На сегодня» after N weeks without a meeting and leaves the
list once a meeting is recorded; the meeting goes to the outbox as ``meeting_held`` with the facet ``meeting.group``
and no pair or name; another school's curator lists nothing of it (row-level security)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, create_engine, text

from embedded_stack.stack import Stack
from mentorship.matching.v1 import events_pb2
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.adapters.sql_unit_of_work import MonitoringUnitOfWork
from monitoring.entrypoints.pair_event_handlers import HANDLERS
from monitoring.service_layer.group_handlers import RecordGroupMeeting, list_groups, record_group_meeting

START = date(2026, 9, 1)
OVERDUE_DAY = START + timedelta(weeks=4)  # the default N


@pytest.fixture(scope="module")
def engines(stack: Stack) -> Iterator[dict[str, Engine]]:
    db = stack.databases["monitoring"]
    made = {"admin": create_engine(db.admin_url), "app": create_engine(db.app_url),
            "system": create_engine(db.system_url)}
    yield made
    for engine in made.values():
        engine.dispose()


def _curator(tenants, org: str) -> Principal:  # type: ignore[no-untyped-def]
    return Principal(user_id=f"curator-{org[:8]}", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                     org_id=org, municipality_id=tenants.m1_id if org != tenants.school_b else tenants.m2_id,
                     region_id=tenants.region_id)


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def test_an_overdue_group_is_listed_until_it_meets_and_only_for_its_school(  # type: ignore[no-untyped-def]
        engines, tenants) -> None:
    group_id, members = str(uuid.uuid4()), [str(uuid.uuid4()), str(uuid.uuid4())]
    formed = Envelope.wrap(
        type="mentorship.matching.group_formed.v1", source="tests", subject=f"groups/{group_id}",
        payload=events_pb2.GroupFormed(
            group_id=group_id, run_id=str(uuid.uuid4()), mode="group", mentor_ids=[str(uuid.uuid4())],
            request_ids=[str(uuid.uuid4()), str(uuid.uuid4())], mentee_ids=members, term_start=START.isoformat(),
            term_end="2027-05-28", reporting="monthly",
            state=events_pb2.GroupState(group_id=group_id, version=1,
                                        facets=["group", "group.form.teacher_pupil", "group.kind.group"])),
        org_id=tenants.school_a, municipality_id=tenants.m1_id, region_id=tenants.region_id, traceparent=None)
    assert IdempotentConsumer(engines["system"], HANDLERS).apply(formed) is True

    def listed(org: str, day: date, **kw: bool) -> list[str]:
        groups, _ = list_groups(MonitoringUnitOfWork(engines["app"], principal=_curator(tenants, org)),
                                now=lambda: _at(day), **kw)
        return [g.group.id for g in groups]

    assert group_id not in listed(tenants.school_a, OVERDUE_DAY - timedelta(days=1), overdue_only=True)
    assert group_id in listed(tenants.school_a, OVERDUE_DAY, overdue_only=True)
    assert group_id not in listed(tenants.school_b, OVERDUE_DAY), "another school sees nothing of it"

    meeting = record_group_meeting(
        RecordGroupMeeting(group_id=group_id, kind="regular", held_on=OVERDUE_DAY.isoformat(), format="remote",
                           topic="Секрет темы", duration_minutes=45, attendance={members[0]: True}),
        MonitoringUnitOfWork(engines["app"], principal=_curator(tenants, tenants.school_a)),
        now=lambda: _at(OVERDUE_DAY))
    assert group_id not in listed(tenants.school_a, OVERDUE_DAY, overdue_only=True)
    [summary] = [g for g in list_groups(MonitoringUnitOfWork(engines["app"],
                                                             principal=_curator(tenants, tenants.school_a)),
                                        now=lambda: _at(OVERDUE_DAY))[0] if g.group.id == group_id]
    assert (summary.meetings_held, summary.last_meeting_on) == (1, OVERDUE_DAY)

    with engines["admin"].connect() as conn:
        envelope = conn.execute(text("SELECT envelope FROM outbox WHERE envelope->>'subject' = :s"),
                                {"s": f"group-meetings/{meeting.id}"}).scalar_one()
    assert envelope["type"] == "mentorship.monitoring.meeting_held.v1"
    assert "Секрет темы" not in str(envelope) and members[0] not in str(envelope)
