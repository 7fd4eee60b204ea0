"""The pool of a run, read from the registry as the caller (ADR 006): the registry's policy and row-level
security decide what is seen — exactly the curator's own school. Paged, 200 at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import grpc

from matching.domain.pool import Pool, PoolMentor, PoolRequest
from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import participants_pb2_grpc, persons_pb2_grpc
from mentorship.registry.v1 import persons_pb2 as ppb
from mentorship_kit.grpc_client import bearer, to_domain_error
from mentorship_kit.proto_enums import to_name

PAGE = 200
CALL_TIMEOUT_SECONDS = 10.0


class RegistryStubs:
    """The registry's stubs on one channel, built once by the composition root."""

    def __init__(self, channel: grpc.Channel) -> None:
        self.persons = persons_pb2_grpc.PersonServiceStub(channel)
        self.bases = participants_pb2_grpc.ParticipantServiceStub(channel)


class RegistryPool:
    """A ``PoolSource`` for one RPC: the caller's verified token travels on to the registry."""

    def __init__(self, stubs: RegistryStubs, token: str) -> None:
        self._stubs = stubs
        self._token = token

    def _pages(self, method: Callable[..., Any], make: Callable[[str], Any], items: str) -> Iterator[Any]:
        token = ""
        while True:
            try:
                reply = method(make(token), metadata=bearer(self._token), timeout=CALL_TIMEOUT_SECONDS)
            except grpc.RpcError as err:
                raise to_domain_error(err) from None
            yield from getattr(reply, items)
            token = reply.next_page_token
            if not token:
                return

    def _persons(self, base: int) -> dict[str, ppb.Person]:
        found = self._pages(self._stubs.persons.ListPersons,
                            lambda t: ppb.ListPersonsRequest(base=base, page_size=PAGE, page_token=t),  # type: ignore[arg-type]
                            "persons")
        return {p.id: p for p in found}

    def snapshot(self) -> Pool:
        return self._pool(lambda t: pb.ListRequestsRequest(status=pb.REQUEST_STATUS_OPEN, page_size=PAGE,
                                                           page_token=t))

    def snapshot_for(self, request_id: str, mentee_id: str) -> Pool:
        """The school's mentors and this one request, whatever its status: a mentor being replaced keeps the
        request matched (ADR 007), and a released one may not be reopened by the registry's consumer yet."""
        pool = self._pool(lambda t: pb.ListRequestsRequest(mentee_id=mentee_id, page_size=PAGE, page_token=t))
        return Pool(mentors=pool.mentors, requests=tuple(r for r in pool.requests if r.id == request_id))

    def _pool(self, requests_page: Callable[[str], pb.ListRequestsRequest]) -> Pool:
        people = {**self._persons(ppb.BASE_FILTER_MENTORS), **self._persons(ppb.BASE_FILTER_MENTEES)}
        mentors = [self._mentor(m, people.get(m.person_id)) for m in self._pages(
            self._stubs.bases.ListMentors,
            lambda t: pb.ListMentorsRequest(active_only=True, page_size=PAGE, page_token=t), "mentors")]
        mentees = {m.id: m for m in self._pages(
            self._stubs.bases.ListMentees,
            lambda t: pb.ListMenteesRequest(active_only=True, page_size=PAGE, page_token=t), "mentees")}
        requests = [r for r in (self._request(q, mentees.get(q.mentee_id), people) for q in self._pages(
            self._stubs.bases.ListRequests, requests_page, "requests")) if r is not None]
        return Pool(mentors=tuple(m for m in mentors if m is not None), requests=tuple(requests))

    @staticmethod
    def _mentor(m: pb.Mentor, person: ppb.Person | None) -> PoolMentor | None:
        if person is None:  # a walking-skeleton mentor without a person: never pairable
            return None
        card = m.card
        return PoolMentor(
            id=m.id, full_name=m.full_name, origin=to_name(pb.MentorOrigin, m.origin),
            person_kind=to_name(ppb.PersonKind, person.data.kind), capacity=m.capacity, grade=person.grade or None,
            course=_course(person),
            subjects=tuple(m.subjects), competencies=tuple(m.competencies), interests=tuple(card.interests),
            experience_years=card.experience_years, age_group=to_name(pb.AgeGroup, card.age_group),
            hours_per_month=card.hours_per_month, pairable=m.pairable and m.active,
            blockers=tuple(m.pairing_blockers), person_id=m.person_id)

    @staticmethod
    def _request(q: pb.MentoringRequest, mentee: pb.Mentee | None,
                 people: dict[str, ppb.Person]) -> PoolRequest | None:
        if mentee is None:  # the mentee left the base: the registry withdraws such requests
            return None
        person = people.get(mentee.person_id)
        return PoolRequest(
            id=q.id, mentee_id=q.mentee_id, mentee_name=q.mentee_name or mentee.full_name,
            person_kind=to_name(ppb.PersonKind, mentee.person_kind), topics=tuple(q.topics),
            desired_form=to_name(pb.MentoringForm, q.desired_form), class_name=mentee.class_name,
            categories=tuple(to_name(pb.MenteeCategory, c) for c in mentee.categories), mentee_active=mentee.active,
            consent_valid=bool(person and person.participation_consent), person_id=mentee.person_id,
            experience_years=years_since(person.data.pedagogical_since or person.data.hired_on) if person else None,
            course=_course(person) if person else None)


def years_since(hired_on: str, *, today: date | None = None) -> int | None:
    """A staff mentee's pedagogical стаж in whole years from the date pedagogical service began (the hiring date
    when that is not recorded); None when not given (ADR 006 — the pool stays the registry's words)."""
    try:
        hired = date.fromisoformat(hired_on) if hired_on else None
    except ValueError:
        return None
    if hired is None:
        return None
    today = today or date.today()
    return max(0, today.year - hired.year - ((today.month, today.day) < (hired.month, hired.day)))


def _course(person: ppb.Person) -> int | None:
    """A college student's course (the registry checked it: 1–5); None for everyone else."""
    value = person.data.course_year
    return int(value) if value.isdigit() else None
