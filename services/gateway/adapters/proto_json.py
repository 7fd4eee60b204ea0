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

import base64
from collections.abc import Callable
from typing import Any, ClassVar, Self

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.internal import type_checkers
from google.protobuf.message import Message
from pydantic import BaseModel, ConfigDict

from mentorship_kit.proto_enums import prefix

_TIMESTAMP = "google.protobuf.Timestamp"
_SPELLED = (FieldDescriptor.TYPE_BYTES, FieldDescriptor.TYPE_FLOAT)

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


def _value(field: FieldDescriptor, value: Any) -> Any:
    """One value of ``field`` in the REST spelling."""
    if field.message_type is not None:
        return value.ToJsonString() if field.message_type.full_name == _TIMESTAMP else _doc(value)
    if field.enum_type is not None:
        known = field.enum_type.values_by_number.get(value)
        return _enum_name(field.enum_type, known.name) if known is not None else value
    if field.type == FieldDescriptor.TYPE_BYTES:
        return base64.b64encode(value).decode("ascii")
    if field.type == FieldDescriptor.TYPE_FLOAT:
        return type_checkers.ToShortestFloat(value)
    return value


def _plain(field: FieldDescriptor) -> bool:
    """A value that is its own REST spelling (numbers, strings, booleans): copied as it is."""
    return field.message_type is None and field.enum_type is None and field.type not in _SPELLED


Reader = Callable[[Message, dict[str, Any]], None]
"""Puts one field of a message into its REST document."""


def _reader(field: FieldDescriptor) -> Reader:
    """How ``field`` is read, decided once per field from its descriptor: the same message type is read for every row
    of a reply (a region's 60 rows of 20 fields asked their descriptors again per row)."""
    name = field.name
    entry = field.message_type if field.message_type is not None and field.message_type.GetOptions().map_entry \
        else None
    if entry is not None:
        key, value = entry.fields_by_name["key"], entry.fields_by_name["value"]
        if key.type == FieldDescriptor.TYPE_STRING and _plain(value):
            return lambda m, doc: doc.__setitem__(name, dict(getattr(m, name)))
        return lambda m, doc: doc.__setitem__(
            name, {_key(key, k): _value(value, v) for k, v in getattr(m, name).items()})
    if field.is_repeated:
        if _plain(field):
            return lambda m, doc: doc.__setitem__(name, list(getattr(m, name)))
        return lambda m, doc: doc.__setitem__(name, [_value(field, v) for v in getattr(m, name)])
    if field.has_presence:
        def present(m: Message, doc: dict[str, Any]) -> None:
            if m.HasField(name):
                doc[name] = _value(field, getattr(m, name))
        return present
    if _plain(field):
        return lambda m, doc: doc.__setitem__(name, getattr(m, name))
    return lambda m, doc: doc.__setitem__(name, _value(field, getattr(m, name)))


_READERS: dict[Descriptor, tuple[Reader, ...]] = {}


def _doc(message: Message) -> dict[str, Any]:
    """The message's fields read directly: a field with presence only when set (a sub-message, a ``optional``
    scalar), every other field always (scalars, lists and maps with their defaults) — what MessageToDict with
    ``always_print_fields_with_no_presence`` spells, at a fraction of its cost on maps of thousands of counts."""
    descriptor = message.DESCRIPTOR
    readers = _READERS.get(descriptor)
    if readers is None:  # a race builds the same tuple twice: harmless
        readers = _READERS[descriptor] = tuple(_reader(f) for f in descriptor.fields)
    doc: dict[str, Any] = {}
    for read in readers:
        read(message, doc)
    return doc


def _key(field: FieldDescriptor, key: Any) -> str:
    """A map's key as JSON spells it: always a string."""
    if field.type == FieldDescriptor.TYPE_BOOL:
        return "true" if key else "false"
    return str(key)


def as_rest(message: Message) -> dict[str, Any]:
    """The message as a JSON-ready dict in the REST spelling: enums by their short lower-case names, int64 as numbers,
    Timestamps in RFC 3339; unset message fields are left out."""
    return _doc(message)
