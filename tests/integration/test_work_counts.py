"""The work of the pairs in reporting (issue 12 item 7), with the real database: monitoring's PlanAgreed,
PlanItemDone and ReportSubmitted counted once each however often they arrive, and «pairs without meetings for N
weeks» and «plans on track» derived from dates as of a controllable day — a meeting or a done item moves them, and
so does the calendar. Envelopes are built by hand and applied through reporting's idempotent consumer."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from google.protobuf.message import Message
from sqlalchemy import Engine

from mentorship.matching.v1 import events_pb2 as matching_events
from mentorship.monitoring.v1 import events_pb2 as monitoring_events
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Role, Scope
from reporting.service_layer.queries import get_pair_counts
from reporting.service_layer.unit_of_work import ReportingUnitOfWork
from tests.integration.test_pair_events import (  # noqa: F401 — fixtures
    School,
    again,
    closed,
    projector,
    reporting_app,
    unit,
)


def _event(source: str, fact: str, payload: Message, school: School) -> Envelope:
    return Envelope.wrap(type=f"mentorship.{source}.{fact}.v1", source="tests", subject=f"x/{uuid.uuid4()}",
                         payload=payload, org_id=school.org_id, municipality_id=school.municipality_id,
                         region_id=school.region_id, traceparent=None)


def _formed(school: School, pair_id: str, started: str) -> Envelope:
    return _event("matching", "pair_formed", matching_events.PairFormed(
        pair_id=pair_id, mentee_id=str(uuid.uuid4()), mentor_id=str(uuid.uuid4()), term_start=started,
        term_end="2027-05-31", reporting="monthly", state=matching_events.PairState(
            pair_id=pair_id, version=1, facets=["pair", "pair.form.student_student", "pair.kind.individual"])), school)


def _report(app: Engine, school: School, today: date) -> Any:
    curator = Principal(user_id="t", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.MUNICIPALITY,
                        municipality_id=school.municipality_id, region_id=school.region_id)
    report = get_pair_counts(None, ReportingUnitOfWork(app, principal=curator), today=today)
    assert [r.unit_id for r, _ in report.rows] == [school.org_id]
    return report.totals


def test_plans_items_and_reports_count_once_and_the_dated_figures_follow_the_day(
        projector: IdempotentConsumer, reporting_app: Engine, unit: School) -> None:  # noqa: F811
    a, b, c = (str(uuid.uuid4()) for _ in range(3))
    for pair_id in (a, b, c):
        projector.apply(_formed(unit, pair_id, "2026-09-01"))
    projector.apply(closed(unit, c, str(uuid.uuid4())))
    held = _event("monitoring", "meeting_held", monitoring_events.MeetingHeld(
        meeting_id=str(uuid.uuid4()), pair_id=a, held_on="2026-11-20", duration_minutes=45,
        facets=["meeting", "meeting.kind.regular", "meeting.format.in_person"]), unit)
    projector.apply(held)
    i1, i2, j1 = (str(uuid.uuid4()) for _ in range(3))
    agreed_a = _event("monitoring", "plan_agreed", monitoring_events.PlanAgreed(
        pair_id=a, version=1, items=2, facets=["plan", "plan.kind.development_plan"],
        item_due_on={i1: "2026-10-01", i2: "2027-02-01"}), unit)
    projector.apply(agreed_a)
    projector.apply(again(agreed_a))
    projector.apply(_event("monitoring", "plan_agreed", monitoring_events.PlanAgreed(
        pair_id=b, version=1, items=1, facets=["plan", "plan.kind.development_plan"],
        item_due_on={j1: "2026-10-01"}, done_item_ids=[j1]), unit))
    reports = [_event("monitoring", "report_submitted", monitoring_events.ReportSubmitted(
        report_id=str(uuid.uuid4()), pair_id=a, period_number=n, facets=["report", "report.mentor"]), unit)
        for n in (1, 2)]
    for envelope in (*reports, again(reports[0])):
        projector.apply(envelope)

    december = date(2026, 12, 1)
    totals = _report(reporting_app, unit, december)
    assert (totals.plans_agreed, totals.plan_items_done, totals.reports_submitted) == (2, 0, 2)
    assert totals.pairs_without_meetings == 1, "b has had no meeting since 01.09; a met on 20.11; c is closed"
    assert totals.plans_on_track == 1, "a's item of 01.10 is not done; b's is"

    done = _event("monitoring", "plan_item_done", monitoring_events.PlanItemDone(
        pair_id=a, item_id=i1, version=1, done_on="2026-11-25", facets=["plan.item.done"]), unit)
    projector.apply(done)
    projector.apply(again(done))
    totals = _report(reporting_app, unit, december)
    assert (totals.plan_items_done, totals.plans_on_track) == (1, 2)

    later = _report(reporting_app, unit, date(2027, 3, 1))  # the calendar moves the dated figures, nothing else
    assert (later.pairs_without_meetings, later.plans_on_track, later.plans_agreed) == (2, 1, 2)
    assert _report(reporting_app, unit, date(2026, 12, 17)).pairs_without_meetings == 1
    assert _report(reporting_app, unit, date(2026, 12, 18)).pairs_without_meetings == 2, "4 weeks after 20.11"
