"""Finding and sending the school's due reminders: each overdue condition is claimed in ``sent_reminders`` (a report
due or a plan awaiting agreement in ``sent_work_reminders``) and mailed in the same transaction, so it is sent
once — a failed send rolls the claim back and the next run retries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from mentorship_kit.policy import Action, require
from monitoring.domain.meetings import PlannedMeeting
from monitoring.domain.overdue import overdue_reasons
from monitoring.domain.reminders import Reminder, compose, overdue_since
from monitoring.domain.work_reminders import WorkReminder, compose_work, plans_unagreed, reports_due
from monitoring.service_layer.unit_of_work import UnitOfWork

Send = Callable[[list[str], str, str], None]
"""(recipients, subject, body) → delivered, or raises."""


def due_reminders(uow: UnitOfWork, *, today: date) -> list[Reminder]:
    """The school's overdue conditions as of ``today`` (a controllable clock), sent or not."""
    require(uow.principal, Action.PAIR_READ)
    with uow:
        pairs, held = uow.pairs.all(), uow.meetings.held_summary()
        open_plan, weeks = uow.plan.open_before(today), uow.settings.no_meeting_weeks()
    plan_of: dict[str, list[PlannedMeeting]] = {}
    for planned in open_plan:
        plan_of.setdefault(planned.pair_id, []).append(planned)
    due = []
    for pair in pairs:
        last = held.get(pair.id, (0, None))[1]
        plan = plan_of.get(pair.id, [])
        since = overdue_since(pair, plan, last, today=today, no_meeting_weeks=weeks)
        if since is not None:
            reasons = overdue_reasons(pair, plan, last, today=today, no_meeting_weeks=weeks)
            due.append(Reminder(pair.id, since, tuple(reasons)))
    return sorted(due, key=lambda r: (r.overdue_on, r.pair_id))


def send_reminders(uow: UnitOfWork, send: Send, *, today: date, link_base: str) -> int:
    """Mails each not yet sent condition to the school's reminder recipients; returns how many were sent."""
    sent = 0
    for reminder in due_reminders(uow, today=today):
        with uow:
            recipients = uow.reminders.recipients()
            if not recipients or not uow.reminders.claim(reminder.pair_id, reminder.overdue_on):
                continue
            subject, body = compose(reminder, link_base=link_base)
            send(recipients, subject, body)
            uow.commit()
            sent += 1
    return sent


def due_work(uow: UnitOfWork, *, today: date) -> list[WorkReminder]:
    """The school's reports due and plans awaiting agreement as of ``today``, sent or not (derived on read)."""
    require(uow.principal, Action.PAIR_READ)
    with uow:
        pairs, reports, documents = uow.pairs.all(), uow.reports.all(), uow.plan_documents.all()
    found = reports_due(pairs, reports, today=today) + plans_unagreed(pairs, documents)
    return sorted(found, key=lambda r: (r.kind, r.pair_id, r.condition))


def send_work_reminders(uow: UnitOfWork, send: Send, *, today: date, link_base: str) -> int:
    """Claims the school's not yet mailed work conditions and mails them in one letter, in one transaction: a
    failed send rolls every claim back and the next pass retries. Returns how many conditions were mailed."""
    due = due_work(uow, today=today)
    if not due:
        return 0
    with uow:
        recipients = uow.reminders.recipients()
        if not recipients:
            return 0
        fresh = [r for r in due if uow.reminders.claim_work(r.kind, r.pair_id, r.condition)]
        if not fresh:
            return 0
        subject, body = compose_work(fresh, link_base=link_base)
        send(recipients, subject, body)
        uow.commit()
    return len(fresh)
