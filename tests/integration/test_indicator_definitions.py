"""The exact meaning of the indicators of 000 App. 2 and the regional KPIs (ADR 021), through events into reporting's
real database, on a hand-built region of two schools — expected values written out.

Школа А (roadmap approved):
- students Аня (born 2012) and Борис (born 2019), teachers Вера (service since 2025) and Галина (since 2005);
- Аня files two requests and withdraws one, Вера files one (1.1 = 1, 1.2 = 1);
- Аня is a mentee in a pair, and a duplicate of that pair event arrives; Вера is a mentee in a «команда-команда»
  group with a mentor (3.8 = 2 people);
- Вера then registers as a mentor: she had been a mentee in a group, so 3.4 = 1; Борис registers as a mentor without
  ever having been in a pair: 3.7 = 0;
- a meeting of the team group is held (3.9 = 1);
- three more «команда-команда» groups end: one completed as a mentoring team, one as an internship site of РИП-ИнКО,
  one completed without a change of status, and Вера's group is closed early (3.10 = 2, of them РИП-ИнКО 3.10.1 = 1).
Школа Б (no roadmap): one student (born 2012), no mentee.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import pytest
from google.protobuf.message import Message
from sqlalchemy import Engine, create_engine

from embedded_stack.stack import Stack
from matching.domain.facets import group_facets
from matching.domain.groups import Group, GroupStatus
from mentorship.matching.v1 import events_pb2 as matching_events
from mentorship.monitoring.v1 import events_pb2 as monitoring_events
from mentorship.registry.v1 import events_pb2
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Role, Scope
from reporting.domain.indicators import Grouping
from reporting.domain.kpis import AgeBounds
from reporting.entrypoints.event_handlers import HANDLERS
from reporting.service_layer.kpis import get_regional_kpis
from reporting.service_layer.queries import get_participant_counts
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

ON = date(2026, 9, 1)


@dataclass(frozen=True)
class Unit:
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


def _apply(projector: IdempotentConsumer, service: str, fact: str, payload: Message, unit: Unit) -> None:
    envelope = Envelope.wrap(type=f"mentorship.{service}.{fact}.v1", source="tests", subject=unit.org_id,
                             payload=payload, org_id=unit.org_id, municipality_id=unit.municipality_id,
                             region_id=unit.region_id, traceparent=None)
    assert projector.apply(envelope)


def _state(kind: str, entity_id: str, version: int, facets: list[str]) -> events_pb2.CountedState:
    return events_pb2.CountedState(entity_kind=kind, entity_id=entity_id, version=version, facets=facets)


class Region:
    def __init__(self, projector: IdempotentConsumer) -> None:
        self.p = projector
        region, municipality = str(uuid.uuid4()), str(uuid.uuid4())
        self.a, self.b = Unit(str(uuid.uuid4()), municipality, region), Unit(str(uuid.uuid4()), municipality, region)
        for unit, name in ((self.a, "Школа А"), (self.b, "Школа Б")):
            _apply(projector, "registry", "organisation_created", events_pb2.OrganisationCreated(
                organisation_id=unit.org_id, name=name, code=unit.org_id[:8], municipality_id=municipality,
                municipality_name="Округ", region_id=region, region_name="Тестовая область"), unit)

    def person(self, unit: Unit, facets: list[str]) -> str:
        person_id = str(uuid.uuid4())
        _apply(self.p, "registry", "person_added", events_pb2.PersonChanged(
            person_id=person_id, state=_state("person", person_id, 1, facets)), unit)
        return person_id

    def mentee(self, unit: Unit, person_id: str, kind: str) -> str:
        mentee_id = str(uuid.uuid4())
        _apply(self.p, "registry", "mentee_registered", events_pb2.MenteeChanged(
            mentee_id=mentee_id, person_id=person_id, active=True,
            state=_state("mentee", mentee_id, 1, ["mentee", f"mentee.{kind}"])), unit)
        return mentee_id

    def request(self, unit: Unit, mentee_id: str, kind: str, status: str = "open", request_id: str = "",
                version: int = 1) -> str:
        request_id = request_id or str(uuid.uuid4())
        fact = "mentoring_request_submitted" if version == 1 else "mentoring_request_status_changed"
        _apply(self.p, "registry", fact, events_pb2.MentoringRequestChanged(
            request_id=request_id, mentee_id=mentee_id,
            state=_state("request", request_id, version, [f"request.by.{kind}", f"request.status.{status}"])), unit)
        return request_id


def _end_team(projector: IdempotentConsumer, unit: Unit, team_outcome: str, *, completed: bool) -> None:
    """A «команда-команда» group ends; its facets are matching's own (``group_facets``), so the wire is the real one."""
    group_id = str(uuid.uuid4())
    team = Group(id=group_id, org_id=unit.org_id, municipality_id=unit.municipality_id, region_id=unit.region_id,
                 run_id="", form="team_team", kind="team", term_start=date(2026, 9, 1), term_end=date(2027, 5, 31),
                 reporting="final", mentor_ids=("t1", "t2"), mentor_names=("", ""), members=[], created_by="t",
                 created_at=datetime(2026, 9, 1, tzinfo=UTC), team_outcome=team_outcome, version=2,
                 status=GroupStatus.COMPLETED if completed else GroupStatus.CLOSED)
    _apply(projector, "matching", "group_closed", matching_events.GroupClosed(
        group_id=group_id, completed=completed, closed_on="2027-05-31",
        state=matching_events.GroupState(group_id=group_id, version=2, facets=group_facets(team))), unit)


