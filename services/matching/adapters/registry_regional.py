"""What a municipality-wide or region-wide run reads from the registry, as its caller (ADR 009): the regional
base's public profiles and the schools' request digests — never a name or id of a student."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import grpc

from matching.domain.regional import PublicMentor, RequestDigest
from mentorship.registry.v1 import digests_pb2 as dpb
from mentorship.registry.v1 import digests_pb2_grpc, participants_pb2_grpc
from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import persons_pb2 as ppb
from mentorship_kit.grpc_client import bearer, to_domain_error
from mentorship_kit.proto_enums import to_name

PUBLIC_PAGE = 200
DIGEST_PAGE = 2000
CALL_TIMEOUT_SECONDS = 20.0


class RegionalStubs:
    def __init__(self, channel: grpc.Channel) -> None:
        self.bases = participants_pb2_grpc.ParticipantServiceStub(channel)
        self.digests = digests_pb2_grpc.RequestDigestServiceStub(channel)


class RegistryRegional:
    """A ``RegionalSource`` for one RPC: the caller's verified token travels on to the registry."""

    def __init__(self, stubs: RegionalStubs, token: str) -> None:
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

    def public_mentors(self) -> list[PublicMentor]:
        found = self._pages(self._stubs.bases.SearchPublicMentors,
                            lambda t: pb.SearchPublicMentorsRequest(page_size=PUBLIC_PAGE, page_token=t), "mentors")
        return [PublicMentor(id=m.mentor_id, full_name=m.full_name, organisation=m.organisation, org_id=m.org_id,
                             origin=to_name(pb.MentorOrigin, m.origin), subjects=tuple(m.subjects),
                             competencies=tuple(m.competencies), capacity=m.capacity)
                for m in found if m.org_id and m.capacity > 0]

    def digests(self, municipality_id: str) -> list[RequestDigest]:
        found = self._pages(self._stubs.digests.ListRequestDigests,
                            lambda t: dpb.ListRequestDigestsRequest(municipality_id=municipality_id,
                                                                   page_size=DIGEST_PAGE, page_token=t), "digests")
        return [RequestDigest(token=d.token, org_id=d.org_id, municipality_id=d.municipality_id,
                              topics=tuple(d.topics), desired_form=to_name(pb.MentoringForm, d.desired_form),
                              person_kind=to_name(ppb.PersonKind, d.person_kind) or "student") for d in found]
