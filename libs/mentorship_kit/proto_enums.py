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
    """0 for "" and for anything unknown: the receiving domain reports it as a field problem."""
    if not name:
        return 0
    try:
        return int(enum.Value(prefix(enum) + name.upper()))
    except ValueError:
        return 0


def to_name(enum: Any, number: int) -> str:
    if not number:
        return ""
    try:
        return str(enum.Name(number)).removeprefix(prefix(enum)).lower()
    except ValueError:
        return ""


def names(enum: Any) -> list[str]:
    """Every value but 0, in declaration order: the REST value set."""
    return [to_name(enum, number) for number in enum.values() if number]


def is_known(enum: Any, name: str) -> bool:
    return name in names(enum)
