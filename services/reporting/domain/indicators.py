"""Indicator rules that do not depend on storage: which grouping a tier sees by default."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from mentorship_kit.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from mentorship_kit.principal import Principal, Scope


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
    parent_id: str = ""  # the municipality of an organisation, the region of a municipality (drill-down links)


def grouping_for(scope: Scope, requested: Grouping | None) -> Grouping:
    """A municipality looks at its schools, the region at its municipalities unless it drills down."""
    if requested is None:
        return Grouping.MUNICIPALITY if scope in (Scope.REGION, Scope.PLATFORM) else Grouping.ORGANISATION
    if requested is Grouping.MUNICIPALITY and scope is Scope.ORG:
        raise ValidationFailed([FieldProblem("grouping", "Школе доступна только группировка по организации")])
    return requested


@dataclass(frozen=True)
class Within:
    """Drill-down (issue 14): the units of one municipality or one organisation of the caller's reach.

    Row-level security already keeps every row of the read inside the caller's reach; this narrows the read further
    and makes a unit outside the reach an error, not an empty page (``check_within``, ``unit_missing``)."""

    municipality_id: str = ""
    organisation_id: str = ""

    def __bool__(self) -> bool:
        return bool(self.municipality_id or self.organisation_id)


def _uuid_or_refuse(value: str, field_name: str, what: str) -> str:
    try:
        return str(uuid.UUID(value)) if value else ""
    except ValueError:
        raise ValidationFailed([FieldProblem(field_name, f"Неверный идентификатор {what}")]) from None


def check_within(principal: Principal, within: Within | None) -> Within | None:
    """The filter as it may be read, or a Russian refusal: a school sees only itself, a municipality only its own
    schools (another tier's own unit is 403); whether a unit exists in the reach is asked of the rows afterwards."""
    if not within:
        return None
    found = Within(_uuid_or_refuse(within.municipality_id, "municipality_id", "муниципалитета"),
                   _uuid_or_refuse(within.organisation_id, "organisation_id", "организации"))
    if principal.scope in (Scope.ORG, Scope.MUNICIPALITY) and found.municipality_id \
            and found.municipality_id != principal.municipality_id:
        raise Forbidden("Показатели другого муниципалитета вам недоступны")
    if principal.scope is Scope.ORG and found.organisation_id and found.organisation_id != principal.org_id:
        raise Forbidden("Показатели другой организации вам недоступны")
    return found


def unit_missing(within: Within) -> NotFound:
    """What a drill-down into a unit the caller's rows do not hold answers (outside the reach or unknown)."""
    if within.organisation_id:
        return NotFound("Организация не найдена среди организаций, показатели которых вам доступны")
    return NotFound("Муниципалитет не найден среди муниципалитетов, показатели которых вам доступны")


def grouping_within(scope: Scope, requested: Grouping | None, within: Within | None) -> Grouping:
    """The grouping of a drilled-down read: the schools of the unit unless asked otherwise."""
    if within and requested is None:
        return Grouping.ORGANISATION
    return grouping_for(scope, requested)
