"""Staff provisioning in Keycloak mode, through the use case and its port, against the recorded contract.

Keycloak cannot run on these machines; the admin side is a recorder that answers like Keycloak's admin
REST API. What python-keycloak sends must equal ``tests/contracts/keycloak_admin_provisioning.json``.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from gateway.adapters.account_store import AccountStore
from gateway.adapters.identity_admin import KeycloakIdentityAdmin, StaffLogin
from gateway.adapters.session_store import LoginFailureStore, SessionStore
from gateway.adapters.token_cipher import TokenCipher, new_key
from gateway.service_layer.auth import AuthService
from gateway.service_layer.staff import StaffService
from mentorship_kit.db import make_engine
from mentorship_kit.errors import Conflict
from mentorship_kit.principal import Principal, Role, Scope
from tests.keycloak_admin_recorder import KeycloakAdminRecorder

CONTRACT = json.loads((Path(__file__).resolve().parents[1] / "contracts" / "keycloak_admin_provisioning.json")
                      .read_text())


@pytest.fixture
def recorder():  # type: ignore[no-untyped-def]
    server = KeycloakAdminRecorder()
    yield server
    server.close()


@pytest.fixture
def staff(stack, recorder) -> StaffService:  # type: ignore[no-untyped-def]
    engine = make_engine(stack.databases["gateway"].app_url)
    accounts = AccountStore(engine)
    auth = AuthService(accounts, SessionStore(engine, TokenCipher(new_key())), LoginFailureStore(engine),
                       session_ttl=timedelta(hours=1))
    admin = KeycloakIdentityAdmin(server_url=recorder.url, realm="mentorship", client_id="mentorship-provisioner",
                                  client_secret="prov-secret")
    return StaffService(accounts, admin, auth)


def _curator(tenants) -> Principal:  # type: ignore[no-untyped-def]
    return Principal(user_id="kc:curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                     org_id=tenants.school_a, municipality_id=tenants.m1_id, region_id=tenants.region_id)


def _expected(tenants, username: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    text = json.dumps(CONTRACT["calls"]).replace("{org_id}", tenants.school_a) \
        .replace("{municipality_id}", tenants.m1_id).replace("{region_id}", tenants.region_id) \
        .replace('"petrova@school.example"', f'"{username}@school.example"').replace('"petrova"', f'"{username}"')
    return json.loads(text)  # type: ignore[no-any-return]


def test_create_then_disable_makes_exactly_the_recorded_calls(staff, recorder, tenants) -> None:
    username = f"petrova-{uuid.uuid4().hex[:6]}"
    curator = _curator(tenants)
    # A mentor's login is provisioned as the participant logins are (ADR 010: the staff form no longer makes one);
    # without a card id the recorded calls are the same as a staff login's.
    created = staff.provision([StaffLogin(username, "Петрова Анна Сергеевна", f"{username}@school.example",
                                          Role.MENTOR, tenants.school_a, tenants.m1_id, tenants.region_id)])[0]
    assert created.one_time_password is None and created.account.idp == "keycloak"
    assert created.account.external_id and created.account.org_id == tenants.school_a
    staff.disable(curator, created.account.id)
    assert recorder.normalised() == _expected(tenants, username)
    assert not next(a for a in staff.list(curator) if a.username == username).active


def test_a_taken_login_in_keycloak_is_a_conflict_not_a_500(staff, recorder, tenants) -> None:
    recorder.existing_usernames.add("taken-login")
    with pytest.raises(Conflict, match="уже занят"):
        staff.create(_curator(tenants), username="taken-login", display_name="Иванов Иван",
                     email="taken@school.example", role="school_psychologist")


def test_a_login_taken_in_a_race_is_a_conflict_not_an_overwrite(stack, tenants) -> None:
    from gateway.domain.accounts import Account

    accounts = AccountStore(make_engine(stack.databases["gateway"].app_url))
    username = f"race-{uuid.uuid4().hex[:6]}"
    first = Account(id=str(uuid.uuid4()), username=username, display_name="Первая", role=Role.MENTOR,
                    org_id=tenants.school_a, municipality_id=tenants.m1_id, region_id=tenants.region_id,
                    password_hash="")
    accounts.add(first)
    intruder = Account(id=str(uuid.uuid4()), username=username, display_name="Вторая", role=Role.MENTOR,
                       org_id=tenants.school_b, municipality_id=tenants.m2_id, region_id=tenants.region_id,
                       password_hash="")
    with pytest.raises(Conflict):
        accounts.add(intruder)
    kept = accounts.by_username(username)
    assert kept is not None and (kept.id, kept.org_id) == (first.id, tenants.school_a)


FIRST_LOGINS = json.loads((Path(__file__).resolve().parents[1] / "contracts" / "keycloak_admin_first_logins.json")
                          .read_text())


def test_first_logins_and_a_roster_curator_are_created_in_keycloak_as_recorded(
        staff, recorder, tenants, gateway_container) -> None:  # type: ignore[no-untyped-def]
    import io

    from openpyxl import Workbook

    from gateway.adapters.roster_store import RosterStore
    from gateway.service_layer.onboarding import OnboardingService

    engine = make_engine(gateway_container.settings.db_app_url)
    onboarding = OnboardingService(gateway_container.registry, staff, RosterStore(engine))
    operator = Principal(user_id="kc:operator", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION,
                         region_id=tenants.region_id)
    tag = uuid.uuid4().hex[:6]
    names = {"municipal_username": f"smirnova-{tag}", "regional_username": f"kuznetsov-{tag}",
             "roster_username": f"ivanova-{tag}"}
    municipal = onboarding.create_first_login(
        operator, role="municipal_curator", target_id=tenants.m2_id, display_name="Смирнова Ольга Ивановна",
        email=f"{names['municipal_username']}@mo.example")
    regional = onboarding.create_first_login(
        operator, role="regional_operator", target_id=tenants.region_id, display_name="Кузнецов Илья",
        email=f"{names['regional_username']}@region.example")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Организация", "Вид", "Муниципалитет", "ФИО первого куратора", "E-mail"])
    sheet.append([f"Лицей {tag}", "школа", f"Округ {tag}", "Иванова Мария Петровна",
                  f"{names['roster_username']}@roster.example"])
    out = io.BytesIO()
    book.save(out)
    preview = onboarding.preview_roster(operator, region_id="", filename="r.xlsx", content=out.getvalue())
    done = onboarding.confirm_roster(operator, preview.id)
    row = done.rows[0]
    assert done.passwords == {} and row["curator_created"] and row["username"] == names["roster_username"]
    assert (municipal.account.idp, regional.account.idp) == ("keycloak", "keycloak")
    assert municipal.one_time_password is None and municipal.account.municipality_id == tenants.m2_id
    text = json.dumps(FIRST_LOGINS["calls"], ensure_ascii=False)
    for key, value in {**names, "municipality_id": tenants.m2_id, "region_id": tenants.region_id,
                       "roster_org_id": row["org_id"], "roster_municipality_id": row["municipality_id"]}.items():
        text = text.replace("{" + key + "}", value)
    assert recorder.normalised() == json.loads(text)
    # Keycloak has the roster's curator; the same roster again creates nobody there.
    again = onboarding.preview_roster(operator, region_id="", filename="r.xlsx", content=out.getvalue())
    calls = len(recorder.calls)
    onboarding.confirm_roster(operator, again.id)
    assert len(recorder.calls) == calls and not again.rows[0]["curator_created"]
