"""A mentor's or a teacher mentee's login (ADR 010): the reach «own» keeps it to its own pairs — from the principal,
never from a request parameter — in the policy, in matching's and monitoring's use cases, in the internal token and
in the SSO claims."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.domain.claims import identity_from_claims
from matching.domain import commands as mcommands
from matching.domain.pair_pages import PairFilters
from matching.service_layer import pair_handlers, pair_life, run_handlers
from mentorship_kit.errors import Forbidden, NotFound, ValidationFailed
from mentorship_kit.internal_token import TokenIssuer, TokenVerifier
from mentorship_kit.policy import POLICY, Action, Reach, owns, reach
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.domain import commands
from monitoring.service_layer import report_handlers, work_handlers
from monitoring.service_layer.pair_events import learn_pair
from tests.unit.matching_fakes import FakeMatchingUnitOfWork, FixedPool
from tests.unit.matching_pools import mentor, pool, request
from tests.unit.monitoring_fakes import FakeMonitoringUnitOfWork

ORG, MUN, REG = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
PAIR_A, PAIR_B = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"
NOW = datetime(2026, 11, 27, 10, tzinfo=UTC)


def who(role: Role, participant: str | None = None) -> Principal:
    return Principal(user_id=f"u-{role.value}", roles=frozenset({role}), scope=Scope.ORG, org_id=ORG,
                     municipality_id=MUN, region_id=REG, participant_id=participant)


def test_the_policy_gives_participants_their_own_pairs_only() -> None:
    for action in (Action.PAIR_READ, Action.PAIR_PETITION):
        assert POLICY[action][Role.MENTOR] is Reach.OWN and POLICY[action][Role.MENTEE] is Reach.OWN
    assert POLICY[Action.PAIR_WORK_RECORD][Role.MENTOR] is Reach.OWN
    assert Role.MENTEE not in POLICY[Action.PAIR_WORK_RECORD], "a mentee reads; the mentor records"
    for action in (Action.MENTOR_LIST, Action.MENTEE_LIST, Action.PERSON_READ, Action.MATCHING_READ,
                   Action.MONITORING_SETTINGS, Action.SCHOOL_REPORT, Action.PARTICIPANT_LOGIN, Action.DOCUMENT_READ):
        assert not {Role.MENTOR, Role.MENTEE} & set(POLICY[action]), action


@given(me=st.sampled_from(["m1", "m2", "e1", ""]), mentors=st.lists(st.sampled_from(["m1", "m2", "m3"]), max_size=3),
       mentees=st.lists(st.sampled_from(["e1", "e2"]), max_size=2), role=st.sampled_from([Role.MENTOR, Role.MENTEE]))
def test_own_means_the_principals_side_of_the_pair(me: str, mentors: list[str], mentees: list[str],
                                                   role: Role) -> None:
    principal = who(role, me or None)
    side = mentors if role is Role.MENTOR else mentees
    assert owns(principal, Reach.OWN, mentor_ids=mentors, mentee_ids=mentees) == (bool(me) and me in side)
    # Staff reach the school: ``owns`` adds nothing to the tenant's boundary for them.
    assert owns(who(Role.SCHOOL_CURATOR), Reach.OWN_ORG, mentor_ids=mentors, mentee_ids=mentees)


def test_a_participant_without_its_card_reaches_nothing() -> None:
    assert not owns(who(Role.MENTOR), Reach.OWN, mentor_ids=["m1"], mentee_ids=["e1"])
    assert pair_handlers.own_filters(PairFilters(), who(Role.MENTOR), Reach.OWN) is None


def test_the_request_cannot_widen_a_participants_list() -> None:
    mine = who(Role.MENTOR, "m1")
    assert pair_handlers.own_filters(PairFilters(status="active"), mine, Reach.OWN) == PairFilters(
        status="active", mentor_id="m1")
    assert pair_handlers.own_filters(PairFilters(mentor_id="m2"), mine, Reach.OWN) is None
    assert pair_handlers.own_filters(PairFilters(mentee_id="e9"), who(Role.MENTEE, "e1"), Reach.OWN) is None
    assert pair_handlers.own_filters(PairFilters(mentor_id="m2"), who(Role.SCHOOL_CURATOR), Reach.OWN_ORG) == \
        PairFilters(mentor_id="m2")


def test_the_participant_travels_in_the_internal_token(tmp_path: Path) -> None:
    from mentorship_kit.internal_token import ensure_keypair

    private, public = tmp_path / "k", tmp_path / "k.pub"
    ensure_keypair(private, public)
    token = TokenIssuer(private.read_bytes()).issue(who(Role.MENTOR, "m1"))
    assert TokenVerifier(public.read_bytes()).verify(token).participant_id == "m1"
    staff = TokenIssuer(private.read_bytes()).issue(who(Role.SCHOOL_CURATOR))
    assert TokenVerifier(public.read_bytes()).verify(staff).participant_id is None


def test_sso_maps_the_participant_attribute_for_participants_only() -> None:
    claims = {"sub": "s1", "realm_access": {"roles": ["mentor"]}, "org_id": ORG, "municipality_id": MUN,
              "region_id": REG, "participant_id": ["m1"]}
    assert identity_from_claims(claims).principal.participant_id == "m1"
    staff = identity_from_claims({**claims, "realm_access": {"roles": ["school_curator"]}})
    assert staff.principal.participant_id is None, "a staff login's stray attribute is ignored"


# -- matching ------------------------------------------------------------------------------------------------
@pytest.fixture
def two_pairs() -> tuple[FakeMatchingUnitOfWork, list]:  # type: ignore[type-arg]
    mentors = [mentor("00000000-0000-4000-8000-0000000000f1", subjects=("Математика",), capacity=1),
               mentor("00000000-0000-4000-8000-0000000000f2", subjects=("Физика",), capacity=1)]
    requests = [request("r1", topics=("Математика",)), request("r2", topics=("Физика",))]
    uow, source = FakeMatchingUnitOfWork(who(Role.SCHOOL_CURATOR)), FixedPool(pool(mentors, requests))
    run = run_handlers.start_run(mcommands.StartRun(mode="optimal"), uow, source)
    _, pairs, _ = run_handlers.publish_run(mcommands.PublishRun(run.id, term_months=6), uow)
    return uow, sorted(pairs, key=lambda p: p.mentor_id)


def test_matching_keeps_a_mentor_to_his_pairs(two_pairs) -> None:  # type: ignore[no-untyped-def]
    uow, (a, b) = two_pairs
    uow.principal = who(Role.MENTOR, a.mentor_id)
    listed, _, total = pair_handlers.list_pairs(mcommands.ListPairs(mentor_id=b.mentor_id), uow)
    assert listed == [] and total == 0
    listed, _, total = pair_handlers.list_pairs(mcommands.ListPairs(), uow)
    assert [p.id for p in listed] == [a.id] and total == 1
    assert pair_handlers.pair_card(a.id, uow)[0].id == a.id
    with pytest.raises(NotFound):
        pair_handlers.pair_card(b.id, uow)
    with pytest.raises(NotFound):
        pair_life.file_petition(mcommands.FilePetition(b.id, "release_mentor", NOW.date().isoformat(), "x"), uow)
    with pytest.raises(Forbidden):
        pair_handlers.close_pair(mcommands.ClosePair(a.id, "Не хочу"), uow)


def test_a_teacher_mentee_asks_for_another_mentor_and_nothing_else(two_pairs) -> None:  # type: ignore[no-untyped-def]
    uow, (a, _) = two_pairs
    uow.principal = who(Role.MENTEE, a.mentee_id)
    with pytest.raises(ValidationFailed):
        pair_life.file_petition(mcommands.FilePetition(a.id, "release_mentor", NOW.date().isoformat(), "x"), uow)
    filed = pair_life.file_petition(mcommands.FilePetition(a.id, "replace_mentor", NOW.date().isoformat(),
                                                           "Не совпадаем"), uow)
    assert filed.petition is not None and filed.petition.kind == "replace_mentor"
    with pytest.raises(Forbidden):
        pair_life.decide_petition(mcommands.DecidePetition(a.id, True), uow, FixedPool(pool([], [])))


# -- monitoring ----------------------------------------------------------------------------------------------
@pytest.fixture
def school() -> FakeMonitoringUnitOfWork:
    fake = FakeMonitoringUnitOfWork(who(Role.SCHOOL_CURATOR))
    for pair_id, mentor_id, mentee_id in ((PAIR_A, "m-a", "e-a"), (PAIR_B, "m-b", "e-b")):
        learn_pair(commands.LearnPair(pair_id=pair_id, version=1, mentor_id=mentor_id, mentee_id=mentee_id,
                                      form="teacher_teacher", kind="individual", term_start="2026-01-12",
                                      term_end="2026-12-28", status="active"), fake)
    return fake


def _meeting(pair_id: str) -> commands.RecordMeeting:
    return commands.RecordMeeting(pair_id=pair_id, kind="acquaintance", held_on="2026-11-20", format="remote",
                                  topic="Знакомство", duration_minutes=30, participants="", outcome="",
                                  next_step="", diary="Мои заметки")


def test_monitoring_keeps_a_mentor_to_his_pairs(school: FakeMonitoringUnitOfWork) -> None:
    school.principal = who(Role.MENTOR, "m-a")
    views, _ = work_handlers.list_pairs(school, now=lambda: NOW)
    assert [v.pair.id for v in views] == [PAIR_A]
    work_handlers.record_meeting(_meeting(PAIR_A), school, now=lambda: NOW)
    for refused in (lambda: work_handlers.record_meeting(_meeting(PAIR_B), school, now=lambda: NOW),
                    lambda: work_handlers.pair_work(PAIR_B, school, now=lambda: NOW),
                    lambda: report_handlers.pair_reports(PAIR_B, school, now=lambda: NOW)):
        with pytest.raises(NotFound):
            refused()
    assert {d.pair_id for d in report_handlers.reports_due(school, now=lambda: NOW)} == {PAIR_A}
    with pytest.raises(Forbidden):
        work_handlers.set_school_settings(3, None, school)
    with pytest.raises(Forbidden):
        report_handlers.half_year_summary(2026, 1, school, now=lambda: NOW)
    school.reminders.set_recipients(["curator@school.example"])
    assert work_handlers.school_settings(school)[1] == [], "the staff's addresses are not a mentor's business"


def test_a_mentee_reads_the_meetings_without_the_mentors_diary(school: FakeMonitoringUnitOfWork) -> None:
    work_handlers.record_meeting(_meeting(PAIR_A), school, now=lambda: NOW)
    school.principal = who(Role.MENTEE, "e-a")
    work = work_handlers.pair_work(PAIR_A, school, now=lambda: NOW)
    assert [m.diary for m in work.meetings] == [""] and [m.topic for m in work.meetings] == ["Знакомство"]
    with pytest.raises(Forbidden):
        work_handlers.record_meeting(_meeting(PAIR_A), school, now=lambda: NOW)
    with pytest.raises(NotFound):
        work_handlers.pair_work(PAIR_B, school, now=lambda: NOW)
    school.principal = replace(who(Role.SCHOOL_CURATOR))
    assert [m.diary for m in work_handlers.pair_work(PAIR_A, school, now=lambda: NOW).meetings] == ["Мои заметки"]


def test_reach_of_a_mixed_principal_is_never_wider_than_its_tier() -> None:
    assert reach(who(Role.MENTOR, "m1"), Action.PAIR_READ) is Reach.OWN
    assert reach(who(Role.MENTOR, "m1"), Action.MENTOR_LIST) is None
