"""The registry's reminders by e-mail against a real SMTP server (aiosmtpd, tests/support.py) and the real database
(ADR 017 addendum): a roadmap item due this month is mailed once across two passes and again only in a new
condition; the claims sit under row-level security like the school's other rows; no item text leaves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from typing import Any, cast

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from embedded_stack.stack import Stack
from mentorship.monitoring.v1 import events_pb2
from mentorship_kit.consumer import IdempotentConsumer
from mentorship_kit.envelope import Envelope
from mentorship_kit.errors import Conflict
from mentorship_kit.principal import Principal, Role, Scope
from mentorship_kit.smtp import SmtpSender
from registry.adapters.sql_unit_of_work import RegistryUnitOfWork
from registry.domain.documents import Kind, OwnerLevel
from registry.entrypoints.monitoring_event_handlers import HANDLERS
from registry.service_layer import document_handlers
from registry.service_layer.document_reminders import ReminderClaims, send_document_reminders

MAIL = "curator-c@school.example"
DUE = date(2031, 3, 17)
SECRET = "Занятие с Сидоровым Колей"


@pytest.fixture(scope="module")
def engines(stack: Stack) -> Iterator[dict[str, Engine]]:
    db = stack.databases["registry"]
    made = {"admin": create_engine(db.admin_url), "app": create_engine(db.app_url),
            "system": create_engine(db.system_url)}
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


def _changed(org: str, municipality: str, region: str, emails: list[str]) -> Envelope:
    return Envelope.wrap(type="mentorship.monitoring.reminder_recipients_changed.v1", source="/mentorship/monitoring",
                         subject=f"schools/{org}/reminder-recipients",
                         payload=events_pb2.ReminderRecipientsChanged(emails=emails), org_id=org,
                         municipality_id=municipality, region_id=region, traceparent=None)


def test_the_projector_replaces_only_the_event_schools_addresses_and_reads_none(  # type: ignore[no-untyped-def]
        engines, tenants) -> None:
    with engines["admin"].begin() as conn:
        conn.execute(text("INSERT INTO reminder_recipients VALUES (:o, :m, :r, 'keep@school-c.example') "
                          "ON CONFLICT DO NOTHING"), {"o": tenants.school_c, "m": tenants.m1_id,
                                                       "r": tenants.region_id})
    consumer = IdempotentConsumer(engines["system"], HANDLERS)
    first = _changed(tenants.school_b, tenants.m2_id, tenants.region_id, ["a@school-b.example", "b@school-b.example"])
    assert consumer.apply(first) and not consumer.apply(first), "a duplicate delivery is skipped"
    assert consumer.apply(_changed(tenants.school_b, tenants.m2_id, tenants.region_id, ["b@school-b.example"]))

    def addresses(org: str) -> list[str]:
        with engines["admin"].connect() as conn:
            return list(conn.execute(text("SELECT email FROM reminder_recipients WHERE org_id = :o ORDER BY email"),
                                     {"o": org}).scalars())

    assert addresses(tenants.school_b) == ["b@school-b.example"], "the whole list replaces the school's"
    assert "keep@school-c.example" in addresses(tenants.school_c), "another school's addresses stay"
    with pytest.raises(DBAPIError, match="permission denied"), engines["system"].connect() as conn:
        conn.execute(text("SELECT email FROM reminder_recipients")).all()
