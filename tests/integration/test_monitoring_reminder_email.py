"""Reminders by e-mail against a real SMTP server (aiosmtpd, tests/support.py) and the real database: an overdue pair's
curator gets one e-mail across two runs of the job, naming the pair by number and carrying no name; row-level
security keeps the recipients and the sent conditions inside the school."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from email.message import Message

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from embedded_stack.stack import Stack
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.smtp import SmtpSender
from monitoring.entrypoints.pair_event_handlers import HANDLERS
from monitoring.entrypoints.reminder_job import run_once
from tests.integration.test_monitoring_pairs_and_rls import formed
from tests.support import mail_body

CURATOR_MAIL = "curator-a@school.example"
OVERDUE_DAY = date(2026, 9, 29)  # term_start 2026-09-01 + the default 4 weeks


@pytest.fixture(scope="module")
def engines(stack: Stack) -> Iterator[dict[str, Engine]]:
    db = stack.databases["monitoring"]
    made = {"admin": create_engine(db.admin_url), "app": create_engine(db.app_url),
            "system": create_engine(db.system_url)}
    yield made
    for engine in made.values():
        engine.dispose()


def test_an_overdue_pair_is_mailed_once_across_two_runs_without_a_name(  # type: ignore[no-untyped-def]
        stack, tenants, engines, smtp) -> None:
    inbox, port = smtp
    pair_id = str(uuid.uuid4())
    event = formed(pair_id, tenants)
    IdempotentConsumer(engines["system"], HANDLERS).apply(event)
    with engines["admin"].begin() as conn:
        conn.execute(text("INSERT INTO reminder_recipients VALUES (:o, :m, :r, :e) ON CONFLICT DO NOTHING"),
                     {"o": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id, "e": CURATOR_MAIL})
        # The dates below assume the default «no meeting in 4 weeks»; other tests may have changed school A's.
        conn.execute(text("INSERT INTO school_settings VALUES (:o, :m, :r, 4) ON CONFLICT (org_id) DO UPDATE "
                          "SET no_meeting_weeks = 4"),
                     {"o": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id})
    send = SmtpSender(f"smtp://127.0.0.1:{port}", sender="nastavnichestvo@test.example")
    number = f"пара №{pair_id[:8]}"

    def ours() -> list[tuple[list[str], Message]]:
        return [(to, m) for to, m in inbox.messages if number in str(m["Subject"])]

    run_once(engines["app"], engines["system"], send, today=OVERDUE_DAY, link_base="https://nastavnik.test")
    assert len(ours()) == 1, ("the job delivers synchronously: the message is already at the server",
                              [str(m["Subject"]) for _, m in inbox.messages])
    run_once(engines["app"], engines["system"], send, today=OVERDUE_DAY, link_base="https://nastavnik.test")
    run_once(engines["app"], engines["system"], send, today=date(2026, 10, 5), link_base="https://nastavnik.test")
    [(recipients, message)] = ours()
    assert recipients == [CURATOR_MAIL]
    body = mail_body(message)
    assert "29.09.2026" in body and f"https://nastavnik.test/school/pairs/{pair_id}/work" in body
    mentor, mentee = event.data["mentor_id"], event.data["mentee_id"]
    assert mentor not in body and mentee not in body, "no person's id, let alone a name"
    with engines["admin"].connect() as conn:
        sent = conn.execute(text("SELECT count(*) FROM sent_reminders WHERE pair_id = :p"), {"p": pair_id}).scalar()
    assert sent == 1


def test_recipients_and_sent_conditions_stay_inside_the_school(engines) -> None:  # type: ignore[no-untyped-def]
    with engines["app"].connect() as conn:  # no tenant bound: nothing visible
        assert conn.execute(text("SELECT count(*) FROM reminder_recipients")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM sent_reminders")).scalar() == 0
    with engines["system"].connect() as conn, pytest.raises(DBAPIError):
        conn.execute(text("SELECT email FROM reminder_recipients"))  # the job's role learns schools, not addresses


def test_a_report_due_is_mailed_once_on_the_pairs_own_schedule_and_stops_where_it_closed(  # type: ignore[no-untyped-def]
        stack, tenants, engines, smtp) -> None:
    """A quarterly pair closed on 2026-10-20: its one period (cut at the close) is due from 21.10 — mailed once
    across runs of the job with a controllable day, naming the pair by number only."""
    from mentorship.matching.v1 import events_pb2
    from tests.integration.test_monitoring_pairs_and_rls import closed

    inbox, port = smtp
    pair_id = str(uuid.uuid4())
    event = formed(pair_id, tenants)
    event.data["reporting"] = "quarterly"
    consumer = IdempotentConsumer(engines["system"], HANDLERS)
    consumer.apply(event)
    close = closed(pair_id, tenants)
    close.data["closed_on"] = "2026-10-20"
    consumer.apply(close)
    with engines["admin"].connect() as conn:
        row = conn.execute(text("SELECT reporting, ended_on, status FROM monitored_pairs WHERE id = :p"),
                           {"p": pair_id}).one()
    assert (row.reporting, row.ended_on, row.status) == ("quarterly", date(2026, 10, 20), "closed")
    assert events_pb2.PairClosed.DESCRIPTOR.fields_by_name["closed_on"].number == 8
    with engines["admin"].begin() as conn:
        conn.execute(text("INSERT INTO reminder_recipients VALUES (:o, :m, :r, :e) ON CONFLICT DO NOTHING"),
                     {"o": tenants.school_a, "m": tenants.m1_id, "r": tenants.region_id, "e": CURATOR_MAIL})
    send = SmtpSender(f"smtp://127.0.0.1:{port}", sender="nastavnichestvo@test.example")
    number = f"пара №{pair_id[:8]}"

    def ours() -> list[str]:
        return [mail_body(m) for _, m in inbox.messages
                if "что нужно сделать" in str(m["Subject"]) and number.capitalize() in mail_body(m)]

    run_once(engines["app"], engines["system"], send, today=date(2026, 10, 20), link_base="https://nastavnik.test")
    assert ours() == [], "the period ends on the day of the close: not due yet"
    run_once(engines["app"], engines["system"], send, today=date(2026, 10, 21), link_base="https://nastavnik.test")
    run_once(engines["app"], engines["system"], send, today=date(2026, 10, 21), link_base="https://nastavnik.test")
    run_once(engines["app"], engines["system"], send, today=date(2027, 3, 1), link_base="https://nastavnik.test")
    [body] = ours()
    assert "отчёт за период №1 (01.09.2026–20.10.2026) не сдан" in body and "период №2" not in body
    assert event.data["mentee_id"] not in body
    with engines["admin"].connect() as conn:
        sent = conn.execute(text("SELECT kind, condition FROM sent_work_reminders WHERE pair_id = :p"),
                            {"p": pair_id}).all()
    assert [tuple(r) for r in sent] == [("report_due", "period-1")]


def test_lists_saved_before_the_event_existed_are_announced_once_by_migration_0012(  # type: ignore[no-untyped-def]
        engines, tenants) -> None:
    """The data step of monitoring 0012 run in a transaction that is rolled back: nothing reaches the relay."""
    import importlib.util
    from pathlib import Path

    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    path = next((Path(__file__).parents[2] / "services/monitoring/migrations/versions").glob("0012_*.py"))
    spec = importlib.util.spec_from_file_location("monitoring_0012", path)
    assert spec and spec.loader
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with engines["admin"].connect() as conn, conn.begin() as transaction:
        conn.execute(text("INSERT INTO reminder_recipients VALUES (:o, :m, :r, 'x@school-b.example'), "
                          "(:o, :m, :r, 'y@school-b.example') ON CONFLICT DO NOTHING"),
                     {"o": tenants.school_b, "m": tenants.m2_id, "r": tenants.region_id})
        with Operations.context(MigrationContext.configure(conn)):
            migration.upgrade()
        envelope = conn.execute(text("SELECT envelope FROM outbox WHERE message_key = :o AND envelope->>'type' = "
                                     "'mentorship.monitoring.reminder_recipients_changed.v1'"),
                                {"o": tenants.school_b}).scalar_one()
        transaction.rollback()
    assert envelope["data"]["emails"][-2:] == ["x@school-b.example", "y@school-b.example"]
    assert (envelope["org_id"], envelope["municipality_id"]) == (tenants.school_b, tenants.m2_id)
