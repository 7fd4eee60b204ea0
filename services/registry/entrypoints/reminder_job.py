"""The registry's reminder job (a thread of ``python -m registry work``): every interval, each school that named
reminder addresses (learnt from monitoring, ADR 017 addendum) gets its roadmap items due this month and its
documents returned by the municipality by e-mail — each condition once. It runs with the application role bound
to one school at a time, as that school's curator would read, so row-level security holds for the job too."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import cast

from sqlalchemy import Engine, text

from mentorship_kit.principal import Principal, Role, Scope
from mentorship_kit.smtp import SmtpSender
from registry.adapters.sql_unit_of_work import RegistryUnitOfWork
from registry.service_layer.document_reminders import ReminderClaims, Send, send_document_reminders
from registry.service_layer.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
JOB_USER = "registry-reminders"


def schools(system: Engine) -> list[tuple[str, str, str]]:
    """The schools with reminder addresses — their ids only (the system role is granted nothing more)."""
    with system.connect() as conn:
        rows = conn.execute(text("SELECT DISTINCT org_id, municipality_id, region_id FROM reminder_recipients"))
        return [(str(o), str(m), str(r)) for o, m, r in rows]


def _claims(uow: UnitOfWork) -> ReminderClaims:
    return cast(RegistryUnitOfWork, uow).reminder_claims


def run_once(app: Engine, system: Engine, send: Send, *, today: date, link_base: str) -> int:
    """One pass over the schools; a school whose mail fails is logged and retried on the next pass."""
    sent = 0
    for org, municipality, region in schools(system):
        principal = Principal(user_id=JOB_USER, roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                              org_id=org, municipality_id=municipality, region_id=region)
        try:
            sent += send_document_reminders(cast(UnitOfWork, RegistryUnitOfWork(app, principal=principal)),
                                            _claims, send, today=today, link_base=link_base)
        except OSError:
            log.exception("document reminders of school %s not sent; retried on the next pass", org)
    return sent


def _utc_now() -> datetime:
    return datetime.now(UTC)


def run(smtp_url: str, sender: str, *, app: Engine, system: Engine, link_base: str, interval_seconds: float,
        stop: threading.Event, clock: Callable[[], datetime] = _utc_now) -> None:
    if not smtp_url:
        log.info("SMTP_URL is not set: the registry's reminders are shown on the home page only")
        return
    send = SmtpSender(smtp_url, sender=sender)
    while not stop.is_set():
        try:
            sent = run_once(app, system, send, today=clock().date(), link_base=link_base)
        except Exception:  # a database hiccup must not end the job: the next pass tries again
            log.exception("a pass of the registry's reminders failed")
            sent = 0
        if sent:
            log.info("document reminders sent: %s", sent)
        stop.wait(interval_seconds)
