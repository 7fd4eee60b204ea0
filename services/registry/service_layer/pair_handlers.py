"""What matching's pairs do to the registry's requests (ADR 007): the use cases of the consumer of
``matching.events``. No policy check: the event is matching's committed fact, and the unit of work is bound to
the event's school, so row-level security keeps each event inside that school.

Both are idempotent: a duplicate (the relay republishes) or an event about a request the pair no longer holds
changes nothing and says why in the log.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from registry.domain import commands, events, mentees
from registry.domain.mentees import MentoringRequest
from registry.service_layer.lookups import uuid_of
from registry.service_layer.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def match_request_by_pair(cmd: commands.MatchRequestByPair, uow: UnitOfWork) -> MentoringRequest | None:
    """PairFormed → the request becomes matched, with the pair recorded on it; one status event."""
    request_id = uuid_of(cmd.request_id, "request_id", "запрос")
    pair_id = uuid_of(cmd.pair_id, "pair_id", "пара")
    with uow:
        found = uow.mentees.request_status(request_id, lock=True)
        if found is None:  # not in this school (row-level security) or never existed
            log.warning("pair %s formed for request %s, which this school does not have: ignored", pair_id, request_id)
            return None
        changed, why = mentees.match_by_pair(found, pair_id, now=datetime.now(UTC))
        log.info("pair %s formed for request %s: %s", pair_id, request_id, why)
        if changed is None:
            return None
        uow.mentees.save_request(changed)
        if changed.status is not found.status:
            uow.collect(events.MentoringRequestStatusChanged(changed))
        uow.commit()
    return changed


def match_requests_by_group(cmd: commands.MatchRequestsByGroup, uow: UnitOfWork) -> list[MentoringRequest]:
    """GroupFormed → every request of the group becomes matched, held by the group (its id in ``pair_id``: the
    request only records what holds it); one status event each, all in the consumer's one transaction."""
    group_id = uuid_of(cmd.group_id, "group_id", "группа")
    request_ids = [uuid_of(r, "request_id", "запрос") for r in cmd.request_ids]
    changed_all: list[MentoringRequest] = []
    with uow:
        for request_id in sorted(request_ids):  # one lock order for every consumer: no deadlock
            found = uow.mentees.request_status(request_id, lock=True)
            if found is None:
                log.warning("group %s formed for request %s, which this school does not have: ignored",
                            group_id, request_id)
                continue
            changed, why = mentees.match_by_pair(found, group_id, now=datetime.now(UTC))
            log.info("group %s formed for request %s: %s", group_id, request_id, why)
            if changed is None:
                continue
            uow.mentees.save_request(changed)
            if changed.status is not found.status:
                uow.collect(events.MentoringRequestStatusChanged(changed))
            changed_all.append(changed)
        uow.commit()
    return changed_all


def release_request_of_pair(cmd: commands.ReleaseRequestOfPair, uow: UnitOfWork) -> MentoringRequest | None:
    """PairClosed early → the request held by the pair opens again, if its mentee is still in the base."""
    pair_id = uuid_of(cmd.pair_id, "pair_id", "пара")
    with uow:
        found = uow.mentees.request_of_pair(pair_id, lock=True)  # the request first: the mentee is only read
        if found is None:
            log.info("pair %s closed: no request of this school is held by it", pair_id)
            return None
        changed, why = mentees.release_by_pair(found, pair_id, mentee_active=uow.mentees.mentee_active(found.mentee_id),
                                               completed=cmd.completed, reason=cmd.reason, now=datetime.now(UTC),
                                               replacing=cmd.replacing)
        log.info("pair %s closed, request %s: %s", pair_id, found.id, why)
        if changed is None:
            return None
        uow.mentees.save_request(changed)
        uow.collect(events.MentoringRequestStatusChanged(changed))
        uow.commit()
    return changed


GROUP_ENDED = "Участие в группе наставничества прекращено"


def release_requests_of_group(cmd: commands.ReleaseRequestsOfGroup, uow: UnitOfWork) -> list[MentoringRequest]:
    """GroupMemberLeft / GroupClosed early → each request still held by the group opens again if its mentee is in
    the base (as for a pair closed early); a completed group, or a request no longer held by it, changes nothing."""
    group_id = uuid_of(cmd.group_id, "group_id", "группа")
    request_ids = [uuid_of(r, "request_id", "запрос") for r in cmd.request_ids]
    changed_all: list[MentoringRequest] = []
    with uow:
        for request_id in sorted(request_ids):  # one lock order for every consumer: no deadlock
            found = uow.mentees.request_status(request_id, lock=True)
            if found is None:
                log.info("group %s ended for request %s, which this school does not have: ignored", group_id,
                         request_id)
                continue
            changed, why = mentees.release_by_pair(
                found, group_id, mentee_active=uow.mentees.mentee_active(found.mentee_id), completed=cmd.completed,
                reason=cmd.reason, now=datetime.now(UTC), ended=GROUP_ENDED)
            log.info("group %s ended for request %s: %s", group_id, request_id, why)
            if changed is None:
                continue
            uow.mentees.save_request(changed)
            uow.collect(events.MentoringRequestStatusChanged(changed))
            changed_all.append(changed)
        uow.commit()
    return changed_all
