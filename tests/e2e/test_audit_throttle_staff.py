"""Audit of personal-data reads, login throttling and staff logins (local identity provider)."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import PASSWORD
from tests.support import Api


def test_reads_of_personal_data_are_audited_and_only_the_schools_director_sees_them(stack, tenants, login) -> None:
    curator = login(tenants.curator_a)
    curator.get("/api/v1/mentors", headers={"User-Agent": "audit-probe/1.0"})
    director = login(tenants.role_users["school_director"])
    entries = director.get("/api/v1/audit").json()
    mine = [e for e in entries if e["username"] == tenants.curator_a and e["user_agent"] == "audit-probe/1.0"]
    assert mine, entries[:3]
    assert mine[0]["action"] == "mentor.list" and mine[0]["endpoint"] == "GET /api/v1/mentors"
    assert mine[0]["client_ip"] == "127.0.0.1" and mine[0]["roles"] == ["school_curator"]

    assert curator.get("/api/v1/audit").status_code == 403
    # School B's reads are not in A's log, and A's director's log is invisible to B.
    login(tenants.curator_b).get("/api/v1/mentors")
    assert all(e["username"] != tenants.curator_b for e in director.get("/api/v1/audit").json())


def test_director_audit_page_lists_reads(stack, tenants) -> None:
    import re

    client = httpx.Client(base_url=stack.gateway_url)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": tenants.role_users["school_director"], "password": PASSWORD,
                                "csrf_token": token})
    client.get("/school/mentors")
    audit = client.get("/school/audit")
    assert audit.status_code == 200 and "Журнал доступа" in audit.text and "база наставников" in audit.text


def test_repeated_failures_are_throttled_without_revealing_the_account(stack, tenants, gateway_container) -> None:
    from mentorship_kit.principal import Role

    victim = f"victim-{uuid.uuid4().hex[:6]}"  # its own account: a locked login stays locked for 15 minutes
    gateway_container.auth.create_account(username=victim, password=PASSWORD, display_name="Жертва перебора",
                                          role=Role.SCHOOL_PSYCHOLOGIST, org_id=tenants.school_a,
                                          municipality_id=tenants.m1_id, region_id=tenants.region_id)
    codes = [httpx.post(f"{stack.gateway_url}/api/v1/auth/login",
                        json={"username": victim, "password": f"wrong-{i}"}).status_code for i in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    blocked = httpx.post(f"{stack.gateway_url}/api/v1/auth/login", json={"username": victim, "password": PASSWORD})
    assert blocked.status_code == 429 and "Повторите через 15 минут" in blocked.json()["detail"]
    ghost = [httpx.post(f"{stack.gateway_url}/api/v1/auth/login",
                        json={"username": "no-such-user", "password": "x"}).status_code for _ in range(6)]
    assert ghost == codes, "an unknown login is throttled exactly like a real one"


def test_curator_provisions_a_staff_login_and_disabling_it_ends_the_session(stack, tenants, login) -> None:
    curator = login(tenants.curator_a)
    username = f"teacher-{uuid.uuid4().hex[:6]}"
    created = curator.post("/api/v1/staff-accounts", json={"username": username, "display_name": "Петрова Анна",
                                                           "email": "petrova@school.example",
                                                           "role": "school_psychologist"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["identity_provider"] == "local" and body["one_time_password"]
    duplicate = curator.post("/api/v1/staff-accounts", json={"username": username, "display_name": "Дубль",
                                                             "email": "d@school.example",
                                                             "role": "school_psychologist"})
    assert duplicate.status_code == 409

    teacher = Api(stack.gateway_url).login(username, body["one_time_password"])
    me = teacher.get("/api/v1/auth/me").json()["user"]
    assert (me["role"], me["org_id"]) == ("school_psychologist", tenants.school_a)

    foreign = login(tenants.curator_b).post(f"/api/v1/staff-accounts/{body['id']}/disable")
    assert foreign.status_code == 404
    assert curator.post(f"/api/v1/staff-accounts/{body['id']}/disable").json()["active"] is False
    assert teacher.get("/api/v1/auth/me").status_code == 401
    teacher.close()
    assert username in [a["username"] for a in curator.get("/api/v1/staff-accounts").json()]


def test_staff_login_input_is_checked(tenants, login) -> None:
    curator = login(tenants.curator_a)
    bad = curator.post("/api/v1/staff-accounts", json={"username": "Я", "display_name": "", "email": "nope",
                                                       "role": "regional_operator"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"username", "display_name", "email", "role"}


def test_parallel_wrong_logins_are_throttled_atomically_and_an_admin_lifts_the_lock(stack, tenants, login,
                                                                                   gateway_container) -> None:
    """Issue 10 item 6: 30 wrong passwords at once — at most the limit (5) are checked, the rest get 429; the
    platform admin lifts the lock (audited) and the right password works again."""
    from concurrent.futures import ThreadPoolExecutor

    from mentorship_kit.principal import Role

    victim = f"raced-{uuid.uuid4().hex[:6]}"
    gateway_container.auth.create_account(username=victim, password=PASSWORD, display_name="Жертва гонки",
                                          role=Role.SCHOOL_PSYCHOLOGIST, org_id=tenants.school_a,
                                          municipality_id=tenants.m1_id, region_id=tenants.region_id)

    def wrong(i: int) -> int:
        return httpx.post(f"{stack.gateway_url}/api/v1/auth/login", timeout=30,
                          json={"username": victim, "password": f"wrong-{i}"}).status_code

    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = list(pool.map(wrong, range(30)))
    assert set(codes) <= {401, 429}, codes
    assert codes.count(401) <= 5, f"{codes.count(401)} wrong passwords were checked, the limit is 5"
    assert codes.count(429) >= 25
    assert httpx.post(f"{stack.gateway_url}/api/v1/auth/login",
                      json={"username": victim, "password": PASSWORD}).status_code == 429

    assert login(tenants.curator_a).delete(f"/api/v1/login-locks/{victim}").status_code == 403
    admin = login(tenants.admin)
    lifted = admin.delete(f"/api/v1/login-locks/{victim.upper()}")
    assert lifted.status_code == 204, lifted.text
    signed_in = httpx.post(f"{stack.gateway_url}/api/v1/auth/login", json={"username": victim, "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    from sqlalchemy import create_engine, text

    engine = create_engine(stack.gateway_env()["DB_ADMIN_URL"])  # the audit log is RLS-bound; read as its owner
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT action, subject FROM audit_events WHERE username = :u"),
                            {"u": tenants.admin}).all()
    engine.dispose()
    assert ("login_lock.lift", victim) in [tuple(r) for r in rows]


def test_a_spoofed_forwarded_for_changes_neither_the_audit_address_nor_the_throttle_key(stack, tenants, login) -> None:
    """Issue 10 item 8: no proxy is trusted by default, a local one included."""
    from sqlalchemy import create_engine, text

    spoofed = {"X-Forwarded-For": "203.0.113.77", "User-Agent": "spoof-probe/1.0"}
    curator = login(tenants.curator_a)
    curator.get("/api/v1/mentors", headers=spoofed)
    director = login(tenants.role_users["school_director"])
    mine = [e for e in director.get("/api/v1/audit").json() if e["user_agent"] == "spoof-probe/1.0"]
    assert mine and {e["client_ip"] for e in mine} == {"127.0.0.1"}, mine

    ghost = f"ghost-{uuid.uuid4().hex[:6]}"
    for i in range(2):
        assert httpx.post(f"{stack.gateway_url}/api/v1/auth/login", json={"username": ghost, "password": "x"},
                          headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code == 401
    engine = create_engine(stack.gateway_env()["DB_ADMIN_URL"])
    with engine.connect() as conn:
        spoofed_keys = conn.execute(text("SELECT count(*) FROM login_throttle WHERE key LIKE 'ip:203.0.113.%'"))\
            .scalar()
    engine.dispose()
    assert spoofed_keys == 0
