"""Monitoring's use cases against the in-memory unit of work: learning pairs from events (duplicates and late events
change nothing), meetings with their rules and Russian refusals (nothing half-written), the calendar plan and the
derived «overdue»."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentorship_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.adapters.event_codec import encode_event
from monitoring.domain import commands
from monitoring.domain.events import MeetingHeld
from monitoring.domain.meetings import PlannedMeeting
from monitoring.domain.overdue import overdue_reasons
from monitoring.domain.pairs import MonitoredPair, PairStatus, facet_values
from monitoring.service_layer.pair_events import learn_pair
from monitoring.service_layer.work_handlers import (
    list_pairs,
    pair_work,
    plan_meeting,
    record_meeting,
    set_school_weeks,
)
from tests.unit.monitoring_fakes import FakeMonitoringUnitOfWork, as_protocol

ORG, MUN, REG = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
PAIR = "11111111-1111-1111-1111-111111111111"
OTHER = "22222222-2222-2222-2222-222222222222"
TODAY = datetime(2026, 11, 27, 10, tzinfo=UTC)


def clock() -> datetime:
    return TODAY


@pytest.fixture
def uow() -> FakeMonitoringUnitOfWork:
    curator = Principal(user_id="u-curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=ORG,
                        municipality_id=MUN, region_id=REG)
    fake = FakeMonitoringUnitOfWork(curator)
    as_protocol(fake)
    learn_pair(formed(), fake)
    return fake


def formed(version: int = 1, start: str = "2026-09-01") -> commands.LearnPair:
    return commands.LearnPair(pair_id=PAIR, version=version, mentor_id="m", mentee_id="e", form="teacher_pupil",
                              kind="individual", term_start=start, term_end="2027-05-28", status="active")


def meeting(**changes: object) -> commands.RecordMeeting:
    values: dict[str, object] = {"pair_id": PAIR, "kind": "acquaintance", "held_on": "2026-11-20",
                                 "format": "in_person", "topic": "Знакомство", "duration_minutes": 45,
                                 "participants": "наставник, наставляемый", "outcome": "договорились о целях",
                                 "next_step": "пробная встреча", "diary": "Наставляемый открыт к работе"}
    return commands.RecordMeeting(**{**values, **changes})  # type: ignore[arg-type]


def test_facets_of_both_shapes_give_form_kind_and_status() -> None:
    assert facet_values(["pair", "pair.form.teacher_pupil", "pair.kind.virtual"]) == (
        "teacher_pupil", "virtual", PairStatus.ACTIVE)
    assert facet_values(["pair.completed"]) == ("", "", PairStatus.COMPLETED)
    assert facet_values(["form:student_student", "kind:peer", "status:closed"]) == (
        "student_student", "peer", PairStatus.CLOSED)


def test_the_same_pair_formed_twice_or_late_changes_nothing(uow: FakeMonitoringUnitOfWork) -> None:
    assert learn_pair(formed(), uow) is False
    closed = commands.LearnPair(pair_id=PAIR, version=2, mentor_id="m", mentee_id="e", form="", kind="",
                                term_start="", term_end="", status="closed")
    assert learn_pair(closed, uow) is True
    assert learn_pair(formed(), uow) is False  # the late formation does not reopen it
    pair = uow.pairs.rows[PAIR]
    assert (pair.status, pair.form, pair.kind, pair.version) == (PairStatus.CLOSED, "teacher_pupil", "individual", 2)
    unknown = commands.LearnPair(pair_id=OTHER, version=2, mentor_id="", mentee_id="", form="", kind="",
                                 term_start="", term_end="", status="closed")
    assert learn_pair(unknown, uow) is False and OTHER not in uow.pairs.rows


def test_a_held_meeting_is_recorded_with_its_diary_and_announced_by_facets(uow: FakeMonitoringUnitOfWork) -> None:
    done = record_meeting(meeting(), uow, now=clock)
    work = pair_work(PAIR, uow, now=clock)
    assert [m.id for m in work.meetings] == [done.id] and work.meetings[0].diary == "Наставляемый открыт к работе"
    assert work.view.meetings_held == 1 and work.view.last_meeting_on == date(2026, 11, 20)
    assert uow.events == [MeetingHeld(done)]
    wire = encode_event(uow.events[0])
    assert wire.type == "mentorship.monitoring.meeting_held.v1" and wire.org_id == ORG
    assert list(wire.payload.facets) == ["meeting", "meeting.kind.acquaintance", "meeting.format.in_person"]
    assert "Знакомство" not in str(wire.payload) and "открыт" not in str(wire.payload)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"held_on": "2026-11-28"}, "held_on", "Встреча в будущем не может быть проведённой"),
    ({"held_on": "2026-08-31"}, "held_on", "раньше, чем сформирована пара (01.09.2026)"),
    ({"held_on": "28.11.2026"}, "held_on", "ГГГГ-ММ-ДД"),
    ({"duration_minutes": 0}, "duration_minutes", "от 1 минуты до 8 часов"),
    ({"duration_minutes": 481}, "duration_minutes", "от 1 минуты до 8 часов"),
    ({"format": "phone"}, "format", "очно или дистанционно"),
    ({"kind": "party"}, "kind", "знакомство, пробная"),
    ({"topic": "  "}, "topic", "Укажите тему"),
    ({"topic": "\x00"}, "topic", "Укажите тему"),
    ({"diary": "д" * 4001}, "diary", "Не длиннее 4000"),
])
def test_bad_meetings_are_refused_in_russian_and_nothing_is_written(uow: FakeMonitoringUnitOfWork,
                                                                    changes: dict[str, object], field: str,
                                                                    message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        record_meeting(meeting(**changes), uow, now=clock)
    assert [p.field for p in refused.value.problems] == [field]
    assert message in refused.value.message
    assert not uow.meetings.rows and not uow.events


def test_a_closed_pair_takes_no_meeting_and_no_plan(uow: FakeMonitoringUnitOfWork) -> None:
    learn_pair(commands.LearnPair(pair_id=PAIR, version=2, mentor_id="", mentee_id="", form="", kind="",
                                  term_start="", term_end="", status="closed"), uow)
    with pytest.raises(Conflict, match="Пара закрыта"):
        record_meeting(meeting(), uow, now=clock)
    with pytest.raises(Conflict, match="Пара закрыта"):
        plan_meeting(commands.PlanMeeting(PAIR, "regular", "2026-12-10"), uow)
    assert not uow.meetings.rows and not uow.plan.rows and not uow.events
    for stranger in ("nope", OTHER):
        with pytest.raises(NotFound):
            record_meeting(meeting(pair_id=stranger), uow, now=clock)


def test_control_characters_are_dropped_and_the_psychologist_may_only_read(uow: FakeMonitoringUnitOfWork) -> None:
    done = record_meeting(meeting(topic="Тема\x00", diary="строка 1\nстрока 2\x07"), uow, now=clock)
    assert (done.topic, done.diary) == ("Тема", "строка 1\nстрока 2")
    uow.principal = Principal(user_id="u-psy", roles=frozenset({Role.SCHOOL_PSYCHOLOGIST}), scope=Scope.ORG,
                              org_id=ORG, municipality_id=MUN, region_id=REG)
    assert pair_work(PAIR, uow, now=clock).view.meetings_held == 1
    with pytest.raises(Forbidden):
        record_meeting(meeting(), uow, now=clock)
    with pytest.raises(Forbidden):
        set_school_weeks(3, uow)


def test_planned_meetings_become_overdue_until_held(uow: FakeMonitoringUnitOfWork) -> None:
    first = plan_meeting(commands.PlanMeeting(PAIR, "trial", "2026-11-25", "Пробная"), uow)
    later = plan_meeting(commands.PlanMeeting(PAIR, "planning", "2026-12-15"), uow)
    with pytest.raises(ValidationFailed, match="в сроке пары"):
        plan_meeting(commands.PlanMeeting(PAIR, "final", "2027-06-30"), uow)
    record_meeting(meeting(held_on="2026-11-24"), uow, now=clock)  # an acquaintance: fulfils no trial
    reasons = pair_work(PAIR, uow, now=clock).view.overdue
    assert reasons == ["Не проведена по плану: пробная встреча на 25.11.2026"]
    held = record_meeting(meeting(kind="trial", held_on="2026-11-26"), uow, now=clock)  # the earliest open trial
    work = pair_work(PAIR, uow, now=clock)
    assert work.view.overdue == []
    assert {p.id: p.held_meeting_id for p in work.plan} == {first.id: held.id, later.id: ""}
    with pytest.raises(Conflict, match="уже отмечена проведённой"):
        record_meeting(meeting(kind="trial", planned_id=first.id), uow, now=clock)


def test_no_meeting_in_n_weeks_is_overdue_and_n_is_the_schools(uow: FakeMonitoringUnitOfWork) -> None:
    views, weeks = list_pairs(uow, now=clock)
    assert weeks == 4 and views[0].overdue == ["Нет встреч 4 нед. и дольше с начала работы пары"]
    record_meeting(meeting(held_on="2026-11-01"), uow, now=clock)
    assert list_pairs(uow, overdue_only=True, now=clock)[0] == []  # 26 days < 4 weeks
    set_school_weeks(3, uow)
    views, _ = list_pairs(uow, overdue_only=True, now=clock)
    assert views[0].overdue == ["Нет встреч 3 нед. и дольше (последняя — 01.11.2026)"]
    with pytest.raises(ValidationFailed, match="от 1 до 26"):
        set_school_weeks(0, uow)


def test_overdue_is_exactly_at_n_weeks_and_never_for_a_closed_pair() -> None:
    pair = MonitoredPair(id=PAIR, org_id=ORG, municipality_id=MUN, region_id=REG, mentor_id="m", mentee_id="e",
                         form="f", kind="k", term_start=date(2026, 9, 1), term_end=date(2027, 5, 1),
                         status=PairStatus.ACTIVE, version=1)
    last = date(2026, 10, 1)
    assert overdue_reasons(pair, [], last, today=date(2026, 10, 28), no_meeting_weeks=4) == []
    assert overdue_reasons(pair, [], last, today=date(2026, 10, 29), no_meeting_weeks=4) != []
    plan = [PlannedMeeting("p", PAIR, ORG, MUN, REG, "final", date(2026, 10, 1), "")]
    assert overdue_reasons(pair, plan, last, today=date(2026, 10, 1), no_meeting_weeks=4) == []  # due today: not yet
    pair.status = PairStatus.CLOSED
    assert overdue_reasons(pair, plan, None, today=date(2027, 1, 1), no_meeting_weeks=4) == []


def test_the_school_names_its_reminder_addresses_and_a_bad_one_changes_nothing(uow) -> None:  # type: ignore[no-untyped-def]
    from monitoring.service_layer.work_handlers import school_settings, set_school_settings

    assert school_settings(uow) == (4, [])
    assert set_school_settings(3, [" Curator@School.ru ", "", "curator@school.ru", "head@school.ru"], uow) == (
        3, ["curator@school.ru", "head@school.ru"])
    with pytest.raises(ValidationFailed) as refused:
        set_school_settings(0, ["not-an-address"], uow)
    assert {p.field for p in refused.value.problems} == {"no_meeting_weeks", "reminder_emails"}
    assert "не адрес электронной почты" in str(refused.value)
    with pytest.raises(ValidationFailed, match="Не больше 10"):
        set_school_settings(4, [f"c{i}@school.ru" for i in range(11)], uow)
    assert school_settings(uow) == (3, ["curator@school.ru", "head@school.ru"])  # nothing half-written
    assert set_school_settings(5, None, uow) == (5, ["curator@school.ru", "head@school.ru"])  # None keeps them
    from monitoring.domain.events import ReminderRecipientsChanged

    # The registry mails its reminders to the same addresses: each save of the list (never a refused one, never
    # a save that keeps them) is told, with the whole list.
    assert [e for e in uow.events if isinstance(e, ReminderRecipientsChanged)] == [ReminderRecipientsChanged(
        org_id=ORG, municipality_id=MUN, region_id=REG, emails=("curator@school.ru", "head@school.ru"))]
    wire = encode_event(uow.events[-1])
    assert (wire.type, wire.org_id, list(wire.payload.emails)) == (
        "mentorship.monitoring.reminder_recipients_changed.v1", ORG, ["curator@school.ru", "head@school.ru"])
    reader = FakeMonitoringUnitOfWork(Principal(user_id="u-psy", roles=frozenset({Role.SCHOOL_PSYCHOLOGIST}),
                                                scope=Scope.ORG, org_id=ORG, municipality_id=MUN, region_id=REG))
    with pytest.raises(Forbidden):
        set_school_settings(4, [], reader)
