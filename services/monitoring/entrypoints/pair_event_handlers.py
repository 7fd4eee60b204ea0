"""matching.events into monitoring's pairs (ADR 008): ``pair_formed`` puts a pair in, ``pair_closed`` (an early
close) and ``pair_completed`` (the normal end) end it; ``group_formed``, ``group_member_left`` and ``group_closed``
do the same for groups. Each runs in the idempotent consumer's transaction,
bound to the event's school; the pair's version keeps duplicates and late events from undoing a newer state."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mentorship.matching.v1 import events_pb2
from mentorship_kit.consumer import EventHandler
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Scope
from monitoring.adapters.sql_unit_of_work import EventUnitOfWork
from monitoring.domain import commands
from monitoring.domain.pairs import PairStatus, facet_values
from monitoring.service_layer.group_handlers import LearnGroup, learn_group
from monitoring.service_layer.pair_events import learn_pair

MATCHING_TOPIC = "matching.events"


def _uow(session: Session, envelope: Envelope) -> EventUnitOfWork:
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    school = Principal(user_id="system:monitoring-consumer", roles=frozenset(), scope=Scope.ORG,
                       org_id=envelope.org_id, municipality_id=envelope.municipality_id,
                       region_id=envelope.region_id)
    return EventUnitOfWork(session, principal=school)


def on_pair_formed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.PairFormed)
    form, kind, status = facet_values(event.state.facets)
    learn_pair(commands.LearnPair(
        pair_id=event.pair_id, version=event.state.version or 1, mentor_id=event.mentor_id,
        mentee_id=event.mentee_id, form=form, kind=kind, term_start=event.term_start, term_end=event.term_end,
        status=(status or PairStatus.ACTIVE).value, reporting=event.reporting), _uow(session, envelope))


def on_pair_closed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.PairClosed)
    _, _, status = facet_values(event.state.facets)
    learn_pair(commands.LearnPair(
        pair_id=event.pair_id, version=event.state.version, mentor_id=event.mentor_id, mentee_id=event.mentee_id,
        form="", kind="", term_start="", term_end="",
        status=(status if status not in (None, PairStatus.ACTIVE) else PairStatus.CLOSED).value,
        ended_on=event.closed_on or envelope.time[:10]),  # an older event: the day it was announced
        _uow(session, envelope))


def on_pair_completed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.PairCompleted)
    learn_pair(commands.LearnPair(
        pair_id=event.pair_id, version=event.state.version, mentor_id=event.mentor_id, mentee_id=event.mentee_id,
        form="", kind="", term_start="", term_end="", status=PairStatus.COMPLETED.value), _uow(session, envelope))


def _group_status(facets: list[str], *, ended: bool = False) -> str:
    """``group`` (active), ``group.closed`` or ``group.completed`` of a ``GroupState``."""
    for facet in facets:
        if facet in ("group.closed", "group.completed"):
            return facet.removeprefix("group.")
    return PairStatus.CLOSED.value if ended else PairStatus.ACTIVE.value


def on_group_formed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.GroupFormed)
    facets = list(event.state.facets)
    form = next((f.removeprefix("group.form.") for f in facets if f.startswith("group.form.")), "")
    kind = next((f.removeprefix("group.kind.") for f in facets if f.startswith("group.kind.")), "")
    learn_group(LearnGroup(group_id=event.group_id, version=event.state.version or 1,
                           status=_group_status(facets), form=form, kind=kind, term_start=event.term_start,
                           term_end=event.term_end, reporting=event.reporting, mentor_ids=tuple(event.mentor_ids),
                           mentee_ids=tuple(event.mentee_ids)), _uow(session, envelope))


def on_group_member_left(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.GroupMemberLeft)
    learn_group(LearnGroup(group_id=event.group_id, version=event.state.version,
                           status=_group_status(list(event.state.facets)), left_mentee_ids=(event.mentee_id,)),
                _uow(session, envelope))


def on_group_closed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.GroupClosed)
    status = PairStatus.COMPLETED.value if event.completed else _group_status(list(event.state.facets), ended=True)
    learn_group(LearnGroup(group_id=event.group_id, version=event.state.version, status=status,
                           ended_on=event.closed_on or envelope.time[:10]), _uow(session, envelope))


HANDLERS: dict[str, EventHandler] = {
    "mentorship.matching.pair_formed.v1": on_pair_formed,
    "mentorship.matching.pair_closed.v1": on_pair_closed,
    "mentorship.matching.pair_completed.v1": on_pair_completed,
    "mentorship.matching.group_formed.v1": on_group_formed,
    "mentorship.matching.group_member_left.v1": on_group_member_left,
    "mentorship.matching.group_closed.v1": on_group_closed,
}
