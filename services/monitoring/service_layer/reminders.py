"""Finding and sending the school's due reminders: each overdue condition is claimed in ``sent_reminders`` and
mailed in the same transaction, so it is sent once — a failed send rolls the claim back and the next run retries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from mentorship_kit.policy import Action, require
from monitoring.domain.meetings import PlannedMeeting
from monitoring.domain.overdue import overdue_reasons
from monitoring.domain.reminders import Reminder, compose, overdue_since
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
