"""``proto_dict.message_to_dict`` gives what ``json_format.MessageToDict(…, preserving_proto_field_name=True)`` gives
(ADR 034) for every message of every service's events and of the messages they carry, whatever values are set:
defaults left out, 64-bit integers as text, enum names (an unknown number stays a number), nested and repeated
messages, present-but-empty messages, maps and timestamps through ``MessageToDict`` itself."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorship.matching.v1 import events_pb2 as matching_events
from mentorship.monitoring.v1 import events_pb2 as monitoring_events
from mentorship.registry.v1 import events_pb2 as registry_events
from mentorship_kit.proto_dict import message_to_dict

EVENT_MODULES = (registry_events, matching_events, monitoring_events)
MESSAGES = sorted({getattr(module, name) for module in EVENT_MODULES
                   for name in module.DESCRIPTOR.message_types_by_name}, key=lambda cls: cls.DESCRIPTOR.full_name)
_INTS = {FieldDescriptor.TYPE_INT32: (-2**31, 2**31 - 1), FieldDescriptor.TYPE_SINT32: (-2**31, 2**31 - 1),
         FieldDescriptor.TYPE_SFIXED32: (-2**31, 2**31 - 1), FieldDescriptor.TYPE_UINT32: (0, 2**32 - 1),
         FieldDescriptor.TYPE_FIXED32: (0, 2**32 - 1), FieldDescriptor.TYPE_INT64: (-2**63, 2**63 - 1),
         FieldDescriptor.TYPE_SINT64: (-2**63, 2**63 - 1), FieldDescriptor.TYPE_SFIXED64: (-2**63, 2**63 - 1),
         FieldDescriptor.TYPE_UINT64: (0, 2**64 - 1), FieldDescriptor.TYPE_FIXED64: (0, 2**64 - 1)}


def _scalar(field: FieldDescriptor) -> st.SearchStrategy[Any]:
    if field.type == FieldDescriptor.TYPE_STRING:
        return st.sampled_from(["", "a", "наставник", "0"]) | st.text(max_size=4)
    if field.type == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if field.type == FieldDescriptor.TYPE_ENUM:
        return st.sampled_from([v.number for v in field.enum_type.values] + [77])
    if field.type in _INTS:
        low, high = _INTS[field.type]
        return st.sampled_from([0, 1, low, high]) | st.integers(low, high)
    if field.type in (FieldDescriptor.TYPE_FLOAT, FieldDescriptor.TYPE_DOUBLE):
        return st.sampled_from([0.0, 1.5, -2.25]) | st.floats(allow_nan=False, allow_infinity=False, width=32)
    if field.type == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=4)
    raise AssertionError(field.full_name)


def _message(descriptor: Descriptor, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry:
            key, item = (field.message_type.fields_by_name[n] for n in ("key", "value"))
            assert item.type != FieldDescriptor.TYPE_MESSAGE, "a map of messages: teach _fill to build one"
            fields[field.name] = st.dictionaries(_scalar(key), _scalar(item), max_size=3)
            continue
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.full_name == "google.protobuf.Timestamp":
                value: st.SearchStrategy[Any] = st.builds(dict, seconds=st.integers(0, 4_000_000_000),
                                                          nanos=st.sampled_from([0, 5, 123_000_000]))
            elif depth >= 3:
                continue
            else:
                value = _message(field.message_type, depth + 1)
        else:
            value = _scalar(field)
        fields[field.name] = st.lists(value, max_size=3) if field.is_repeated else value
    return st.fixed_dictionaries({}, optional=fields)


def _fill(message: Message, values: dict[str, Any]) -> Message:
    for name, value in values.items():
        field = message.DESCRIPTOR.fields_by_name[name]
        if isinstance(value, dict) and field.message_type.GetOptions().map_entry:
            getattr(message, name).update(value)
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.is_repeated:
                for item in value:
                    _fill(getattr(message, name).add(), item)
            else:
                getattr(message, name).SetInParent()
                _fill(getattr(message, name), value)
        elif field.is_repeated:
            getattr(message, name).extend(value)
        else:
            setattr(message, name, value)
    return message


@st.composite
def _any_event(draw: st.DrawFn) -> Message:
    cls = draw(st.sampled_from(MESSAGES))
    return _fill(cls(), draw(_message(cls.DESCRIPTOR, 0)))


@settings(max_examples=600, deadline=None)
@given(_any_event())
def test_the_same_dict_as_message_to_dict(message: Message) -> None:
    assert message_to_dict(message) == json_format.MessageToDict(message, preserving_proto_field_name=True)


def test_every_event_message_is_covered_by_the_plans() -> None:
    assert len(MESSAGES) > 20
    for cls in MESSAGES:
        assert message_to_dict(cls()) == {}
