"""Staff accounts of the local identity provider and how they become a principal."""

from __future__ import annotations

from dataclasses import dataclass

from mentorship_kit import vocabulary
from mentorship_kit.principal import ROLE_SCOPE, Principal, Role


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    display_name: str
    role: Role
    org_id: str | None
    municipality_id: str | None
    region_id: str | None
    password_hash: str
    active: bool = True
    idp: str = "local"
    external_id: str | None = None
    participant_id: str | None = None  # a mentor's or a teacher mentee's login: the card it belongs to (ADR 010)

    def principal(self) -> Principal:
        """Raises InconsistentPrincipal when the role and the tenant attributes disagree."""
        return Principal(user_id=self.id, roles=frozenset({self.role}), scope=ROLE_SCOPE[self.role],
                         org_id=self.org_id, municipality_id=self.municipality_id, region_id=self.region_id,
                         display_name=self.display_name, participant_id=self.participant_id)


ROLE_TITLES: dict[Role, str] = {role: vocabulary.ROLE_TITLES[role.value] for role in Role}
