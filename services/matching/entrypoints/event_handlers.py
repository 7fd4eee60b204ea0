"""Registry events that end pairs and group places: consent withdrawn, mentor or mentee out of the base (ADR 006).

Each runs in the idempotent consumer's transaction, bound to the event's school, and emits ``PairClosed``,
``GroupMemberLeft`` and ``GroupClosed`` through the outbox in that same transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from matching.adapters.sql_unit_of_work import EventUnitOfWork
from matching.domain import commands
from matching.service_layer.group_handlers import leave_groups_of
from matching.service_layer.pair_handlers import close_pairs_of
from mentorship.registry.v1 import events_pb2
from mentorship.registry.v1 import persons_pb2 as ppb
from mentorship_kit.consumer import EventHandler
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Scope

REGISTRY_TOPIC = "registry.events"
CONSENT_WITHDRAWN = "согласие на обработку персональных данных отозвано"


def _uow(session: Session, envelope: Envelope) -> EventUnitOfWork:
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    school = Principal(user_id="system:matching-consumer", roles=frozenset(), scope=Scope.ORG,
                       org_id=envelope.org_id, municipality_id=envelope.municipality_id,
                       region_id=envelope.region_id)
    return EventUnitOfWork(session, principal=school)


def _end_all_of(cmd: commands.ClosePairsOf, session: Session, envelope: Envelope) -> None:
    """The person's active pairs close and they leave (or, as a mentor, end) their active groups."""
    close_pairs_of(cmd, _uow(session, envelope))
    leave_groups_of(cmd, _uow(session, envelope))


def on_consent_withdrawn(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.ConsentChanged)
    if event.valid or event.purpose != ppb.CONSENT_PURPOSE_PARTICIPATION:
        return  # the regional-base consent publishes a profile; pairs do not depend on it
    if event.mentor_id or event.mentee_id:
        _end_all_of(commands.ClosePairsOf(mentor_id=event.mentor_id, mentee_id=event.mentee_id,
                                          reason=CONSENT_WITHDRAWN), session, envelope)


def on_mentor_deactivated(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.MentorChanged)
    reason = f"наставник выведен из базы: {event.reason}" if event.reason else "наставник выведен из базы"
    _end_all_of(commands.ClosePairsOf(mentor_id=event.mentor_id, reason=reason), session, envelope)


def on_mentee_deactivated(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.MenteeChanged)
    _end_all_of(commands.ClosePairsOf(mentee_id=event.mentee_id, reason="наставляемый выведен из базы"), session,
                envelope)


HANDLERS: dict[str, EventHandler] = {
    "mentorship.registry.consent_withdrawn.v1": on_consent_withdrawn,
    "mentorship.registry.mentor_deactivated.v1": on_mentor_deactivated,
    "mentorship.registry.mentee_deactivated.v1": on_mentee_deactivated,
}
