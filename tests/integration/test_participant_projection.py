"""Participant counts in reporting's real database: versioned states make duplicates and reordering harmless.

Envelopes are built by hand and applied through the idempotent consumer as the projector (system role), so
the test needs only reporting's database of the session stack; visibility is read back as the app role.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from google.protobuf.message import Message
from kafka.consumer.fetcher import ConsumerRecord
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from embedded_stack.stack import Stack
from mentorship.registry.v1 import events_pb2, participants_pb2
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Role, Scope
from reporting.domain.indicators import Grouping
from reporting.entrypoints.event_handlers import HANDLERS
from reporting.service_layer.queries import get_mentor_counts, get_participant_counts
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

ACTIVE_TEACHER = ["mentor", "mentor.origin.teacher", "mentor.level.initial"]


@dataclass(frozen=True)
class School:
    org_id: str
    municipality_id: str
    region_id: str


@pytest.fixture(scope="module")
def projector(stack: Stack) -> Iterator[IdempotentConsumer]:
    engine = create_engine(stack.databases["reporting"].system_url)
    yield IdempotentConsumer(engine, HANDLERS)
    engine.dispose()


@pytest.fixture(scope="module")
def app(stack: Stack) -> Iterator[Engine]:
    engine = create_engine(stack.databases["reporting"].app_url)
    yield engine
    engine.dispose()


@pytest.fixture
def school(projector: IdempotentConsumer) -> School:
    """A fresh organisation in a fresh municipality and region, known to reporting."""
    unit = School(str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()))
    tag = unit.org_id[:8]
    created = events_pb2.OrganisationCreated(
        organisation_id=unit.org_id, name=f"Школа {tag}", code=f"s-{tag}", municipality_id=unit.municipality_id,
        municipality_name=f"Округ {tag}", region_id=unit.region_id, region_name=f"Область {tag}")
    assert projector.apply(_envelope("organisation_created", created, unit))
    return unit


def _envelope(fact: str, payload: Message, unit: School) -> Envelope:
    return Envelope.wrap(type=f"mentorship.registry.{fact}.v1", source="tests", subject=unit.org_id, payload=payload,
                         org_id=unit.org_id, municipality_id=unit.municipality_id, region_id=unit.region_id,
                         traceparent=None)


def _mentor_event(fact: str, unit: School, mentor_id: str, version: int, facets: list[str]) -> Envelope:
    state = events_pb2.CountedState(entity_kind="mentor", entity_id=mentor_id, version=version, facets=facets)
    if fact == "mentor_registered":
        payload: Message = events_pb2.MentorRegistered(
            mentor_id=mentor_id, org_id=unit.org_id, origin=participants_pb2.MENTOR_ORIGIN_TEACHER, state=state)
    else:
        payload = events_pb2.MentorChanged(mentor_id=mentor_id, active="mentor" in facets, state=state)
    return _envelope(fact, payload, unit)


def _context(conn: Connection, scope: str, org_id: str = "", municipality_id: str = "", region_id: str = "") -> None:
    conn.execute(text("SELECT set_config('app.scope', :s, true), set_config('app.org_id', :o, true),"
                      " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true)"),
                 {"s": scope, "o": org_id, "m": municipality_id, "r": region_id})


def _counts(app: Engine, unit: School, scope: str = "region", *, org_id: str = "", municipality_id: str = "",
            region_id: str | None = None) -> dict[str, int]:
    """The organisation's counts as the app role sees them (by default as its region)."""
    with app.connect() as conn, conn.begin():
        _context(conn, scope, org_id, municipality_id, unit.region_id if region_id is None else region_id)
        rows = conn.execute(text("SELECT facet, count FROM participant_counts WHERE org_id = :o"),
                            {"o": unit.org_id}).all()
    return {str(facet): int(count) for facet, count in rows}


def test_registration_counts_each_facet_once_even_when_delivered_twice(
        projector: IdempotentConsumer, app: Engine, school: School) -> None:
    registered = _mentor_event("mentor_registered", school, str(uuid.uuid4()), 1, ACTIVE_TEACHER)
    assert projector.apply(registered)
    assert not projector.apply(registered)  # the same event id: skipped by the consumer
    # A republished copy under a new id (same version) is not newer: the state keeps it from counting.
    assert projector.apply(Envelope(**{**registered.to_dict(), "id": str(uuid.uuid4())}))
    assert _counts(app, school) == dict.fromkeys(ACTIVE_TEACHER, 1)


def test_deactivation_moves_the_mentor_and_an_older_event_arriving_late_is_ignored(
        projector: IdempotentConsumer, app: Engine, school: School) -> None:
    mentor_id = str(uuid.uuid4())
    projector.apply(_mentor_event("mentor_registered", school, mentor_id, 1, ACTIVE_TEACHER))
    projector.apply(_mentor_event("mentor_deactivated", school, mentor_id, 3, ["mentor.inactive"]))
    assert _counts(app, school) == {**dict.fromkeys(ACTIVE_TEACHER, 0), "mentor.inactive": 1}
    # Version 2 (a level change made before the deactivation) is delivered only now: it must not revive him.
    projector.apply(_mentor_event("mentor_status_changed", school, mentor_id, 2,
                                  ["mentor", "mentor.origin.teacher", "mentor.level.gold"]))
    counts = _counts(app, school)
    assert counts == {**dict.fromkeys(ACTIVE_TEACHER, 0), "mentor.inactive": 1}
    assert "mentor.level.gold" not in counts


