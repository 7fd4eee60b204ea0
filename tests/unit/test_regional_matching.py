"""Virtual mentoring across organisations (ADR 009): the outer contour's run sees digests and public profiles
only; each school resolves, accepts and declines its own offer. In-memory, no registry."""

from __future__ import annotations

import pytest

from matching.domain.events import PairFormed
from matching.domain.regional import Decision, PublicMentor, RequestDigest
from matching.service_layer import regional_handlers as regional
from mentorship_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from mentorship_kit.request_token import request_token
from tests.unit.matching_fakes import (
    FakeMatchingUnitOfWork,
    FakeRegionalRepository,
    FixedLoad,
    FixedPool,
    FixedRegional,
)
from tests.unit.matching_pools import pool, request

SCHOOL_OF = {"a": "m1", "b": "m1", "c": "m2"}
MENTEES = {"a": ["ra1", "ra2"], "c": ["rc1"]}


def school_curator(org: str) -> Principal:
    return Principal(user_id=f"cur-{org}", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=org,
                     municipality_id=SCHOOL_OF[org], region_id="r")


OPERATOR = Principal(user_id="op", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION, region_id="r")
MUNICIPAL = Principal(user_id="mun", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.MUNICIPALITY,
                      municipality_id="m1", region_id="r")


def _source() -> FixedRegional:
    mentors = [PublicMentor("pa", "Учитель А", "Школа А", "a", "teacher", ("Математика",), (), 1),
               PublicMentor("pb", "Учитель Б", "Школа Б", "b", "teacher", ("Математика",), (), 2),
               PublicMentor("pc", "Учитель В", "Школа В", "c", "teacher", ("Физика",), (), 1)]
    digests = [RequestDigest(request_token(rid), org, SCHOOL_OF[org], ("Математика",), "teacher_pupil", "student")
               for org, ids in MENTEES.items() for rid in ids]
    return FixedRegional(mentors, digests)


def _school_pool(org: str) -> FixedPool:
    return FixedPool(pool([], [request(rid, form="teacher_pupil") for rid in MENTEES.get(org, [])]))


@pytest.fixture
def shared() -> FakeRegionalRepository:
    return FakeRegionalRepository()


def _uow(p: Principal, shared: FakeRegionalRepository) -> FakeMatchingUnitOfWork:
    return FakeMatchingUnitOfWork(p, regional=shared)


def test_a_region_wide_run_offers_mentors_of_other_schools_and_carries_no_mentee(shared) -> None:  # type: ignore[no-untyped-def]
    run = regional.start_regional_run(regional.StartRegionalRun(), _uow(OPERATOR, shared), _source(), FixedLoad())
    assert run.scope.value == "region" and run.requests == 3 and run.proposed == 3
    offers = {o.org_id: o for o in run.offers}
    assert set(offers) == {"a", "c"}
    assert all(i.mentor_org_id != o.org_id for o in run.offers for i in o.items), "virtual: another organisation"
    assert {i.mentor_id for i in offers["a"].items} == {"pb"} and len(offers["a"].items) == 2, "two seats of the fit"
    assert "Наставляемый" not in repr(run) and "ra1" not in repr(run), "no name or request id leaves the school"
    assert all("дистанционно" in i.reasons and "Школа" in i.reasons for o in run.offers for i in o.items)


def test_seats_taken_elsewhere_in_the_region_are_not_offered_again(shared) -> None:  # type: ignore[no-untyped-def]
    run = regional.start_regional_run(regional.StartRegionalRun(), _uow(OPERATOR, shared), _source(),
                                      FixedLoad({"pb": 2, "pc": 1}))
    assert {i.mentor_id for o in run.offers for i in o.items} <= {"pa"} and run.proposed == 1


