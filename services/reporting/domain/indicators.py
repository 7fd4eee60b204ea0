"""Indicator rules that do not depend on storage: which grouping a tier sees by default."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.principal import Scope


class Grouping(enum.StrEnum):
    ORGANISATION = "organisation"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class CountRow:
    unit_id: str
    unit_name: str
    parent_name: str
    mentor_count: int
    organisation_count: int


def grouping_for(scope: Scope, requested: Grouping | None) -> Grouping:
    """A municipality looks at its schools, the region at its municipalities unless it drills down."""
    if requested is None:
        return Grouping.MUNICIPALITY if scope in (Scope.REGION, Scope.PLATFORM) else Grouping.ORGANISATION
    if requested is Grouping.MUNICIPALITY and scope is Scope.ORG:
        raise ValidationFailed([FieldProblem("grouping", "Школе доступна только группировка по организации")])
    return requested
