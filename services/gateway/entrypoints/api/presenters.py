"""The gateway's own objects (sessions, staff accounts) → REST read models; services' replies arrive as read
models already, built in their clients."""

from __future__ import annotations

from gateway.domain.accounts import ROLE_TITLES, Account
from gateway.entrypoints.api import schemas
from gateway.service_layer.auth import AuthenticatedSession
from gateway.service_layer.onboarding import RosterView


def session(s: AuthenticatedSession) -> schemas.SessionRead:
    p = s.principal
    role = sorted(p.roles)[0]
    return schemas.SessionRead(csrf_token=s.csrf_token, user=schemas.UserRead(
        id=p.user_id, username=s.username, display_name=p.display_name, role=role.value,
        role_title=ROLE_TITLES[role], scope=p.scope.value, org_id=p.org_id,
        municipality_id=p.municipality_id, region_id=p.region_id, identity_provider=s.idp,
        participant_id=p.participant_id))


def staff_account(a: Account, one_time_password: str | None = None) -> schemas.StaffAccountRead:
    return schemas.StaffAccountRead(id=a.id, username=a.username, display_name=a.display_name, role=a.role.value,
                                    role_title=ROLE_TITLES[a.role], active=a.active, identity_provider=a.idp,
                                    one_time_password=one_time_password, participant_id=a.participant_id)


_ROSTER_ROW_FIELDS = set(schemas.RosterRowRead.model_fields)


def roster(view: RosterView) -> schemas.RosterRead:
    rows = [schemas.RosterRowRead(**{k: v for k, v in r.items() if k in _ROSTER_ROW_FIELDS},
                                  one_time_password=view.passwords.get(int(r["row"])))
            for r in view.rows]
    return schemas.RosterRead(
        id=view.id, region_id=view.region_id, filename=view.filename, status=view.status,
        organisations_new=view.organisations_new, municipalities_new=view.municipalities_new,
        curators_new=view.curators_new, problem_rows=view.problem_rows, rows=rows,
        problems=[schemas.RosterProblemRead(**p) for p in view.problems])
