"""monitoring.events → the registry: the school's reminder addresses (ADR 017 addendum, ADR 018). Runs in the
idempotent consumer's transaction, bound to the event's school; every other monitoring event is not the
registry's business and is only recorded as seen."""

from __future__ import annotations

from typing import cast

from sqlalchemy.orm import Session

from mentorship.monitoring.v1 import events_pb2
from mentorship_kit.consumer import EventHandler
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Scope
from registry.adapters.sql_unit_of_work import EventUnitOfWork
from registry.service_layer.document_reminders import ReminderClaims, learn_recipients
from registry.service_layer.unit_of_work import UnitOfWork

MONITORING_TOPIC = "monitoring.events"


def _uow(envelope: Envelope, session: Session) -> EventUnitOfWork:
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    school = Principal(user_id="system:registry-consumer", roles=frozenset(), scope=Scope.ORG,
                       org_id=envelope.org_id, municipality_id=envelope.municipality_id,
                       region_id=envelope.region_id)
    return EventUnitOfWork(session, principal=school)


def _claims(uow: UnitOfWork) -> ReminderClaims:
    return cast(EventUnitOfWork, uow).reminder_claims


def on_reminder_recipients_changed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.ReminderRecipientsChanged)
    learn_recipients(cast(UnitOfWork, _uow(envelope, session)), _claims, list(event.emails))


HANDLERS: dict[str, EventHandler] = {
    "mentorship.monitoring.reminder_recipients_changed.v1": on_reminder_recipients_changed,
}
