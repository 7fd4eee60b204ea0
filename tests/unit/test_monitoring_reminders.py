"""Reminders of overdue meetings (issue 12 item 6) with a controllable clock: due exactly once per condition, a new
condition after the pair falls behind again, nothing without recipients, and no name in the e-mail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mentorship_kit.principal import Principal, Role, Scope
from monitoring.domain import commands
from monitoring.domain.reminders import Reminder, compose
from monitoring.service_layer.pair_events import learn_pair
from monitoring.service_layer.reminders import due_reminders, send_reminders
from monitoring.service_layer.work_handlers import plan_meeting, record_meeting
from tests.unit.monitoring_fakes import FakeMonitoringUnitOfWork

ORG, MUN, REG = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
PAIR = "11111111-1111-1111-1111-111111111111"
START = date(2026, 9, 1)  # formed; 4 weeks later (the default N) it is overdue
LINK = "https://nastavnik.example"


class Outbox:
    def __init__(self) -> None:
        self.mails: list[tuple[list[str], str, str]] = []

    def __call__(self, recipients: list[str], subject: str, body: str) -> None:
        self.mails.append((recipients, subject, body))


@pytest.fixture
def uow() -> FakeMonitoringUnitOfWork:
    curator = Principal(user_id="u-curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=ORG,
                        municipality_id=MUN, region_id=REG)
    fake = FakeMonitoringUnitOfWork(curator)
    learn_pair(commands.LearnPair(pair_id=PAIR, version=1, mentor_id="m", mentee_id="e", form="teacher_pupil",
                                  kind="individual", term_start=START.isoformat(), term_end="2027-05-28",
                                  status="active"), fake)
    fake.reminders.addresses = ["curator@school.example"]
    return fake


def test_no_meeting_for_n_weeks_is_due_from_the_day_it_becomes_overdue(uow: FakeMonitoringUnitOfWork) -> None:
    overdue_on = START + timedelta(weeks=4)
    assert due_reminders(uow, today=overdue_on - timedelta(days=1)) == []
    due = due_reminders(uow, today=overdue_on)
    assert [(r.pair_id, r.overdue_on) for r in due] == [(PAIR, overdue_on)]
    assert due[0].reasons == ("Нет встреч 4 нед. и дольше с начала работы пары",)
    assert [r.overdue_on for r in due_reminders(uow, today=overdue_on + timedelta(days=10))] == [overdue_on]


def test_a_condition_is_mailed_exactly_once_across_runs(uow: FakeMonitoringUnitOfWork) -> None:
    outbox, day = Outbox(), START + timedelta(weeks=4)
    assert send_reminders(uow, outbox, today=day, link_base=LINK) == 1
    assert send_reminders(uow, outbox, today=day, link_base=LINK) == 0
    assert send_reminders(uow, outbox, today=day + timedelta(days=3), link_base=LINK) == 0, "same condition"
    assert len(outbox.mails) == 1 and outbox.mails[0][0] == ["curator@school.example"]


def test_a_pair_that_falls_behind_again_is_a_new_condition(uow: FakeMonitoringUnitOfWork) -> None:
    outbox = Outbox()
    send_reminders(uow, outbox, today=START + timedelta(weeks=4), link_base=LINK)
    held = START + timedelta(weeks=5)
    record_meeting(commands.RecordMeeting(
        pair_id=PAIR, kind="acquaintance", held_on=held.isoformat(), format="in_person", topic="Знакомство",
        duration_minutes=45, participants="", outcome="", next_step="", diary=""), uow,
        now=lambda: datetime.combine(held, datetime.min.time(), UTC))
    assert due_reminders(uow, today=held + timedelta(days=1)) == [], "the meeting ended the condition"
    again = held + timedelta(weeks=4)
    assert send_reminders(uow, outbox, today=again, link_base=LINK) == 1
    assert send_reminders(uow, outbox, today=again, link_base=LINK) == 0
    assert len(outbox.mails) == 2 and again.strftime("%d.%m.%Y") in outbox.mails[1][2]


def test_a_missed_planned_meeting_is_overdue_the_next_day(uow: FakeMonitoringUnitOfWork) -> None:
    uow.settings.weeks = 26
    planned = START + timedelta(days=14)
    plan_meeting(commands.PlanMeeting(pair_id=PAIR, kind="trial", planned_on=planned.isoformat(), topic="Проба"),
                 uow)
    assert due_reminders(uow, today=planned) == []
    [due] = due_reminders(uow, today=planned + timedelta(days=1))
    assert due.overdue_on == planned + timedelta(days=1) and "пробная встреча" in due.reasons[0]


def test_nothing_is_sent_or_claimed_without_recipients_or_when_sending_fails(uow: FakeMonitoringUnitOfWork) -> None:
    day = START + timedelta(weeks=4)
    uow.reminders.addresses = []
    assert send_reminders(uow, Outbox(), today=day, link_base=LINK) == 0 and not uow.reminders.sent

    def down(recipients: list[str], subject: str, body: str) -> None:
        raise OSError("connection refused")

    uow.reminders.addresses = ["curator@school.example"]
    with pytest.raises(OSError):
        send_reminders(uow, down, today=day, link_base=LINK)
    assert not uow.reminders.sent, "a failed send leaves the condition unclaimed: the next run retries"
    assert send_reminders(uow, Outbox(), today=day, link_base=LINK) == 1


def test_the_email_names_the_pair_by_number_and_links_to_it() -> None:
    subject, body = compose(Reminder(PAIR, date(2026, 9, 29), ("Нет встреч 4 нед. и дольше",)), link_base=LINK + "/")
    assert "пара №11111111" in subject and "29.09.2026" in body
    assert f"{LINK}/school/pairs/{PAIR}/work" in body
