"""Proto replies as the gateway reads them: typed, frozen read models built once, in the client.

The convention of the read path (docs/architecture.md):

- every client method returns a :class:`ReadModel` (or a list of them), never a proto message or a dict;
- a read model is named after its proto message plus ``Read`` (``Mentor`` → ``MentorRead``; a paged list
  ``…PageRead``), names that message in ``contract`` and has exactly its fields;
- it is built by one converter, ``XRead.of(message)``: :func:`as_rest` spells enums by their short lower-case
  names and int64 as numbers, then pydantic checks the shape — unknown fields are refused (``extra="forbid"``);
- REST routes declare these classes as ``response_model=`` and pages render the same objects by attribute.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from pydantic import BaseModel, ConfigDict

from mentorship_kit.proto_enums import prefix

_INT64 = (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_SINT64)

# A google.protobuf.Timestamp in its JSON spelling (RFC 3339, UTC, e.g. "2026-09-01T08:30:00Z"); None when unset.
Timestamp = str | None


class ReadModel(BaseModel):
    """What the gateway reads from a service and shows: frozen, and refusing fields it does not declare."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    contract: ClassVar[type[Message] | None] = None

    @classmethod
    def of(cls, message: Message) -> Self:
        return cls.model_validate(as_rest(message))


def _enum_name(enum: Any, value: str) -> str:
    p = prefix(enum)
    return "" if value.endswith("_UNSPECIFIED") or value == f"{p}ANY" else value.removeprefix(p).lower()


def _rest(descriptor: Descriptor, doc: dict[str, Any]) -> dict[str, Any]:
    """Enums to their short names and int64 (a string in protobuf JSON) to numbers, recursively."""
    for field in descriptor.fields:
        if field.name not in doc:
            continue
        value = doc[field.name]
        repeated = field.is_repeated
        if field.enum_type is not None:
            enum = field.enum_type
            doc[field.name] = [_enum_name(enum, v) for v in value] if repeated else _enum_name(enum, value)
        elif field.type in _INT64:
            doc[field.name] = [int(v) for v in value] if repeated else int(value)
        elif field.message_type is not None and field.message_type.GetOptions().map_entry:
            doc[field.name] = {k: int(v) if isinstance(v, str) and v.lstrip("-").isdigit() else v
                               for k, v in value.items()}
        elif field.message_type is not None and field.message_type.full_name != "google.protobuf.Timestamp":
            doc[field.name] = [_rest(field.message_type, v) for v in value] if repeated \
                else _rest(field.message_type, value)
    return doc


def as_rest(message: Message) -> dict[str, Any]:
    """The message as a JSON-ready dict in the REST spelling; unset message fields are left out."""
    doc = json_format.MessageToDict(message, preserving_proto_field_name=True,
                                    always_print_fields_with_no_presence=True)
    return _rest(message.DESCRIPTOR, doc)
