"""The opaque token a school's request travels under outside the school (ADR 009).

A one-way function of the request id: the outer contour (municipality, region) sees only tokens and can never
turn one back into a request, a mentee or a person; the school, which holds its own request ids, recomputes the
tokens of its open requests and finds which of them a proposal names. Request ids are random UUIDs, so a token
cannot be guessed from outside either.
"""

from __future__ import annotations

import uuid

_NAMESPACE = uuid.UUID("4f0d7c52-58d5-4b8e-9a52-0c6f1e3b7a11")


def request_token(request_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, str(request_id)))
