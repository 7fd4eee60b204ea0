"""The wire form of matching's events: counted facets, ids and dates — never a name (ADR 006)."""

from __future__ import annotations

from google.protobuf.message import Message

from matching.domain import events
from matching.domain.facets import group_facets, pair_facets
from matching.domain.groups import Group, GroupStatus
from matching.domain.pairs import Pair
from mentorship.matching.v1 import events_pb2
from mentorship_kit.unit_of_work import OutgoingEvent

TOPIC = "matching.events"
SOURCE = "/mentorship/matching"


def pair_state(pair: Pair) -> events_pb2.PairState:
    return events_pb2.PairState(pair_id=pair.id, version=pair.version, facets=pair_facets(pair))


def group_state(group: Group) -> events_pb2.GroupState:
    return events_pb2.GroupState(group_id=group.id, version=group.version, facets=group_facets(group))


def encode_event(event: object) -> OutgoingEvent:
    match event:
        case events.PairFormed(pair=p, mode=mode):
            payload = events_pb2.PairFormed(
                pair_id=p.id, run_id=p.run_id, mode=mode, mentor_id=p.mentor_id, mentee_id=p.mentee_id,
                request_id=p.request_id, term_start=p.term_start.isoformat(), term_end=p.term_end.isoformat(),
                state=pair_state(p), reporting=p.reporting)
            return _out("pair_formed", p, payload)
        case events.PairClosed(pair=p, replacing=replacing):
            closed = events_pb2.PairClosed(pair_id=p.id, mentor_id=p.mentor_id, mentee_id=p.mentee_id,
                                           reason=p.close_reason, state=pair_state(p), replacing=replacing,
                                           request_id=p.request_id,
                                           closed_on=p.closed_at.date().isoformat() if p.closed_at else "")
            return _out("pair_closed", p, closed)
        case events.GroupFormed(group=g, mode=mode):
            formed = events_pb2.GroupFormed(
                group_id=g.id, run_id=g.run_id, mode=mode, mentor_ids=list(g.mentor_ids),
                request_ids=[m.request_id for m in g.members], mentee_ids=[m.mentee_id for m in g.members],
                term_start=g.term_start.isoformat(), term_end=g.term_end.isoformat(),
                state=group_state(g), reporting=g.reporting)
            return _out("group_formed", g, formed, subject=f"groups/{g.id}")
        case events.GroupMemberLeft(group=g, member=m):
            left = events_pb2.GroupMemberLeft(group_id=g.id, request_id=m.request_id, mentee_id=m.mentee_id,
                                              mentor_id=m.mentor_id, reason=m.left_reason, state=group_state(g))
            return _out("group_member_left", g, left, subject=f"groups/{g.id}")
        case events.GroupClosed(group=g, members=members):
            ended = events_pb2.GroupClosed(
                group_id=g.id, mentor_ids=list(g.mentor_ids), request_ids=[m.request_id for m in members],
                mentee_ids=[m.mentee_id for m in members], reason=g.close_reason,
                completed=g.status is GroupStatus.COMPLETED, state=group_state(g),
                closed_on=g.closed_at.date().isoformat() if g.closed_at else "")
            return _out("group_closed", g, ended, subject=f"groups/{g.id}")
        case events.PairCompleted(pair=p):
            completed = events_pb2.PairCompleted(pair_id=p.id, mentor_id=p.mentor_id, mentee_id=p.mentee_id,
                                                 request_id=p.request_id, result=p.result, state=pair_state(p))
            return _out("pair_completed", p, completed)
        case events.MentorReplaced(old=old, new=new, petition=petition):
            replaced = events_pb2.MentorReplaced(
                old_pair_id=old.id, new_pair_id=new.id, request_id=new.request_id, mentee_id=new.mentee_id,
                old_mentor_id=old.mentor_id, new_mentor_id=new.mentor_id, petition=petition, state=pair_state(new))
            return _out("mentor_replaced", new, replaced)
    raise TypeError(f"no wire form for {type(event).__name__}")


def _out(kind: str, p: Pair | Group, payload: Message, *, subject: str = "") -> OutgoingEvent:
    return OutgoingEvent(type=f"mentorship.matching.{kind}.v1", subject=subject or f"pairs/{p.id}", payload=payload,
                         org_id=p.org_id, municipality_id=p.municipality_id, region_id=p.region_id)
