"""The registry's reminders by e-mail against a real SMTP server (aiosmtpd, started here) and the real database
(ADR 017 addendum): a roadmap item due this month is mailed once across two passes and again only in a new
condition; the claims sit under row-level security like the school's other rows; no item text leaves."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, create_engine, text

from embedded_stack.stack import Stack
from mentorship_kit.errors import Conflict
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.adapters.smtp_sender import SmtpSender
from registry.adapters.sql_unit_of_work import RegistryUnitOfWork
from registry.domain.documents import Kind, OwnerLevel
from registry.service_layer import document_handlers
from registry.service_layer.document_reminders import ReminderClaims, send_document_reminders

MAIL = "curator-c@school.example"
DUE = date(2031, 3, 17)
SECRET = "Занятие с Сидоровым Колей"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture(scope="module")
def engines(stack: Stack) -> Iterator[dict[str, Engine]]:
    db = stack.databases["registry"]
    made = {"admin": create_engine(db.admin_url), "app": create_engine(db.app_url)}
    yield made
    for engine in made.values():
        engine.dispose()


def _claims(uow: Any) -> ReminderClaims:
    return cast(ReminderClaims, uow.reminder_claims)


def test_a_roadmap_item_due_this_month_is_mailed_once(engines, tenants, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    curator = Principal(user_id="registry-reminders", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                        org_id=tenants.school_c, municipality_id=tenants.m1_id, region_id=tenants.region_id,
                        display_name="Куратор")

    def uow() -> RegistryUnitOfWork:
        return RegistryUnitOfWork(engines["app"], principal=curator)

    try:
        doc = document_handlers.create(Kind.ROADMAP, OwnerLevel.SCHOOL, uow())
    except Conflict:
        [doc] = document_handlers.list_headers(Kind.ROADMAP, tenants.school_c, "", uow())
    doc, _ = document_handlers.get(doc.id, 0, uow())
    content = doc.content
    content["stages"][0]["items"] = [{"activity": SECRET, "period": "", "starts_on": "", "due_on": DUE.isoformat(),
                                      "responsible": "", "result": ""}]
    document_handlers.save_draft(doc.id, doc.revision, doc.title, content, uow())
    with engines["admin"].begin() as conn:
        conn.execute(text("INSERT INTO reminder_recipients VALUES (:o, :m, :r, :e) ON CONFLICT DO NOTHING"),
                     {"o": tenants.school_c, "m": tenants.m1_id, "r": tenants.region_id, "e": MAIL})

    sender = SmtpSender(f"smtp://127.0.0.1:{port}", sender="robot@nast.example")
    before = len(inbox.messages)
    assert send_document_reminders(uow(), _claims, sender, today=DUE, link_base="https://nast.example") >= 1
    assert send_document_reminders(uow(), _claims, sender, today=DUE, link_base="https://nast.example") == 0
    assert len(inbox.messages) == before + 1, "one letter across two passes"
    to, message = inbox.messages[-1]
    body = cast(EmailMessage, message).get_content()
    assert to == [MAIL] and "срок до 17.03.2031" in body and f"/documents/{doc.id}" in body
    assert SECRET not in body and "Сидоров" not in body

    other = Principal(user_id="x", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=tenants.school_b,
                      municipality_id=tenants.m2_id, region_id=tenants.region_id)
    with RegistryUnitOfWork(engines["app"], principal=other) as foreign:
        assert foreign.reminder_claims.recipients() == [], "another school sees no addresses"
    with engines["admin"].connect() as conn:
        claimed = conn.execute(text("SELECT count(*) FROM sent_document_reminders WHERE document_id = :d"),
                               {"d": doc.id}).scalar_one()
    assert claimed >= 1
