"""Digests of open requests for a municipality-wide or region-wide matching run (ADR 009): counts, topics and
forms — never a name or an id that points at a person. The outer contour's caller only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from mentorship_kit.errors import FieldProblem, Forbidden, ValidationFailed
from mentorship_kit.policy import Action, Reach, require, within_reach
from mentorship_kit.principal import Principal
from mentorship_kit.request_token import request_token

MAX_PAGE = 2000


@dataclass(frozen=True)
class RequestDigest:
    token: str
    org_id: str
    municipality_id: str
    topics: tuple[str, ...]
    desired_form: str
    person_kind: str


@dataclass(frozen=True)
class DigestRow:
    """What the reader returns: the request id stays inside the registry, only its token leaves."""

    request_id: str
    org_id: str
    municipality_id: str
    topics: tuple[str, ...]
    desired_form: str
    person_kind: str


class DigestReader(Protocol):
    def open_requests(self, principal: Principal, *, municipality_id: str, limit: int,
                      offset: int) -> list[DigestRow]: ...


def list_request_digests(principal: Principal, reader: DigestReader, *, municipality_id: str = "",
                         page_size: int = 500, page_token: str = "") -> tuple[list[RequestDigest], str]:
    granted = require(principal, Action.MATCHING_REGIONAL_RUN)
    if municipality_id:
        try:
            uuid.UUID(municipality_id)
        except ValueError:
            raise ValidationFailed([FieldProblem("municipality_id", "Неверный идентификатор муниципалитета")]) from None
    if municipality_id and not within_reach(principal, granted, municipality_id=municipality_id,
                                            region_id=principal.region_id):
        raise Forbidden("Муниципалитет вне вашей зоны ответственности")
    if granted is Reach.OWN_MUNICIPALITY:
        municipality_id = principal.municipality_id or ""
    try:
        offset = int(page_token or "0")
    except ValueError:
        raise ValidationFailed([FieldProblem("page_token", "Неверная отметка страницы")]) from None
    size = max(1, min(page_size or 500, MAX_PAGE))
    rows = reader.open_requests(principal, municipality_id=municipality_id, limit=size + 1, offset=max(0, offset))
    more = len(rows) > size
    digests = [RequestDigest(token=request_token(r.request_id), org_id=r.org_id, municipality_id=r.municipality_id,
                             topics=r.topics, desired_form=r.desired_form, person_kind=r.person_kind)
               for r in rows[:size]]
    return digests, str(offset + size) if more else ""
