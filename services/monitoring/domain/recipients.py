"""The school's reminder addresses (issue 12 item 6): where overdue reminders go — its curators' mailboxes, which
the school itself names (ADR 008 addendum: staff accounts carry no e-mail the job may read)."""

from __future__ import annotations

import re

from mentorship_kit.errors import FieldProblem, ValidationFailed

MAX_RECIPIENTS = 10
EMAIL_MAX = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def checked_recipients(given: list[str]) -> list[str]:
    """Trimmed, lower-cased, without repeats; a malformed address or more than ten is refused in Russian."""
    found: list[str] = []
    problems: list[FieldProblem] = []
    for raw in given:
        email = raw.strip().lower()
        if not email:
            continue
        if len(email) > EMAIL_MAX or not _EMAIL.match(email):
            problems.append(FieldProblem("reminder_emails", f"«{email[:60]}» — не адрес электронной почты"))
        elif email not in found:
            found.append(email)
    if len(found) > MAX_RECIPIENTS:
        problems.append(FieldProblem("reminder_emails", f"Не больше {MAX_RECIPIENTS} адресов для напоминаний"))
    if problems:
        raise ValidationFailed(problems)
    return found
