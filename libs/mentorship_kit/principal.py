"""Who is calling, and in which tenant: the one shape passed from the gateway to every service."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Scope(enum.StrEnum):
    """How far a principal reaches; PII tables admit ``org`` only (DESIGN §4)."""

    ORG = "org"
    MUNICIPALITY = "municipality"
    REGION = "region"
    PLATFORM = "platform"
    SYSTEM = "system"


class Role(enum.StrEnum):
    SCHOOL_DIRECTOR = "school_director"
    SCHOOL_CURATOR = "school_curator"
    SCHOOL_PSYCHOLOGIST = "school_psychologist"
    MENTOR = "mentor"
    MENTEE = "mentee"
    MUNICIPAL_CURATOR = "municipal_curator"
    REGIONAL_OPERATOR = "regional_operator"
    REGIONAL_DEPARTMENT = "regional_department"
    TUTOR = "tutor"
    JURY = "jury"
    PLATFORM_ADMIN = "platform_admin"


ROLE_SCOPE: dict[Role, Scope] = {
    Role.SCHOOL_DIRECTOR: Scope.ORG,
    Role.SCHOOL_CURATOR: Scope.ORG,
    Role.SCHOOL_PSYCHOLOGIST: Scope.ORG,
    Role.MENTOR: Scope.ORG,
    Role.MENTEE: Scope.ORG,
    Role.MUNICIPAL_CURATOR: Scope.MUNICIPALITY,
    Role.REGIONAL_OPERATOR: Scope.REGION,
    Role.REGIONAL_DEPARTMENT: Scope.REGION,
    Role.TUTOR: Scope.REGION,
    # A member of a contest jury (issue 15, ADR 023): of the region, reaching only the contests he or she judges.
    Role.JURY: Scope.REGION,
    Role.PLATFORM_ADMIN: Scope.PLATFORM,
}


class InconsistentPrincipal(ValueError):
    """Roles and tenant attributes that contradict each other (e.g. a school role without org_id)."""


@dataclass(frozen=True)
class Principal:
    user_id: str
    roles: frozenset[Role]
    scope: Scope
    org_id: str | None = None
    municipality_id: str | None = None
    region_id: str | None = None
    display_name: str = field(default="", compare=False)
    participant_id: str | None = None
    """A mentor's or a teacher mentee's own record in the registry — the mentor card's id (role ``mentor``) or the
    mentee's id (role ``mentee``) — which pairs and groups name (ADR 010). Staff have none. Services scope a
    participant's reads and writes by it (``policy.Reach.OWN``), never by a request parameter; a participant role
    without it reaches nothing (fail closed)."""

    def __post_init__(self) -> None:
        required = {
            Scope.ORG: (self.org_id, self.municipality_id, self.region_id),
            Scope.MUNICIPALITY: (self.municipality_id, self.region_id),
            Scope.REGION: (self.region_id,),
        }.get(self.scope, ())
        if not all(required):
            raise InconsistentPrincipal(f"scope {self.scope} lacks its tenant identifiers")
        for role in self.roles:
            if ROLE_SCOPE[role] is not self.scope:
                raise InconsistentPrincipal(f"role {role} does not belong to scope {self.scope}")

    @property
    def participant_role(self) -> Role | None:
        """``mentor`` or ``mentee`` for a participant's login (the reach ``own``), None for everyone else."""
        found = self.roles.intersection((Role.MENTOR, Role.MENTEE))
        return next(iter(sorted(found))) if found else None

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @classmethod
    def system(cls, name: str) -> Principal:
        """The named identity of legitimate cross-tenant work (relay, projections, seeding)."""
        return cls(user_id=f"system:{name}", roles=frozenset(), scope=Scope.SYSTEM)
