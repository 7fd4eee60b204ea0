"""Reports due and plans awaiting agreement (issue 12 item 6) with a controllable clock: each condition is due from
its day, mailed exactly once, ended by the report or the agreement; a new plan version is a new condition; the
periods follow the pair's own schedule and stop where a pair closed early; no name in the e-mail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mentorship_kit.principal import Principal, Role, Scope
from monitoring.domain import commands
from monitoring.domain.plans import ItemDraft
from monitoring.domain.reports import pair_periods
from monitoring.service_layer.pair_events import learn_pair
from monitoring.service_layer.plan_handlers import agree_plan, save_draft
from monitoring.service_layer.reminders import due_work, send_work_reminders
from monitoring.service_layer.report_handlers import submit_report
from tests.unit.monitoring_fakes import FakeMonitoringUnitOfWork

ORG, MUN, REG = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
PAIR = "22222222-2222-2222-2222-222222222222"
START, END = date(2026, 9, 1), date(2027, 5, 31)
LINK = "https://nastavnik.example"


class Outbox:
    def __init__(self) -> None:
        self.mails: list[tuple[list[str], str, str]] = []

    def __call__(self, recipients: list[str], subject: str, body: str) -> None:
        self.mails.append((recipients, subject, body))


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def _learn(uow: FakeMonitoringUnitOfWork, *, reporting: str = "quarterly") -> None:
    learn_pair(commands.LearnPair(pair_id=PAIR, version=1, mentor_id="m", mentee_id="e", form="teacher_teacher",
                                  kind="individual", term_start=START.isoformat(), term_end=END.isoformat(),
                                  status="active", reporting=reporting), uow)


@pytest.fixture
def uow() -> FakeMonitoringUnitOfWork:
    curator = Principal(user_id="u-curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=ORG,
                        municipality_id=MUN, region_id=REG)
    fake = FakeMonitoringUnitOfWork(curator)
    _learn(fake)
    fake.reminders.addresses = ["curator@school.example"]
    return fake


def test_periods_follow_the_schedule_the_pair_was_formed_with(uow: FakeMonitoringUnitOfWork) -> None:
    pair = uow.pairs.get(PAIR)
    assert pair is not None and pair.reporting == "quarterly"
    assert [(p.start, p.end) for p in pair_periods(pair)] == [
        (date(2026, 9, 1), date(2026, 11, 30)), (date(2026, 12, 1), date(2027, 2, 28)),
        (date(2027, 3, 1), date(2027, 5, 31))]


def test_an_early_close_cuts_the_periods_at_the_day_it_ended(uow: FakeMonitoringUnitOfWork) -> None:
    learn_pair(commands.LearnPair(pair_id=PAIR, version=2, mentor_id="", mentee_id="", form="", kind="",
                                  term_start="", term_end="", status="closed", ended_on="2026-12-15"), uow)
    pair = uow.pairs.get(PAIR)
    assert pair is not None and pair.ended_on == date(2026, 12, 15) and pair.reporting == "quarterly"
    assert [(p.number, p.end) for p in pair_periods(pair)] == [(1, date(2026, 11, 30)), (2, date(2026, 12, 15))]
    assert [r.condition for r in due_work(uow, today=date(2027, 6, 1))] == ["period-1", "period-2"]


def test_a_report_due_is_mailed_once_and_ends_with_the_report(uow: FakeMonitoringUnitOfWork) -> None:
    ended = date(2026, 11, 30)
    assert due_work(uow, today=ended) == [], "the period is not over on its last day"
    outbox = Outbox()
    assert send_work_reminders(uow, outbox, today=ended + timedelta(days=1), link_base=LINK) == 1
    assert send_work_reminders(uow, outbox, today=ended + timedelta(days=1), link_base=LINK) == 0
    assert send_work_reminders(uow, outbox, today=ended + timedelta(days=20), link_base=LINK) == 0, "same condition"
    assert len(outbox.mails) == 1
    body = outbox.mails[0][2]
    assert "отчёт за период №1" in body and f"{LINK}/school/pairs/{PAIR}/work" in body
    submit_report(PAIR, 1, {"done": "Провели три встречи"}, uow, now=lambda: _at(ended + timedelta(days=21)))
    assert due_work(uow, today=ended + timedelta(days=21)) == []
    # the next period's end is a new condition: one new letter
    assert send_work_reminders(uow, outbox, today=date(2027, 3, 1), link_base=LINK) == 1
    assert "период №2" in outbox.mails[1][2] and len(outbox.mails) == 2


def test_a_plan_awaiting_agreement_is_mailed_once_per_version(uow: FakeMonitoringUnitOfWork) -> None:
    day = date(2026, 9, 10)
    clock = lambda: _at(day)  # noqa: E731
    items = [ItemDraft(id="", title="Открытый урок", due_on="2026-10-15", expected_product="Конспект")]
    doc = save_draft(PAIR, uow, term_start="2026-09-01", term_end="2026-12-31", deficits=["Оценивание"],
                     final_product="Портфолио", items=items, now=clock)
    [due] = due_work(uow, today=day)
    assert (due.kind, due.condition) == ("plan_unagreed", f"version-{doc.version}")
    assert "наставника и куратора" in due.label
    outbox = Outbox()
    assert send_work_reminders(uow, outbox, today=day, link_base=LINK) == 1
    agree_plan(PAIR, uow, party="mentor", version=doc.version, now=clock)
    assert "куратора" in due_work(uow, today=day)[0].label
    assert send_work_reminders(uow, outbox, today=day, link_base=LINK) == 0, "still the same version"
    agree_plan(PAIR, uow, party="curator", version=doc.version, now=clock)
    assert due_work(uow, today=day) == []
    changed = save_draft(PAIR, uow, term_start="2026-09-01", term_end="2026-12-31", deficits=["Оценивание"],
                         final_product="Портфолио и методичка", items=[ItemDraft(
                             id=doc.items[0].id, title="Открытый урок", due_on="2026-10-15",
                             expected_product="Конспект")], now=clock)
    assert changed.version == doc.version + 1
    assert send_work_reminders(uow, outbox, today=day, link_base=LINK) == 1, "a new version is a new condition"
    assert len(outbox.mails) == 2


def test_nothing_is_claimed_without_recipients_or_when_the_send_fails(uow: FakeMonitoringUnitOfWork) -> None:
    day = date(2026, 12, 1)
    uow.reminders.addresses = []
    assert send_work_reminders(uow, Outbox(), today=day, link_base=LINK) == 0 and not uow.reminders.sent_work

    def down(recipients: list[str], subject: str, body: str) -> None:
        raise OSError("connection refused")

    uow.reminders.addresses = ["curator@school.example"]
    with pytest.raises(OSError):
        send_work_reminders(uow, down, today=day, link_base=LINK)
    assert not uow.reminders.sent_work, "a failed send leaves the conditions unclaimed"
    assert send_work_reminders(uow, Outbox(), today=day, link_base=LINK) == 1
