"""A proto message as the dict of its JSON — what ``json_format.MessageToDict(message,
preserving_proto_field_name=True)`` gives, through a plan made once per message type (ADR 034).

``MessageToDict`` asks each field's descriptor again for every field of every message; a written chunk of an import
(``PeopleImported``, a thousand people) cost 14 ms in it, three times what it costs here — on every event the
platform writes to an outbox. The plan covers the fields events carry (strings, booleans, integers, enums, messages,
repeated ones of each); a message type with anything else (floats, bytes, maps) and the well-known types
(``google.protobuf.Timestamp`` …) are left to ``MessageToDict`` whole. ``tests/unit/test_proto_dict.py`` holds the
two equal on every event message of every service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

_AS_IS = frozenset({FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_BOOL, FieldDescriptor.TYPE_INT32,
                    FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_FIXED32,
                    FieldDescriptor.TYPE_SFIXED32})
_AS_TEXT = frozenset({FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_SINT64,
                      FieldDescriptor.TYPE_FIXED64, FieldDescriptor.TYPE_SFIXED64})  # JSON spells 64-bit as text
_REPEATED, _PRESENT, _NONZERO = 0, 1, 2

Convert = Callable[[Any], Any] | None
Step = tuple[str, int, Convert]
_PLANS: dict[Descriptor, tuple[Step, ...] | None] = {}


def _enum_names(field: FieldDescriptor) -> Callable[[int], Any]:
    names = {value.number: value.name for value in field.enum_type.values}
    return lambda number: names.get(number, number)  # a number the schema does not know stays a number


def _convert(field: FieldDescriptor) -> tuple[bool, Convert]:
    """(known, how a value of the field becomes JSON; None: as it is)."""
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        return not field.message_type.GetOptions().map_entry, message_to_dict
    if field.type in _AS_IS:
        return True, None
    if field.type in _AS_TEXT:
        return True, str
    if field.type == FieldDescriptor.TYPE_ENUM:
        return True, _enum_names(field)
    return False, None


def _plan(descriptor: Descriptor) -> tuple[Step, ...] | None:
    if descriptor.full_name.startswith("google.protobuf."):
        return None
    steps: list[Step] = []
    for field in descriptor.fields:
        known, convert = _convert(field)
        if not known:
            return None
        how = _REPEATED if field.is_repeated else _PRESENT if field.has_presence else _NONZERO
        steps.append((field.name, how, convert))
    return tuple(steps)


def message_to_dict(message: Message) -> Any:
    """The JSON of ``message`` as Python values, field names as in the proto file."""
    descriptor = message.DESCRIPTOR
    try:
        plan = _PLANS[descriptor]
    except KeyError:
        plan = _PLANS[descriptor] = _plan(descriptor)
    if plan is None:
        return json_format.MessageToDict(message, preserving_proto_field_name=True)
    out: dict[str, Any] = {}
    for name, how, convert in plan:
        if how == _PRESENT:
            if message.HasField(name):
                value = getattr(message, name)
                out[name] = value if convert is None else convert(value)
            continue
        value = getattr(message, name)
        if not value:  # proto3 leaves out a default scalar and an empty list
            continue
        if how == _REPEATED:
            out[name] = list(value) if convert is None else [convert(v) for v in value]
        else:
            out[name] = value if convert is None else convert(value)
    return out