@pytest.fixture
def region(projector: IdempotentConsumer) -> Region:
    return Region(projector)


def test_indicators_and_kpis_of_a_hand_built_region(projector: IdempotentConsumer, app: Engine,
                                                    region: Region) -> None:
    a, b = region.a, region.b
    anya = region.person(a, ["person.student", "person.student.born.2012"])
    boris = region.person(a, ["person.student", "person.student.born.2019"])
    vera = region.person(a, ["person.staff", "person.staff.service_since.2025"])
    region.person(a, ["person.staff", "person.staff.service_since.2005"])
    region.person(b, ["person.student", "person.student.born.2012"])
    anya_m, boris_m, vera_m = (region.mentee(a, anya, "student"), region.mentee(a, boris, "student"),
                               region.mentee(a, vera, "staff"))
    first = region.request(a, anya_m, "student")
    region.request(a, anya_m, "student")
    region.request(a, anya_m, "student", "withdrawn", request_id=first, version=2)
    region.request(a, vera_m, "staff")

    pair_id = str(uuid.uuid4())
    formed = matching_events.PairFormed(
        pair_id=pair_id, mentor_id=str(uuid.uuid4()), mentee_id=anya_m, term_start="2026-09-01",
        state=matching_events.PairState(pair_id=pair_id, version=1,
                                        facets=["pair", "pair.form.student_student", "pair.kind.individual"]))
    _apply(projector, "matching", "pair_formed", formed, a)
    _apply(projector, "matching", "pair_formed", formed, a)  # republished under a new id: counts nothing
    group_id = str(uuid.uuid4())
    _apply(projector, "matching", "group_formed", matching_events.GroupFormed(
        group_id=group_id, mentor_ids=[str(uuid.uuid4())], mentee_ids=[vera_m],
        state=matching_events.GroupState(group_id=group_id, version=1,
                                         facets=["group", "group.form.team_team", "group.kind.team"])), a)
    for person_id, mentee_id, kind in ((vera, vera_m, "staff"), (boris, boris_m, "student")):
        _apply(projector, "registry", "mentee_became_mentor", events_pb2.MenteeBecameMentor(
            person_id=person_id, mentee_id=mentee_id, mentor_id=str(uuid.uuid4()),
            state=_state("transition", person_id, 1, [f"transition.{kind}"])), a)
    _apply(projector, "monitoring", "meeting_held", monitoring_events.MeetingHeld(
        meeting_id=str(uuid.uuid4()), held_on="2026-09-10",
        facets=["meeting", "meeting.group", "meeting.kind.regular", "meeting.format.in_person",
                "meeting.group.form.team_team"]), a)
    document_id = str(uuid.uuid4())
    _apply(projector, "registry", "roadmap_approved", events_pb2.DocumentTransitioned(
        document_id=document_id, kind="roadmap", owner_level="school", org_id=a.org_id,
        municipality_id=a.municipality_id, region_id=a.region_id, version=1, status="approved"), a)

    for team_outcome in ("mentor_team", "rip_inko_internship", ""):
        _end_team(projector, a, team_outcome, completed=True)
    _end_team(projector, a, "mentor_team", completed=False)  # closed early: a status is never counted then

    regional = Principal(user_id="t", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION,
                         region_id=a.region_id)
    appendix = {r.code: r.value for r in
                get_participant_counts(Grouping.ORGANISATION, ReportingUnitOfWork(app, principal=regional)).appendix}
    assert {code: appendix[code] for code in ("1.1", "1.2", "3.4", "3.7", "3.8", "3.9", "3.10", "3.10.1")} == {
        "1.1": 1, "1.2": 1, "3.4": 1, "3.7": 0, "3.8": 2, "3.9": 1, "3.10": 2, "3.10.1": 1}

    kpis = get_regional_kpis(Grouping.ORGANISATION, ReportingUnitOfWork(app, principal=regional), on=ON)
    t = kpis.totals
    assert (t.implementing.numerator, t.implementing.denominator) == (1, 2)
    assert (t.implementing_with_pair.numerator, t.implementing_with_pair.denominator) == (1, 2)
    assert (t.student_coverage.numerator, t.student_coverage.denominator) == (1, 3)  # Аня of Аня, Борис, Б's one
    assert (t.young_teachers_with_mentor.numerator, t.young_teachers_with_mentor.denominator) == (1, 1)  # Вера
    assert (t.work.pairs, t.work.by_form) == (1, {"student_student": 1})
    by_school = {r.unit_name: r for r in kpis.rows}
    assert (by_school["Школа Б"].student_coverage.numerator, by_school["Школа Б"].student_coverage.denominator) \
        == (0, 1)
    # 10–12 on 1 Sept 2026: born 2014..2016 — nobody; 13–15: born 2011..2013 — Аня and Б's student.
    young = get_regional_kpis(None, ReportingUnitOfWork(app, principal=regional), min_age=13, max_age=15, on=ON)
    assert (young.totals.student_coverage.numerator, young.totals.student_coverage.denominator) == (1, 2)
    assert young.bounds == AgeBounds(13, 15) and young.grouping is Grouping.MUNICIPALITY

    # The pair closes early: Аня is no longer covered, and the stricter «implementing» loses Школа А.
    _apply(projector, "matching", "pair_closed", matching_events.PairClosed(
        pair_id=pair_id, mentee_id=anya_m,
        state=matching_events.PairState(pair_id=pair_id, version=2, facets=["pair.closed"])), a)
    after = get_regional_kpis(None, ReportingUnitOfWork(app, principal=regional), on=ON).totals
    assert (after.student_coverage.numerator, after.implementing_with_pair.numerator) == (0, 0)
    assert after.implementing.numerator == 1

    # A school sees its own organisation only.
    school = Principal(user_id="t", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=b.org_id,
                       municipality_id=b.municipality_id, region_id=b.region_id)
    own = get_regional_kpis(None, ReportingUnitOfWork(app, principal=school), on=ON)
    assert [r.unit_name for r in own.rows] == ["Школа Б"]
    assert own.totals.implementing.denominator == 1


