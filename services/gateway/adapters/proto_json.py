"""Proto replies as the REST API shows them: short lower-case enum names, numbers for int64."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from mentorship_kit.proto_enums import prefix

_INT64 = (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_SINT64)


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
    doc = json_format.MessageToDict(message, preserving_proto_field_name=True,
                                    always_print_fields_with_no_presence=True)
    return _rest(message.DESCRIPTOR, doc)
