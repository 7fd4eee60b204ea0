"""Flat proto messages ↔ plain values, driven by the message's descriptor and the dataclass's fields.

A field of a card exists once in the contract and once in the domain's dataclass; the copies between them
(gateway client, registry codec, repository) follow by name, so a new field needs no new line there.

The plain form is what the REST API and the domain speak: strings, ints, bools, lists, and enums by their short
lower-case names («teacher», see :mod:`mentorship_kit.proto_enums`) — the same strings a domain ``StrEnum`` has
as its values. Only flat messages are handled (scalars, enums and repeated ones); a message-typed field is a
programming error and raises ``TypeError``.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from mentorship_kit.proto_enums import to_name, to_number

M = TypeVar("M", bound=Message)
T = TypeVar("T")

_INTEGERS = frozenset({FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_INT64,
                       FieldDescriptor.CPPTYPE_UINT32, FieldDescriptor.CPPTYPE_UINT64})


def _number_of(field: FieldDescriptor, value: Any) -> Any:
    """One plain value as the field wants it; blank (None, "", 0) is the field's default."""
    if field.message_type is not None:
        raise TypeError(f"{field.full_name}: nested messages are not plain values")
    if field.enum_type is not None:
        return to_number(field.enum_type, str(value or ""))
    if field.cpp_type == FieldDescriptor.CPPTYPE_STRING:
        return str(value or "")
    if field.cpp_type in _INTEGERS:
        return int(value or 0)
    if field.cpp_type == FieldDescriptor.CPPTYPE_BOOL:
        return bool(value)
    return float(value or 0)


def to_message(message_type: type[M], values: Mapping[str, Any], *, ignore_unknown: bool = False) -> M:
    """``{"origin": "teacher", "capacity": 3, "subjects": [...]}`` → ``MentorCard(origin=…, …)``.

    Enums go by short name (unknown or blank → 0, which the receiving domain reports as a field problem), ints
    by ``int()`` (blank → 0), strings by ``str()`` (None → ""), repeated fields element-wise; a missing key
    leaves the field's default. A key the contract lacks raises ``KeyError`` — a field added to a caller but
    forgotten in ``proto/`` fails loudly — unless ``ignore_unknown`` (forms that carry more than the message).
    """
    fields = message_type.DESCRIPTOR.fields_by_name
    unknown = sorted(set(values) - set(fields))
    if unknown and not ignore_unknown:
        raise KeyError(f"{message_type.DESCRIPTOR.full_name} has no field {', '.join(unknown)}")
    built: dict[str, Any] = {}
    for name, value in values.items():
        field = fields.get(name)
        if field is None:
            continue
        if field.is_repeated:
            built[name] = [_number_of(field, v) for v in value or ()]
        else:
            built[name] = _number_of(field, value)
    return message_type(**built)


def from_message(message: Message) -> dict[str, Any]:
    """Every field of a flat message as a plain value: enums by short name ("" for 0), repeated as lists."""
    values: dict[str, Any] = {}
    for field in message.DESCRIPTOR.fields:
        if field.message_type is not None:
            raise TypeError(f"{field.full_name}: nested messages are not plain values")
        value = getattr(message, field.name)
        if field.enum_type is not None:
            values[field.name] = [to_name(field.enum_type, v) for v in value] if field.is_repeated \
                else to_name(field.enum_type, value)
        else:
            values[field.name] = list(value) if field.is_repeated else value
    return values


# -- domain dataclasses -------------------------------------------------------------------------------------
def plain(record: Any) -> dict[str, Any]:
    """A domain dataclass's own fields as plain values: enums by value, tuples as lists (a column or a message)."""
    return {f.name: _plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def rebuild(cls: type[T], values: Mapping[str, Any]) -> T:
    """The dataclass from plain values it wrote (a row, a message's values) through its typed constructor: an enum
    field gets its member, a tuple field a tuple; keys that are not its fields are left out, so a whole row can be
    given. Not a validation: values from outside go through the domain's own ``clean_*`` instead."""
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: _typed(hints[f.name], values[f.name])
                  for f in dataclasses.fields(cls) if f.name in values})  # type: ignore[arg-type]


def _typed(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _typed(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_typed(item, v) for v in value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    return value
