"""The reminder job (``python -m monitoring work``): every interval, each school that named reminder recipients gets
its newly overdue pairs, reports due and plans awaiting agreement by e-mail.
It runs with the application role bound to one school at a time, as that
school's curator would read, so row-level security holds for the job too (ADR 008 addendum)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import Engine, text

from mentorship_kit.db import make_engine
from mentorship_kit.principal import Principal, Role, Scope
from mentorship_kit.smtp import SmtpSender
from monitoring.adapters.sql_unit_of_work import MonitoringUnitOfWork
from monitoring.service_layer.reminders import Send, send_reminders, send_work_reminders
from monitoring.settings import MonitoringSettings

log = logging.getLogger(__name__)
JOB_USER = "monitoring-reminders"


def schools(system: Engine) -> list[tuple[str, str, str]]:
    with system.connect() as conn:
        rows = conn.execute(text("SELECT DISTINCT org_id, municipality_id, region_id FROM reminder_recipients"))
        return [(str(o), str(m), str(r)) for o, m, r in rows]


def run_once(app: Engine, system: Engine, send: Send, *, today: date, link_base: str) -> int:
    """One pass over the schools; a school whose mail fails is logged and retried on the next pass."""
    sent = 0
    for org, municipality, region in schools(system):
        principal = Principal(user_id=JOB_USER, roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                              org_id=org, municipality_id=municipality, region_id=region)
        try:
            sent += send_reminders(MonitoringUnitOfWork(app, principal=principal), send, today=today,
                                   link_base=link_base)
            sent += send_work_reminders(MonitoringUnitOfWork(app, principal=principal), send, today=today,
                                        link_base=link_base)
        except OSError:
            log.exception("reminders of school %s not sent; retried on the next pass", org)
    return sent


def _utc_now() -> datetime:
    return datetime.now(UTC)


def run(settings: MonitoringSettings, stop: threading.Event, *, clock: Callable[[], datetime] = _utc_now) -> None:
    if not settings.smtp_url:
        log.info("SMTP_URL is not set: reminders are shown on the home page only")
        stop.wait()
        return
    sender = SmtpSender(settings.smtp_url, sender=settings.reminder_from)
    app = make_engine(settings.db_app_url, pool_size=1)
    system = make_engine(settings.db_system_url, pool_size=1)
    while not stop.is_set():
        sent = run_once(app, system, sender, today=clock().date(), link_base=settings.public_url)
        if sent:
            log.info("reminders sent: %s", sent)
        stop.wait(settings.reminder_interval_seconds)
