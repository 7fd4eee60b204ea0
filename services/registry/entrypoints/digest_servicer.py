"""gRPC entry point of request digests for municipality-wide and region-wide matching runs (ADR 009)."""

from __future__ import annotations

import grpc

from mentorship.registry.v1 import digests_pb2 as pb
from mentorship.registry.v1 import digests_pb2_grpc, persons_pb2
from mentorship.registry.v1 import participants_pb2 as ppb
from mentorship_kit.grpc_server import current_principal
from mentorship_kit.proto_enums import to_number
from registry.service_layer.digest_handlers import DigestReader, list_request_digests


class RequestDigestServicer(digests_pb2_grpc.RequestDigestServiceServicer):
    def __init__(self, reader: DigestReader) -> None:
        self._reader = reader

    def ListRequestDigests(self, request: pb.ListRequestDigestsRequest,
                           context: grpc.ServicerContext) -> pb.ListRequestDigestsResponse:
        digests, token = list_request_digests(current_principal(), self._reader,
                                              municipality_id=request.municipality_id,
                                              page_size=request.page_size, page_token=request.page_token)
        return pb.ListRequestDigestsResponse(next_page_token=token, digests=[pb.RequestDigest(
            token=d.token, org_id=d.org_id, municipality_id=d.municipality_id, topics=list(d.topics),
            desired_form=to_number(ppb.MentoringForm, d.desired_form),  # type: ignore[arg-type]
            person_kind=to_number(persons_pb2.PersonKind, d.person_kind))  # type: ignore[arg-type]
            for d in digests])