def test_version_two_takes_the_mentor_out_of_the_active_count(
        projector: IdempotentConsumer, app: Engine, school: School) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    projector.apply(_mentor_event("mentor_registered", school, first, 1, ACTIVE_TEACHER))
    projector.apply(_mentor_event("mentor_registered", school, second, 1, ACTIVE_TEACHER))
    assert _counts(app, school)["mentor"] == 2
    projector.apply(_mentor_event("mentor_deactivated", school, second, 2, ["mentor.inactive"]))
    counts = _counts(app, school)
    assert (counts["mentor"], counts["mentor.origin.teacher"], counts["mentor.inactive"]) == (1, 1, 1)


def test_an_old_style_registration_without_state_still_counts(
        projector: IdempotentConsumer, app: Engine, school: School) -> None:
    legacy = events_pb2.MentorRegistered(mentor_id=str(uuid.uuid4()), org_id=school.org_id,
                                         origin=participants_pb2.MENTOR_ORIGIN_GRADUATE, capacity=2)
    assert projector.apply(_envelope("mentor_registered", legacy, school))
    assert _counts(app, school) == {"mentor": 1, "mentor.origin.graduate": 1}


def test_other_participant_events_count_by_their_facets(
        projector: IdempotentConsumer, app: Engine, school: School) -> None:
    request_id = str(uuid.uuid4())

    def request(version: int, status: str) -> Envelope:
        state = events_pb2.CountedState(entity_kind="request", entity_id=request_id, version=version,
                                        facets=["request.by.student", f"request.status.{status}"])
        fact = "mentoring_request_submitted" if version == 1 else "mentoring_request_status_changed"
        return _envelope(fact, events_pb2.MentoringRequestChanged(request_id=request_id, state=state), school)

    projector.apply(request(1, "open"))
    projector.apply(request(2, "matched"))
    transition = events_pb2.CountedState(entity_kind="transition", entity_id=str(uuid.uuid4()), version=1,
                                         facets=["transition.staff"])
    projector.apply(_envelope("mentee_became_mentor", events_pb2.MenteeBecameMentor(state=transition), school))
    assert _counts(app, school) == {"request.by.student": 1, "request.status.open": 0, "request.status.matched": 1,
                                    "transition.staff": 1}


def test_counts_are_tiered_under_row_level_security(
        projector: IdempotentConsumer, app: Engine, school: School) -> None:
    projector.apply(_mentor_event("mentor_registered", school, str(uuid.uuid4()), 1, ACTIVE_TEACHER))
    elsewhere = str(uuid.uuid4())
    assert _counts(app, school, "org", org_id=school.org_id, municipality_id=school.municipality_id)["mentor"] == 1
    assert _counts(app, school, "municipality", municipality_id=school.municipality_id)["mentor"] == 1
    assert _counts(app, school, "region")["mentor"] == 1
    assert _counts(app, school, "org", org_id=elsewhere, municipality_id=school.municipality_id) == {}
    assert _counts(app, school, "municipality", municipality_id=elsewhere) == {}
    assert _counts(app, school, "region", region_id=elsewhere) == {}
    assert _counts(app, school, "", region_id="") == {}
    with app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="permission denied"):
        _context(conn, "region", region_id=school.region_id)
        conn.execute(text("SELECT count(*) FROM participant_states"))  # one entity's facets: projector-only
    with app.connect() as conn, conn.begin(), pytest.raises(DBAPIError, match="permission denied"):
        _context(conn, "region", region_id=school.region_id)
        conn.execute(text("UPDATE participant_counts SET count = count + 100"))


def test_queries_give_every_unit_in_reach_its_summed_facets_and_mentor_counts_read_the_mentor_facet(
        projector: IdempotentConsumer, app: Engine, school: School) -> None:
    sibling = School(str(uuid.uuid4()), school.municipality_id, school.region_id)  # nothing counted yet
    projector.apply(_envelope("organisation_created", events_pb2.OrganisationCreated(
        organisation_id=sibling.org_id, name="Школа без участников", municipality_id=sibling.municipality_id,
        municipality_name=f"Округ {school.org_id[:8]}", region_id=sibling.region_id,
        region_name=f"Область {school.org_id[:8]}"), sibling))
    for _ in range(2):
        projector.apply(_mentor_event("mentor_registered", school, str(uuid.uuid4()), 1, ACTIVE_TEACHER))
    curator = Principal(user_id="t", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.MUNICIPALITY,
                        municipality_id=school.municipality_id, region_id=school.region_id)

    report = get_participant_counts(None, ReportingUnitOfWork(app, principal=curator))
    grouping, rows, totals = report.grouping, report.rows, report.totals
    assert grouping is Grouping.ORGANISATION
    assert report.derived_totals == {"mentor.outside": 0}  # teachers only
    assert next(a.value for a in report.appendix if a.code == "2.2") == totals.get("mentor.origin.teacher", 0)
    by_unit = {r.unit_id: r for r in rows}
    assert set(by_unit) == {school.org_id, sibling.org_id}
    assert by_unit[school.org_id].counts == dict.fromkeys(ACTIVE_TEACHER, 2)
    assert by_unit[sibling.org_id].counts == {}
    assert totals == dict.fromkeys(ACTIVE_TEACHER, 2)

    regional = Principal(user_id="t", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION,
                         region_id=school.region_id)
    report = get_participant_counts(None, ReportingUnitOfWork(app, principal=regional))
    grouping, rows = report.grouping, report.rows
    assert grouping is Grouping.MUNICIPALITY
    assert [(r.unit_id, r.organisation_count, r.counts) for r in rows] == [
        (school.municipality_id, 2, dict.fromkeys(ACTIVE_TEACHER, 2))]

    _, mentor_rows, total = get_mentor_counts(Grouping.ORGANISATION, ReportingUnitOfWork(app, principal=curator))
    assert {r.unit_id: r.mentor_count for r in mentor_rows} == {school.org_id: 2, sibling.org_id: 0}
    assert total == 2


