"""Who may do what: one declarative table consulted by gateway routes and gRPC handlers alike.

Tenant reach is not decided here: the principal's scope is bound into every transaction and the
database's row-level security decides which rows exist for it. This table only says which roles may
attempt an action at all.
"""

from __future__ import annotations

import enum

from mentorship_kit.errors import Forbidden
from mentorship_kit.principal import Principal, Role


class Action(enum.StrEnum):
    STRUCTURE_READ = "structure.read"
    STRUCTURE_MANAGE = "structure.manage"
    MENTOR_LIST = "mentor.list"
    MENTOR_REGISTER = "mentor.register"
    INDICATORS_READ = "indicators.read"


_SCHOOL_STAFF = frozenset({Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR, Role.SCHOOL_PSYCHOLOGIST})
_OUTER = frozenset({Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR, Role.REGIONAL_DEPARTMENT})

POLICY: dict[Action, frozenset[Role]] = {
    Action.STRUCTURE_READ: frozenset(Role),
    Action.STRUCTURE_MANAGE: frozenset({Role.PLATFORM_ADMIN}),
    Action.MENTOR_LIST: _SCHOOL_STAFF,
    Action.MENTOR_REGISTER: frozenset({Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR}),
    Action.INDICATORS_READ: _SCHOOL_STAFF | _OUTER,
}


def is_allowed(principal: Principal, action: Action) -> bool:
    return bool(principal.roles & POLICY[action])


def require(principal: Principal, action: Action) -> None:
    if not is_allowed(principal, action):
        raise Forbidden("Недостаточно прав для этого действия")
