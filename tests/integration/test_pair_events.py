"""matching.events in the registry and in reporting, with real databases: envelopes are built by hand and
applied through each service's idempotent consumer as its system role (ADR 007).

The registry: PairFormed matches the request once (one status event however often it arrives); an early
PairClosed reopens it; an event of another school cannot touch the request (the consumer binds the event's
school with SET LOCAL, and row-level security does the rest). Reporting: active pairs by form and вид and mentees
in pairs rise and fall, duplicates and late events count once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from google.protobuf.message import Message
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from embedded_stack.stack import Stack
from mentorship.matching.v1 import events_pb2 as matching_events
from mentorship.registry.v1 import events_pb2 as registry_events
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Role, Scope
from registry.entrypoints.pair_event_handlers import HANDLERS as REGISTRY_HANDLERS
from reporting.entrypoints.event_handlers import HANDLERS as REPORTING_HANDLERS
from reporting.service_layer.queries import get_pair_counts
from reporting.service_layer.unit_of_work import ReportingUnitOfWork
from tests.support import unique_name


@dataclass(frozen=True)
class School:
    org_id: str
    municipality_id: str
    region_id: str


def _envelope(fact: str, payload: Message, unit: School) -> Envelope:
    return Envelope.wrap(type=f"mentorship.matching.{fact}.v1", source="tests", subject=f"pairs/{uuid.uuid4()}",
                         payload=payload, org_id=unit.org_id, municipality_id=unit.municipality_id,
                         region_id=unit.region_id, traceparent=None)


def _state(pair_id: str, version: int, status: str, form: str = "student_student",
           kind: str = "individual") -> matching_events.PairState:
    return matching_events.PairState(pair_id=pair_id, version=version,
                                     facets=[f"form:{form}", f"kind:{kind}", f"status:{status}"])


def formed(unit: School, pair_id: str, request_id: str, mentee_id: str, **facets: str) -> Envelope:
    return _envelope("pair_formed", matching_events.PairFormed(
        pair_id=pair_id, request_id=request_id, mentee_id=mentee_id, mentor_id=str(uuid.uuid4()), mode="optimal",
        state=_state(pair_id, 1, "active", **facets)), unit)


def closed(unit: School, pair_id: str, mentee_id: str, *, version: int = 2, status: str = "closed",
           reason: str = "замена наставника по заявлению наставляемого", **facets: str) -> Envelope:
    return _envelope("pair_closed", matching_events.PairClosed(
        pair_id=pair_id, mentee_id=mentee_id, mentor_id=str(uuid.uuid4()), reason=reason,
        state=_state(pair_id, version, status, **facets)), unit)


def again(envelope: Envelope) -> Envelope:
    """The relay republishing after a crash: the same event under a new id."""
    return Envelope(**{**envelope.to_dict(), "id": str(uuid.uuid4())})


# -- the registry --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def registry_consumer(stack: Stack) -> Iterator[IdempotentConsumer]:
    engine = create_engine(stack.databases["registry"].system_url)
    yield IdempotentConsumer(engine, REGISTRY_HANDLERS)
    engine.dispose()


@pytest.fixture(scope="module")
def registry_admin(stack: Stack) -> Iterator[Engine]:
    engine = create_engine(stack.databases["registry"].admin_url)
    yield engine
    engine.dispose()


def _request(curator: Any) -> dict[str, Any]:
    person = curator.consenting_person("student", last_name=unique_name("Пара"), class_name="7А")
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["gifted"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": ["Химия"],
                                                  "source": "self"})
    assert made.status_code == 201, made.text
    return made.json()


def _status_events(admin: Engine, request_id: str) -> list[dict[str, Any]]:
    with admin.connect() as conn:
        rows = conn.execute(text("SELECT envelope FROM outbox WHERE envelope->>'subject' = :s AND envelope->>'type'"
                                 " = 'mentorship.registry.mentoring_request_status_changed.v1' ORDER BY id"),
                            {"s": f"requests/{request_id}"}).all()
    return [r[0] for r in rows]


def _stored(admin: Engine, request_id: str) -> tuple[str, str, str]:
    with admin.connect() as conn:
        row = conn.execute(text("SELECT status, coalesce(pair_id::text, ''), status_reason FROM mentoring_requests"
                                " WHERE id = :i"), {"i": request_id}).one()
    return str(row[0]), str(row[1]), str(row[2])


def test_a_pair_formed_twice_matches_its_request_once_and_an_early_close_reopens_it(
        registry_consumer, registry_admin, tenants, login) -> None:  # type: ignore[no-untyped-def]
    school = School(tenants.school_a, tenants.m1_id, tenants.region_id)
    request = _request(login(tenants.curator_a))
    pair_id = str(uuid.uuid4())
    event = formed(school, pair_id, request["id"], request["mentee_id"])

    assert registry_consumer.apply(event)
    assert not registry_consumer.apply(event)  # the same id: skipped by the consumer
    assert registry_consumer.apply(again(event))  # a copy under a new id: the request is matched already
    assert _stored(registry_admin, request["id"])[:2] == ("matched", pair_id)
    matched = _status_events(registry_admin, request["id"])
    assert len(matched) == 1, "one status event however often the pair arrives"
    assert matched[0]["data"]["state"]["facets"] == ["request.by.student", "request.status.matched"]

    # Ended early (a replacement): the request is open again for the next run, with the reason.
    assert registry_consumer.apply(closed(school, pair_id, request["mentee_id"]))
    status, held_by, reason = _stored(registry_admin, request["id"])
    assert (status, held_by) == ("open", "") and reason.startswith("Пара закрыта досрочно: замена наставника")
    events = _status_events(registry_admin, request["id"])
    assert len(events) == 2 and events[-1]["data"]["state"]["facets"] == ["request.by.student", "request.status.open"]
    assert int(events[-1]["data"]["state"]["version"]) == int(matched[0]["data"]["state"]["version"]) + 1
    # The same pair closing again (another copy) finds no request held by it.
    assert registry_consumer.apply(closed(school, pair_id, request["mentee_id"]))
    assert len(_status_events(registry_admin, request["id"])) == 2


@pytest.mark.parametrize("counted_shape", [False, True])
def test_a_completed_pair_leaves_its_request_matched(registry_consumer, registry_admin, tenants, login,
                                                     counted_shape: bool) -> None:  # type: ignore[no-untyped-def]
    school = School(tenants.school_a, tenants.m1_id, tenants.region_id)
    request = _request(login(tenants.curator_a))
    pair_id = str(uuid.uuid4())
    registry_consumer.apply(formed(school, pair_id, request["id"], request["mentee_id"]))
    done = closed(school, pair_id, request["mentee_id"], status="completed", reason="срок истёк")
    if counted_shape:  # matching's codec may send the registry's counted shape: «pair.completed»
        done.data["state"]["facets"] = ["pair.completed"]
    registry_consumer.apply(done)
    assert _stored(registry_admin, request["id"])[:2] == ("matched", pair_id)
    assert len(_status_events(registry_admin, request["id"])) == 1


def test_an_event_of_another_school_cannot_touch_the_request(registry_consumer, registry_admin, tenants,
                                                             login) -> None:  # type: ignore[no-untyped-def]
    request = _request(login(tenants.curator_a))  # school A's
    school_b = School(tenants.school_b, tenants.m2_id, tenants.region_id)
    foreign = formed(school_b, str(uuid.uuid4()), request["id"], request["mentee_id"])
    assert registry_consumer.apply(foreign)  # applied (recorded as processed), and it changed nothing:
    assert _stored(registry_admin, request["id"])[:2] == ("open", "")
    assert _status_events(registry_admin, request["id"]) == []


def test_the_consumer_role_reaches_requests_only_of_the_school_it_bound(stack, registry_admin, tenants,
                                                                        login) -> None:  # type: ignore[no-untyped-def]
    request = _request(login(tenants.curator_a))
    system = create_engine(stack.databases["registry"].system_url)
    try:
        def visible(org_id: str) -> int:
            with system.connect() as conn, conn.begin():
                conn.execute(text("SELECT set_config('app.scope', 'org', true), set_config('app.org_id', :o, true)"),
                             {"o": org_id})
                return int(conn.execute(text("SELECT count(*) FROM mentoring_requests WHERE id = :i"),
                                        {"i": request["id"]}).scalar_one())

        assert visible(tenants.school_a) == 1 and visible(tenants.school_b) == 0
        with system.connect() as conn, conn.begin():
            assert int(conn.execute(text("SELECT count(*) FROM mentoring_requests")).scalar_one()) == 0  # unbound
        for forbidden in ("SELECT goal FROM mentoring_requests", "SELECT full_name FROM persons",
                          "SELECT notes FROM mentees", "UPDATE mentoring_requests SET goal = 'x'"):
            with system.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text(forbidden))
    finally:
        system.dispose()


# -- reporting -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def projector(stack: Stack) -> Iterator[IdempotentConsumer]:
    engine = create_engine(stack.databases["reporting"].system_url)
    yield IdempotentConsumer(engine, REPORTING_HANDLERS)
    engine.dispose()


@pytest.fixture(scope="module")
def reporting_app(stack: Stack) -> Iterator[Engine]:
    engine = create_engine(stack.databases["reporting"].app_url)
    yield engine
    engine.dispose()


@pytest.fixture
def unit(projector: IdempotentConsumer) -> School:
    """A fresh school in a fresh municipality and region, known to reporting."""
    made = School(str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()))
    tag = made.org_id[:8]
    created = registry_events.OrganisationCreated(
        organisation_id=made.org_id, name=f"Школа {tag}", code=f"p-{tag}", municipality_id=made.municipality_id,
        municipality_name=f"Округ {tag}", region_id=made.region_id, region_name=f"Область {tag}")
    assert projector.apply(Envelope.wrap(type="mentorship.registry.organisation_created.v1", source="tests",
                                         subject=made.org_id, payload=created, org_id=made.org_id,
                                         municipality_id=made.municipality_id, region_id=made.region_id,
                                         traceparent=None))
    return made


def _municipality_report(app: Engine, unit: School) -> Any:
    curator = Principal(user_id="t", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.MUNICIPALITY,
                        municipality_id=unit.municipality_id, region_id=unit.region_id)
    report = get_pair_counts(None, ReportingUnitOfWork(app, principal=curator))
    assert [r.unit_id for r, _ in report.rows] == [unit.org_id]
    return report.totals


def test_pair_counts_by_form_and_kind_rise_and_fall_and_duplicates_count_once(
        projector: IdempotentConsumer, reporting_app: Engine, unit: School) -> None:
    anna, boris = str(uuid.uuid4()), str(uuid.uuid4())
    p1, p2, p3 = (str(uuid.uuid4()) for _ in range(3))
    first = formed(unit, p1, str(uuid.uuid4()), anna)
    projector.apply(first)
    projector.apply(again(first))  # a republished copy: not newer, counted once
    projector.apply(formed(unit, p2, str(uuid.uuid4()), anna, form="teacher_pupil", kind="virtual"))
    projector.apply(formed(unit, p3, str(uuid.uuid4()), boris))
    totals = _municipality_report(reporting_app, unit)
    assert (totals.pairs, totals.mentees_in_pairs) == (3, 2), "Анна in two pairs counts once"
    assert totals.by_form == {"student_student": 2, "teacher_pupil": 1}
    assert totals.by_kind == {"individual": 2, "virtual": 1}

    ended = closed(unit, p1, anna)
    projector.apply(ended)
    projector.apply(again(ended))
    projector.apply(closed(unit, p3, boris, status="completed", reason="срок истёк"))
    totals = _municipality_report(reporting_app, unit)
    assert (totals.pairs, totals.mentees_in_pairs, totals.closed_early, totals.completed) == (1, 1, 1, 1)
    assert totals.by_form == {"teacher_pupil": 1} and totals.by_kind == {"virtual": 1}

    # Late: a pair's close arrives before its formation — the formation is older and changes nothing.
    p4, vera = str(uuid.uuid4()), str(uuid.uuid4())
    projector.apply(closed(unit, p4, vera))
    projector.apply(formed(unit, p4, str(uuid.uuid4()), vera))
    totals = _municipality_report(reporting_app, unit)
    assert (totals.pairs, totals.mentees_in_pairs, totals.closed_early) == (1, 1, 2)


def test_pair_bookkeeping_is_the_projectors_own(reporting_app: Engine, unit: School) -> None:
    with reporting_app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="permission denied"):
        conn.execute(text("SELECT set_config('app.scope', 'region', true), set_config('app.region_id', :r, true)"),
                     {"r": unit.region_id})
        conn.execute(text("SELECT count(*) FROM paired_mentees"))  # mentee ids: never read by the application


def _meeting_held(unit: School, meeting_id: str, pair_id: str, kind: str) -> Envelope:
    from mentorship.monitoring.v1 import events_pb2 as monitoring_events

    return Envelope.wrap(type="mentorship.monitoring.meeting_held.v1", source="tests", subject=f"meetings/{meeting_id}",
                         payload=monitoring_events.MeetingHeld(
                             meeting_id=meeting_id, pair_id=pair_id, held_on="2026-11-20", duration_minutes=45,
                             facets=["meeting", f"meeting.kind.{kind}", "meeting.format.in_person"]),
                         org_id=unit.org_id, municipality_id=unit.municipality_id, region_id=unit.region_id,
                         traceparent=None)


def test_meetings_held_are_counted_per_school_once_each(  # issue 12 item 7
        projector: IdempotentConsumer, reporting_app: Engine, unit: School) -> None:
    pair_id = str(uuid.uuid4())
    first = _meeting_held(unit, str(uuid.uuid4()), pair_id, "acquaintance")
    assert projector.apply(first) is True
    assert projector.apply(again(first)) is True  # republished under a new id: the same meeting, counted once
    projector.apply(_meeting_held(unit, str(uuid.uuid4()), pair_id, "regular"))
    totals = _municipality_report(reporting_app, unit)
    assert (totals.meetings_held, totals.meetings_by_kind) == (2, {"acquaintance": 1, "regular": 1})
