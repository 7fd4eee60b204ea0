"""Proto messages → REST read models."""

from __future__ import annotations

from typing import Any

from gateway.domain.accounts import ROLE_TITLES, Account
from gateway.entrypoints.api import schemas
from gateway.service_layer.auth import AuthenticatedSession
from mentorship.registry.v1 import organisations_pb2
from mentorship.reporting.v1 import reporting_pb2
from mentorship_kit.proto_enums import to_name


def mentor_counts(response: Any) -> schemas.MentorCounts:
    return schemas.MentorCounts(
        grouping=to_name(reporting_pb2.Grouping, response.grouping),
        total_mentors=response.total_mentors,
        rows=[schemas.MentorCountRow(unit_id=r.unit_id, unit_name=r.unit_name, parent_name=r.parent_name,
                                     mentor_count=r.mentor_count, organisation_count=r.organisation_count)
              for r in response.rows])


def organisation(o: Any) -> schemas.OrganisationRead:
    return schemas.OrganisationRead(id=o.id, municipality_id=o.municipality_id, region_id=o.region_id,
                                    name=o.name, kind=to_name(organisations_pb2.OrganisationKind, o.kind), code=o.code)


def session(s: AuthenticatedSession) -> schemas.SessionRead:
    p = s.principal
    role = sorted(p.roles)[0]
    return schemas.SessionRead(csrf_token=s.csrf_token, user=schemas.UserRead(
        id=p.user_id, username=s.username, display_name=p.display_name, role=role.value,
        role_title=ROLE_TITLES[role], scope=p.scope.value, org_id=p.org_id,
        municipality_id=p.municipality_id, region_id=p.region_id, identity_provider=s.idp))


def staff_account(a: Account, one_time_password: str | None = None) -> schemas.StaffAccountRead:
    return schemas.StaffAccountRead(id=a.id, username=a.username, display_name=a.display_name, role=a.role.value,
                                    role_title=ROLE_TITLES[a.role], active=a.active, identity_provider=a.idp,
                                    one_time_password=one_time_password)
