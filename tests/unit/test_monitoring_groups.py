"""A group's work in monitoring (issue 12 item 1): learnt from matching's group events (duplicates and late events
change nothing), meetings with attendance per mentee still in the group, refusals in Russian with nothing written,
and «no meeting for N weeks» derived like a pair's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mentorship_kit.errors import Conflict, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.adapters.event_codec import encode_event
from monitoring.service_layer.group_handlers import (
    LearnGroup,
    RecordGroupMeeting,
    group_work,
    learn_group,
    list_groups,
    record_group_meeting,
)
from tests.unit.monitoring_fakes import FakeMonitoringUnitOfWork

ORG, MUN, REG = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
GROUP = "33333333-3333-3333-3333-333333333333"
ANNA, BORIS, VERA = "a" * 8 + "-0000-4000-8000-000000000001", "b" * 8 + "-0000-4000-8000-000000000002", \
    "c" * 8 + "-0000-4000-8000-000000000003"
START = date(2026, 9, 1)


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


@pytest.fixture
def uow() -> FakeMonitoringUnitOfWork:
    curator = Principal(user_id="u-curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=ORG,
                        municipality_id=MUN, region_id=REG)
    fake = FakeMonitoringUnitOfWork(curator)
    assert learn_group(LearnGroup(group_id=GROUP, version=1, status="active", form="student_student", kind="group",
                                  term_start=START.isoformat(), term_end="2027-05-31", reporting="quarterly",
                                  mentor_ids=("m1",), mentee_ids=(ANNA, BORIS, VERA)), fake)
    return fake


def _meeting(day: date, attendance: dict[str, bool], **changes: object) -> RecordGroupMeeting:
    values: dict[str, object] = {"group_id": GROUP, "kind": "regular", "held_on": day.isoformat(),
                                 "format": "in_person", "topic": "Проектная работа", "duration_minutes": 60,
                                 "attendance": attendance, **changes}
    return RecordGroupMeeting(**values)  # type: ignore[arg-type]


def test_a_group_is_learnt_once_and_a_member_who_left_is_no_longer_marked(uow: FakeMonitoringUnitOfWork) -> None:
    assert not learn_group(LearnGroup(group_id=GROUP, version=1, status="active", term_start="2026-09-01",
                                      term_end="2027-05-31", mentee_ids=(ANNA,)), uow), "a duplicate"
    assert learn_group(LearnGroup(group_id=GROUP, version=2, status="active", left_mentee_ids=(VERA,)), uow)
    group = uow.groups.get(GROUP)
    assert group is not None and group.active_members == [ANNA, BORIS] and group.reporting == "quarterly"
    day = START + timedelta(days=10)
    with pytest.raises(ValidationFailed, match="нет в группе"):
        record_group_meeting(_meeting(day, {ANNA: True, VERA: True}), uow, now=lambda: _at(day))
    meeting = record_group_meeting(_meeting(day, {ANNA: True}), uow, now=lambda: _at(day))
    assert meeting.attendance == {ANNA: True, BORIS: False}, "an unmarked member is absent"
    assert not learn_group(LearnGroup(group_id=GROUP, version=1, status="active", term_start="2026-09-01",
                                      term_end="2027-05-31", mentee_ids=(VERA,)), uow), "a late formation"


def test_a_meeting_needs_someone_present_and_an_active_group(uow: FakeMonitoringUnitOfWork) -> None:
    day = START + timedelta(days=3)
    with pytest.raises(ValidationFailed, match="хотя бы одного"):
        record_group_meeting(_meeting(day, {ANNA: False}), uow, now=lambda: _at(day))
    with pytest.raises(ValidationFailed, match="Укажите тему"):
        record_group_meeting(_meeting(day, {ANNA: True}, topic=" "), uow, now=lambda: _at(day))
    assert uow.group_meetings.rows == {}, "nothing written"
    learn_group(LearnGroup(group_id=GROUP, version=2, status="closed", ended_on="2026-09-02"), uow)
    with pytest.raises(Conflict, match="закрыта"):
        record_group_meeting(_meeting(day, {ANNA: True}), uow, now=lambda: _at(day))
    group = uow.groups.get(GROUP)
    assert group is not None and group.ended_on == date(2026, 9, 2)


def test_overdue_is_derived_from_the_last_meeting_like_a_pairs(uow: FakeMonitoringUnitOfWork) -> None:
    overdue_on = START + timedelta(weeks=4)
    assert group_work(GROUP, uow, now=lambda: _at(overdue_on - timedelta(days=1))).overdue == []
    assert group_work(GROUP, uow, now=lambda: _at(overdue_on)).overdue == [
        "Нет встреч 4 нед. и дольше с начала работы группы"]
    record_group_meeting(_meeting(overdue_on, {ANNA: True, BORIS: True, VERA: False}), uow,
                         now=lambda: _at(overdue_on))
    work = group_work(GROUP, uow, now=lambda: _at(overdue_on + timedelta(days=1)))
    assert work.overdue == [] and work.last_meeting_on == overdue_on
    assert [m.present for m in work.meetings] == [2]


def test_the_overdue_groups_are_listed_for_the_home_page_and_leave_it_after_a_meeting(
        uow: FakeMonitoringUnitOfWork) -> None:
    overdue_on = START + timedelta(weeks=4)
    assert list_groups(uow, overdue_only=True, now=lambda: _at(overdue_on - timedelta(days=1))) == ([], 4)
    found, weeks = list_groups(uow, overdue_only=True, now=lambda: _at(overdue_on))
    assert weeks == 4 and [(g.group.id, g.meetings_held, g.overdue) for g in found] == [
        (GROUP, 0, ["Нет встреч 4 нед. и дольше с начала работы группы"])]
    record_group_meeting(_meeting(overdue_on, {ANNA: True}), uow, now=lambda: _at(overdue_on))
    assert list_groups(uow, overdue_only=True, now=lambda: _at(overdue_on))[0] == []
    everything, _ = list_groups(uow, now=lambda: _at(overdue_on))
    assert [(g.meetings_held, g.last_meeting_on) for g in everything] == [(1, overdue_on)]


def test_a_group_meeting_is_counted_in_reporting_as_a_meeting_without_a_pair_or_a_name(
        uow: FakeMonitoringUnitOfWork) -> None:
    day = START + timedelta(days=5)
    meeting = record_group_meeting(_meeting(day, {ANNA: True, BORIS: False}), uow, now=lambda: _at(day))
    held = [encode_event(e) for e in uow.events]
    assert [e.type for e in held] == ["mentorship.monitoring.meeting_held.v1"]
    payload = held[0].payload
    assert payload.meeting_id == meeting.id and payload.pair_id == "" and payload.held_on == day.isoformat()
    assert list(payload.facets) == ["meeting", "meeting.group", "meeting.kind.regular", "meeting.format.in_person",
                                    "meeting.group.form.student_student"]  # a team_team group's are 3.9 (ADR 021)
    assert (held[0].org_id, held[0].municipality_id, held[0].region_id) == (ORG, MUN, REG)
    assert ANNA not in str(payload) and "Проектная" not in str(payload), "no member, no topic leaves monitoring"