def test_a_municipal_curator_runs_over_its_own_municipality_only(shared) -> None:  # type: ignore[no-untyped-def]
    source = _source()
    with pytest.raises(Forbidden):
        regional.start_regional_run(regional.StartRegionalRun(municipality_id="6f1c7b2e-0000-4000-8000-000000000002"),
                                    _uow(MUNICIPAL, shared), source, FixedLoad())
    run = regional.start_regional_run(regional.StartRegionalRun(), _uow(MUNICIPAL, shared), source, FixedLoad())
    assert source.asked == ["m1"] and run.scope.value == "municipality" and run.municipality_id == "m1"
    assert {o.org_id for o in run.offers} == {"a"}
    with pytest.raises(Forbidden):
        regional.start_regional_run(regional.StartRegionalRun(), _uow(school_curator("a"), shared), source,
                                    FixedLoad())


def test_each_school_resolves_and_decides_its_own_offer(shared) -> None:  # type: ignore[no-untyped-def]
    run = regional.start_regional_run(regional.StartRegionalRun(), _uow(OPERATOR, shared), _source(), FixedLoad())
    a = _uow(school_curator("a"), shared)
    seen = regional.get_offer(run.id, a, _school_pool("a"))
    assert sorted(r.mentee_name for r in seen.requests.values()) == ["Наставляемый ra1", "Наставляемый ra2"]
    with pytest.raises(NotFound):
        regional.get_offer(run.id, _uow(school_curator("b"), shared), _school_pool("b"))
    with pytest.raises(Forbidden):
        regional.list_offers(_uow(OPERATOR, shared))
    first, second = (request_token("ra1"), request_token("ra2"))
    with pytest.raises(ValidationFailed, match="причину"):
        regional.decide_offer(regional.DecideOffer(run.id, (regional.OfferDecision(second, False),)), a,
                              _school_pool("a"), FixedLoad())
    offer, pairs = regional.decide_offer(regional.DecideOffer(
        run.id, (regional.OfferDecision(first, True), regional.OfferDecision(second, False, "Очные занятия")),
        version=1, term_months=6), a, _school_pool("a"), FixedLoad())
    assert offer.count(Decision.ACCEPTED) == 1 and offer.count(Decision.DECLINED) == 1 and offer.version == 2
    (pair,) = pairs
    assert pair.kind == "virtual" and pair.request_id == "ra1" and pair.org_id == "a" and pair.run_id == run.id
    assert pair.mentee_name == "Наставляемый ra1" and pair.mentor_id != "pa"
    assert [type(e) for e in a.events] == [PairFormed] and a.events[0].mode == "regional"
    assert next(i for i in offer.items if i.token == second).reason == "Очные занятия"
    with pytest.raises(Conflict, match="уже принято"):
        regional.decide_offer(regional.DecideOffer(run.id, (regional.OfferDecision(first, True),)), a,
                              _school_pool("a"), FixedLoad())
    counts = regional.get_regional_run(run.id, _uow(OPERATOR, shared))
    assert {o.org_id: (o.proposed, o.count(Decision.ACCEPTED), o.count(Decision.DECLINED))
            for o in counts.offers} == {"a": (2, 1, 1), "c": (1, 0, 0)}


def test_acceptance_rechecks_the_mentors_seats_and_the_request(shared) -> None:  # type: ignore[no-untyped-def]
    run = regional.start_regional_run(regional.StartRegionalRun(), _uow(OPERATOR, shared), _source(), FixedLoad())
    c = _uow(school_curator("c"), shared)
    (item,) = next(o for o in run.offers if o.org_id == "c").items
    with pytest.raises(Conflict, match="свободных мест"):
        regional.decide_offer(regional.DecideOffer(run.id, (regional.OfferDecision(item.token, True),)), c,
                              _school_pool("c"), FixedLoad({item.mentor_id: item.mentor_capacity}))
    with pytest.raises(Conflict, match="уже закрыт"):
        regional.decide_offer(regional.DecideOffer(run.id, (regional.OfferDecision(item.token, True),)), c,
                              FixedPool(pool([], [])), FixedLoad())
    assert not c.events and c.regional.offers[(run.id, "c")].count(Decision.PENDING) == 1