def test_retention_of_young_teachers_is_read_from_the_history_of_the_base(projector: IdempotentConsumer, app: Engine,
                                                                          region: Region) -> None:
    """On 1 Sept 2025 Школа А has two young teachers (Ира since 2024, Олег since 2025) and Школа Б one (Сергей since
    2023); a veteran (since 2000) is never in a cohort. Олег leaves the staff in March 2026 (his card becomes an
    external's). On 1 Sept 2026 the one-year retention is 2 of 3; of the young of 1 Sept 2023 only Сергей was
    there (hired that day), and he stayed: 1 of 1."""
    a, b = region.a, region.b

    def person(unit: Unit, person_id: str, version: int, day: str, facets: list[str]) -> None:
        envelope = Envelope.wrap(type="mentorship.registry.person_added.v1", source="tests", subject=unit.org_id,
                                 payload=events_pb2.PersonChanged(person_id=person_id,
                                                                  state=_state("person", person_id, version, facets)),
                                 org_id=unit.org_id, municipality_id=unit.municipality_id, region_id=unit.region_id,
                                 traceparent=None)
        assert projector.apply(replace(envelope, time=f"{day}T08:00:00+00:00"))

    ira, oleg, sergey, veteran = (str(uuid.uuid4()) for _ in range(4))
    person(a, ira, 1, "2024-08-20", ["person.staff", "person.staff.service_since.2024"])
    person(a, oleg, 1, "2025-08-28", ["person.staff", "person.staff.service_since.2025"])
    person(a, veteran, 1, "2020-01-15", ["person.staff", "person.staff.service_since.2000"])
    person(b, sergey, 1, "2023-09-01", ["person.staff", "person.staff.service_since.2023"])
    person(a, oleg, 2, "2026-03-10", ["person.external"])

    regional = Principal(user_id="t", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION,
                         region_id=a.region_id)
    kpis = get_regional_kpis(Grouping.ORGANISATION, ReportingUnitOfWork(app, principal=regional), on=date(2026, 9, 1))
    assert kpis.retention_1y.cohort_day == date(2025, 9, 1)
    assert (kpis.totals.retention_1y.numerator, kpis.totals.retention_1y.denominator) == (2, 3)
    by_school = {r.unit_name: r.retention_1y for r in kpis.rows}
    assert ((by_school["Школа А"].numerator, by_school["Школа А"].denominator),
            (by_school["Школа Б"].numerator, by_school["Школа Б"].denominator)) == ((1, 2), (1, 1))
    assert (kpis.totals.retention_3y.numerator, kpis.totals.retention_3y.denominator) == (1, 1), "Сергей, since 2023"
    # A year before, Олег was still there: of the young of 1 Sept 2024 (Ира, Сергей) both stayed.
    before = get_regional_kpis(None, ReportingUnitOfWork(app, principal=regional), on=date(2025, 9, 1)).totals
    assert (before.retention_1y.numerator, before.retention_1y.denominator) == (2, 2)
    # A school's curator sees its own cohort only.
    school = Principal(user_id="t", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=b.org_id,
                       municipality_id=b.municipality_id, region_id=b.region_id)
    own = get_regional_kpis(None, ReportingUnitOfWork(app, principal=school), on=date(2026, 9, 1)).totals
    assert (own.retention_1y.numerator, own.retention_1y.denominator) == (1, 1)
