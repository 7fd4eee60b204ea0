"""The event envelope every service publishes: CloudEvents attributes around a proto payload."""

from __future__ import annotations

import builtins
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message

from mentorship_kit.proto_dict import message_to_dict


class MalformedEnvelope(ValueError):
    pass


@dataclass(frozen=True)
class Envelope:
    type: str
    source: str
    subject: str
    data: dict[str, Any]
    org_id: str | None = None
    municipality_id: str | None = None
    region_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    traceparent: str | None = None
    specversion: str = "1.0"
    datacontenttype: str = "application/json"

    @classmethod
    def wrap(cls, *, type: str, source: str, subject: str, payload: Message, org_id: str | None,
             municipality_id: str | None, region_id: str | None, traceparent: str | None) -> Envelope:
        data = message_to_dict(payload)  # MessageToDict's dict, by a plan per message type (ADR 034)
        return cls(type=type, source=source, subject=subject, data=data, org_id=org_id,
                   municipality_id=municipality_id, region_id=region_id, traceparent=traceparent)

    def payload(self, message_cls: builtins.type[Message]) -> Any:  # `type` is a field here
        return json_format.ParseDict(self.data, message_cls(), ignore_unknown_fields=True)

    def to_dict(self) -> dict[str, Any]:
        # Shallow: ``asdict`` deep-copied the payload of every outbox row (an eighth of an import's write, ADR 026).
        # The payload is the envelope's own fresh dict (``wrap`` builds it), never shared with a caller.
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Envelope:
        try:
            doc = json.loads(raw)
            known = {k: doc[k] for k in cls.__dataclass_fields__ if k in doc}
            envelope = cls(**known)
            uuid.UUID(envelope.id)
        except (ValueError, TypeError, KeyError) as exc:
            raise MalformedEnvelope(str(exc)) from exc
        if not isinstance(envelope.data, dict) or not envelope.type:
            raise MalformedEnvelope("envelope without type or data")
        return envelope
