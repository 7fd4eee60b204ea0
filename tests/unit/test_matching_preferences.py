"""Preferences mode, the mentee's choice in suggest mode and the modes side by side — matching's use cases against
the in-memory unit of work."""

from __future__ import annotations

import pytest

from matching.domain import commands
from matching.domain.runs import MatchingRun
from matching.service_layer import run_handlers
from mentorship_kit.errors import Conflict, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from tests.unit.matching_fakes import FakeMatchingUnitOfWork, FixedPool
from tests.unit.matching_pools import mentor, pool, request, student_mentor

School = tuple[FakeMatchingUnitOfWork, FixedPool]


@pytest.fixture
def school() -> School:
    curator = Principal(user_id="u1", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id="org-a",
                        municipality_id="m", region_id="r")
    mentors = [mentor("t1", capacity=1), mentor("t2", capacity=1), student_mentor("s9", "9А", capacity=1)]
    requests = [request("r1"), request("r2"), request("r3", kind="staff")]
    return FakeMatchingUnitOfWork(curator), FixedPool(pool(mentors, requests))


def blocking_pairs(run: MatchingRun) -> list[tuple[str, str]]:
    """(request, mentor) pairs that both rank above what they got: a stable result has none."""
    mentees, mentors = run.rankings["mentees"], run.rankings["mentors"]
    got = {p.request_id: p.mentor_id for p in run.selected()}
    held: dict[str, list[str]] = {}
    for r, m in got.items():
        held.setdefault(m, []).append(r)
    seats = {m: run.capacity_of(m) for m in mentors}
    found = []
    for r, ranked in mentees.items():
        for m in ranked:
            if got.get(r) == m:
                break  # everything after is worse for the mentee
            if r not in mentors.get(m, []):
                continue
            order = mentors[m]
            has = held.get(m, [])
            if len(has) < seats.get(m, 0) or any(order.index(r) < order.index(x) for x in has):
                found.append((r, m))
    return found


def test_preferences_run_is_stable_and_says_what_stability_costs(school: School) -> None:
    uow, source = school
    run = run_handlers.start_run(commands.StartRun(mode="preferences", top_k=1), uow, source)
    allowed = {(p.request_id, p.mentor_id) for p in run.proposals}
    assert {("r1", "t1"), ("r1", "t2"), ("r2", "t1"), ("r2", "t2")} <= allowed, "every allowed mentor is kept"
    assert not run.selected(), "nothing is chosen before the rankings"
    ranked = run_handlers.set_rankings(commands.SetRankings(
        run.id, mentees={"r1": ["t1", "t2"], "r2": ["t1"]}, mentors={"t1": ["r1", "r2"], "t2": ["r1"]},
        version=run.version), uow, source)
    assert {p.request_id: p.mentor_id for p in ranked.selected()} == {"r1": "t1"}
    assert blocking_pairs(ranked) == []
    facts = ranked.facts
    assert facts["solved"] and facts["optimal_unmatched"] < facts["stable_unmatched"]
    why = {u.request_id: u.reason for u in ranked.unmatched}
    assert "поставили выше" in why["r2"]
    stored = uow.runs.get(run.id)
    assert stored is not None and stored.rankings["mentors"]["t2"] == ["r1"] and stored.version == ranked.version
    requests, outcomes = run_handlers.compare_modes(run.id, uow)
    keys = [k for k, _, _ in outcomes]
    assert requests == 3 and keys == ["optimal_max_score", "optimal_max_matched", "greedy", "stable"]
    assert dict((k, m) for k, m, _ in outcomes)["stable"] == 1


def test_bad_rankings_are_refused_in_russian_and_nothing_is_written(school: School) -> None:
    uow, source = school
    run = run_handlers.start_run(commands.StartRun(mode="preferences"), uow, source)
    assert ("r3", "s9") not in {(p.request_id, p.mentor_id) for p in run.proposals}, "staff: no student mentor"
    with pytest.raises(ValidationFailed) as caught:
        run_handlers.set_rankings(commands.SetRankings(
            run.id, mentees={"r1": ["t1", "t1", "nobody"], "r3": ["s9"]}, mentors={"t1": ["r1"]}), uow, source)
    messages = " | ".join(p.message for p in caught.value.problems)
    assert "уже назван выше" in messages and "не найден в прогоне" in messages
    assert "не допускается правилами формы" in messages
    stored = uow.runs.get(run.id)
    assert stored is not None and stored.rankings == {} and stored.version == run.version
    optimal = run_handlers.start_run(commands.StartRun(mode="optimal"), uow, source)
    with pytest.raises(Conflict, match="по взаимным предпочтениям"):
        run_handlers.set_rankings(commands.SetRankings(optimal.id, mentees={"r1": ["t1"]}), uow, source)


def test_the_mentees_choice_among_the_proposed_candidates(school: School) -> None:
    uow, source = school
    run = run_handlers.start_run(commands.StartRun(mode="suggest", top_k=1), uow, source)
    proposed = next(p.mentor_id for p in run.proposals if p.request_id == "r1")
    other = next(m for m in ("t1", "t2") if m != proposed)
    with pytest.raises(ValidationFailed, match="только из предложенных"):
        run_handlers.record_mentee_choice(commands.RecordChoice(run.id, "r1", other), uow, source)
    chosen = run_handlers.record_mentee_choice(commands.RecordChoice(run.id, "r1", proposed, run.version), uow,
                                               source)
    pick = next(p for p in chosen.selected() if p.request_id == "r1")
    assert pick.mentor_id == proposed and pick.chosen_by == "u1" and pick.chosen_at is not None and not pick.manual
    assert chosen.totals.matched == 1
    optimal = run_handlers.start_run(commands.StartRun(mode="optimal"), uow, source)
    with pytest.raises(Conflict, match="«Подсказка»"):
        run_handlers.record_mentee_choice(commands.RecordChoice(optimal.id, "r1", proposed), uow, source)


def test_every_run_keeps_the_modes_side_by_side_on_its_pool(school: School) -> None:
    uow, source = school
    run = run_handlers.start_run(commands.StartRun(mode="suggest"), uow, source)
    requests, outcomes = run_handlers.compare_modes(run.id, uow)
    rows = {k: (matched, total) for k, matched, total in outcomes}
    assert set(rows) == {"optimal_max_score", "optimal_max_matched", "greedy"}, "no stable row without rankings"
    assert rows["optimal_max_matched"][0] >= rows["greedy"][0]
    assert rows["optimal_max_score"][1] >= rows["greedy"][1]
    assert requests == 3
