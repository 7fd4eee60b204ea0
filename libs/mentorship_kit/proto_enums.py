"""Proto enums ↔ the lower-case names the domain and the REST API use («MENTOR_ORIGIN_TEACHER» ↔ «teacher»).

Every enum of the contracts is prefixed with its own name in UPPER_SNAKE (the proto style guide); value 0
is «unspecified» (or «any») and maps to "".
"""

from __future__ import annotations

import re
from typing import Any

_WORD = re.compile(r"(?<!^)(?=[A-Z])")


def prefix(enum: Any) -> str:
    """Of an enum wrapper (``participants_pb2.MentorOrigin``) or its descriptor."""
    return _WORD.sub("_", getattr(enum, "DESCRIPTOR", enum).name).upper() + "_"


def to_number(enum: Any, name: str) -> int:
    """0 for "" and for anything unknown: the receiving domain reports it as a field problem. The enum is a
    wrapper or its descriptor (what a message's field descriptor holds)."""
    if not name:
        return 0
    value = _descriptor(enum).values_by_name.get(prefix(enum) + name.upper())
    return int(value.number) if value is not None else 0


def to_name(enum: Any, number: int) -> str:
    value = _descriptor(enum).values_by_number.get(number) if number else None
    return str(value.name).removeprefix(prefix(enum)).lower() if value is not None else ""


def _descriptor(enum: Any) -> Any:
    return getattr(enum, "DESCRIPTOR", enum)


def names(enum: Any) -> list[str]:
    """Every value but 0, in declaration order: the REST value set."""
    return [to_name(enum, number) for number in enum.values() if number]


def is_known(enum: Any, name: str) -> bool:
    return name in names(enum)