def _record(offset: int, value: bytes) -> ConsumerRecord:
    return ConsumerRecord("registry.events", 0, None, offset, 0, 0, b"k", value, [], None, 1, len(value), 0)


def test_a_polled_batch_is_one_transaction_and_a_bad_event_in_it_is_parked_alone(
        projector: IdempotentConsumer, app: Engine, school: School, stack: Stack) -> None:
    mentors = [str(uuid.uuid4()) for _ in range(3)]
    events = [_mentor_event("mentor_registered", school, m, 1, ACTIVE_TEACHER) for m in mentors]
    bad_org = School(school.org_id, school.municipality_id, "")  # no region: the handler refuses it
    broken = _mentor_event("mentor_registered", bad_org, str(uuid.uuid4()), 1, ACTIVE_TEACHER)
    values = [events[0].to_json(), broken.to_json(), b"{not json", events[1].to_json(), events[2].to_json(),
              events[0].to_json()]
    projector.handle_batch([_record(1000 + i, v) for i, v in enumerate(values)])
    assert _counts(app, school)["mentor"] == 3, "the good events of the batch are applied, a repeat once"
    system = create_engine(stack.databases["reporting"].system_url)
    try:
        with system.connect() as conn:
            parked = {r[0] for r in conn.execute(text("SELECT event_id FROM failed_events WHERE event_id = ANY(:ids)"),
                                                 {"ids": [broken.id, "registry.events/0/1002"]})}
        assert parked == {broken.id, "registry.events/0/1002"}
    finally:
        system.dispose()


def test_a_bulk_of_counted_events_is_applied_set_based_with_the_same_result(
        projector: IdempotentConsumer, app: Engine, school: School) -> None:
    mentors = [str(uuid.uuid4()) for _ in range(30)]
    registered = [_mentor_event("mentor_registered", school, m, 1, ACTIVE_TEACHER) for m in mentors]
    # In the same poll: two of them leave (a newer version), one leave arrives before its registration,
    # and a duplicate of a registration; only the newest state of each entity counts.
    leaves = [_mentor_event("mentor_deactivated", school, m, 2, ["mentor.inactive"]) for m in mentors[:2]]
    values = [leaves[1].to_json(), *(e.to_json() for e in registered), leaves[0].to_json(), registered[5].to_json()]
    projector.handle_batch([_record(2000 + i, v) for i, v in enumerate(values)])
    assert _counts(app, school) == {"mentor": 28, "mentor.origin.teacher": 28, "mentor.level.initial": 28,
                                    "mentor.inactive": 2}
    again = [_record(3000 + i, e.to_json()) for i, e in enumerate(registered)]  # a redelivery of the bulk
    projector.handle_batch(again)
    assert _counts(app, school)["mentor"] == 28


def test_a_bulk_with_a_bad_event_falls_back_to_one_by_one_and_parks_only_that_one(
        projector: IdempotentConsumer, app: Engine, school: School, stack: Stack) -> None:
    registered = [_mentor_event("mentor_registered", school, str(uuid.uuid4()), 1, ACTIVE_TEACHER)
                  for _ in range(25)]
    broken = _mentor_event("mentor_registered", School(school.org_id, school.municipality_id, ""),
                           str(uuid.uuid4()), 1, ACTIVE_TEACHER)
    values = [*(e.to_json() for e in registered[:10]), broken.to_json(), *(e.to_json() for e in registered[10:])]
    projector.handle_batch([_record(4000 + i, v) for i, v in enumerate(values)])
    assert _counts(app, school)["mentor"] == 25
    system = create_engine(stack.databases["reporting"].system_url)
    try:
        with system.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM failed_events WHERE event_id = :id"),
                                {"id": broken.id}).scalar_one() == 1
            assert conn.execute(text("SELECT count(*) FROM processed_events WHERE event_id = :id"),
                                {"id": broken.id}).scalar_one() == 0, "a parked event can be replayed"
    finally:
        system.dispose()
