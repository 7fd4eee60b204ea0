"""Mentors and teacher mentees sign in themselves (issue 12 item 5, ADR 010), end to end through the gateway.

The curator issues the logins from the mentor's and the mentee's cards (never to a student); the mentor of pair A
sees and works pair A only — pair B is a 404 through every route that names a pair, whatever the request asks; the
teacher mentee reads the meetings (without the mentor's diary) and asks for another mentor; the database itself keeps
a participant's rows to its own pairs (restrictive row-level security bound by the unit of work)."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.routing import APIRoute

from tests.support import Api, unique_name, wait_until


def _today() -> str:
    """Asked each time: a run across midnight (UTC) must not date a meeting before its pair."""
    return datetime.now(UTC).date().isoformat()


MEETING = {"kind": "acquaintance", "format": "in_person", "topic": "Знакомство", "duration_minutes": 40,
           "participants": "наставник, наставляемый", "outcome": "Цели на четверть", "next_step": "Пробный урок",
           "diary": "Записи наставника о наставляемом"}


@pytest.fixture(scope="module")
def school(gateway_container, stack) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A school of its own with two teacher-teacher pairs (A and B), published by the curator."""
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область входа участников {tag}", code=f"sign-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}", code=f"sign-m-{tag}")
    org = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                       name=f"Школа входа участников {tag}", code=f"sign-{tag}")
    homes = {"org_id": org.id, "municipality_id": municipality.id, "region_id": region.id}
    auth.create_account(username=f"sign-{tag}", password=PASSWORD, display_name="Куратор", role=Role.SCHOOL_CURATOR,
                        **homes)
    curator = Api(stack.gateway_url).login(f"sign-{tag}", PASSWORD)
    mentors = [curator.register_mentor("teacher", capacity=1, subjects=["Математика"], experience_years=10)
               for _ in range(2)]
    mentees = []
    for _ in range(2):
        person = curator.consenting_person("staff", last_name=unique_name(), email=f"{unique_name().lower()}@s.example")
        mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["digital_skills"]})
        assert mentee.status_code == 201, mentee.text
        made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": ["Математика"],
                                                      "desired_form": "teacher_teacher", "source": "self"})
        assert made.status_code == 201, made.text
        mentees.append({"person": person, "mentee": mentee.json()})
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "kind": "individual", "term_months": 9})
    assert published.status_code == 200, published.text
    pairs = published.json()["pairs"]
    assert len(pairs) == 2, pairs
    for pair in pairs:
        wait_until(lambda p=pair: curator.get(f"/api/v1/pairs/{p['id']}/meetings").status_code == 200, timeout=30,
                   what="the pair learnt by monitoring")
    by_mentor = {m["id"]: m for m in mentors}
    by_mentee = {m["mentee"]["id"]: m for m in mentees}
    a, b = pairs
    yield {"curator": curator, "org": homes, "a": a, "b": b,
           "mentor_a": by_mentor[a["mentor_id"]], "mentor_b": by_mentor[b["mentor_id"]],
           "mentee_a": by_mentee[a["mentee_id"]], "mentee_b": by_mentee[b["mentee_id"]]}
    curator.close()


def _issue(curator: Api, person_id: str, role: str) -> dict[str, Any]:
    issued = curator.post(f"/api/v1/persons/{person_id}/logins",
                          json={"role": role, "email": f"{role}-{secrets.token_hex(3)}@s.example"})
    assert issued.status_code == 201, issued.text
    return dict(issued.json())


@pytest.fixture(scope="module")
def mentor_a(school, stack) -> Api:  # type: ignore[no-untyped-def]
    issued = _issue(school["curator"], school["mentor_a"]["person_id"], "mentor")
    assert issued["role"] == "mentor" and issued["participant_id"] == school["mentor_a"]["id"]
    client = Api(stack.gateway_url).login(issued["username"], issued["one_time_password"])
    yield client
    client.close()


@pytest.fixture(scope="module")
def mentee_a(school, stack) -> Api:  # type: ignore[no-untyped-def]
    issued = _issue(school["curator"], school["mentee_a"]["person"]["id"], "mentee")
    client = Api(stack.gateway_url).login(issued["username"], issued["one_time_password"])
    yield client
    client.close()


def test_the_curator_issues_logins_from_the_cards_and_never_to_a_student(school, mentor_a) -> None:  # type: ignore[no-untyped-def]
    curator = school["curator"]
    me = mentor_a.get("/api/v1/auth/me").json()["user"]
    assert (me["role"], me["participant_id"], me["org_id"]) == ("mentor", school["mentor_a"]["id"],
                                                                school["org"]["org_id"])
    again = curator.post(f"/api/v1/persons/{school['mentor_a']['person_id']}/logins",
                         json={"role": "mentor", "email": "again@s.example"})
    assert again.status_code == 409 and "уже есть вход" in again.json()["detail"]
    listed = curator.get(f"/api/v1/persons/{school['mentor_a']['person_id']}/logins").json()
    assert [a["role"] for a in listed] == ["mentor"]

    student = curator.consenting_person("student", last_name=unique_name(), class_name="7А")
    assert curator.post("/api/v1/mentees", json={"person_id": student["id"], "categories": ["gifted"]}).status_code \
        == 201
    refused = curator.post(f"/api/v1/persons/{student['id']}/logins", json={"role": "mentee", "email": "s@s.example"})
    assert refused.status_code == 422, refused.text
    assert "обучающиеся в систему не входят" in refused.json()["detail"] + str(refused.json()["errors"])
    page = curator.get(f"/school/persons/{student['id']}")
    assert 'id="login-refused"' in page.text and "Выдать вход" not in page.text
    not_in_base = curator.post(f"/api/v1/persons/{school['mentor_a']['person_id']}/logins",
                               json={"role": "mentee", "email": "n@s.example"})
    assert not_in_base.status_code == 422 and "базе наставляемых" in str(not_in_base.json())
    # The staff form no longer makes a mentor without a card: such a login would reach no pair.
    staff = curator.post("/api/v1/staff-accounts", json={"username": f"m-{secrets.token_hex(3)}",
                                                         "display_name": "Без карточки", "email": "x@s.example",
                                                         "role": "mentor"})
    assert staff.status_code == 422


def test_a_login_is_issued_on_the_card_page_with_its_one_time_password(school, stack) -> None:  # type: ignore[no-untyped-def]
    curator = school["curator"]
    person_id = school["mentor_b"]["person_id"]
    card = curator.get(f"/school/persons/{person_id}")
    assert card.status_code == 200 and 'id="issue-mentor-login"' in card.text
    shown = curator.post(f"/school/persons/{person_id}/login", data={
        "csrf_token": curator.csrf, "role": "mentor", "email": "mentor-b@s.example", "username": ""})
    assert shown.status_code == 200 and 'id="issued-password"' in shown.text, shown.text[-500:]
    username = re.search(r'id="issued-username">([^<]+)<', shown.text).group(1)  # type: ignore[union-attr]
    password = re.search(r'id="issued-password">([^<]+)<', shown.text).group(1)  # type: ignore[union-attr]
    mentor_b = Api(stack.gateway_url).login(username, password)
    assert [p["id"] for p in mentor_b.get("/api/v1/pairs").json()["pairs"]] == [school["b"]["id"]]
    mentor_b.close()


def _pair_routes() -> list[tuple[str, str]]:
    """Every API route and page that names a pair (``{pair_id}``): the mentor of another pair must get nowhere."""
    from gateway.bootstrap import ROUTERS

    found = []
    for route in (r for router in ROUTERS for r in router.routes):
        if isinstance(route, APIRoute) and "{pair_id}" in route.path:
            found += [(method, route.path) for method in sorted(route.methods)]
    return found


def test_the_mentor_of_pair_a_cannot_reach_pair_b_through_any_route(school, mentor_a) -> None:  # type: ignore[no-untyped-def]
    a, b, curator = school["a"], school["b"], school["curator"]
    listed = mentor_a.get("/api/v1/pairs").json()
    assert [p["id"] for p in listed["pairs"]] == [a["id"]] and listed["total"] == 1
    # A filter naming the other mentor is not obeyed: the principal decides, never a request parameter.
    foreign = mentor_a.get("/api/v1/pairs", params={"mentor_id": b["mentor_id"]}).json()
    assert foreign["pairs"] == [] and foreign["total"] == 0
    assert [p["pair_id"] for p in mentor_a.get("/api/v1/monitoring/pairs").json()["pairs"]] == [a["id"]]
    assert mentor_a.get("/api/v1/monitoring/settings").json()["reminder_emails"] == []

    routes = _pair_routes()
    assert len(routes) >= 20, routes
    for method, path in routes:
        url = path.replace("{pair_id}", b["id"])
        url = re.sub(r"\{[a-z_]+\}", "1", url)
        if method == "GET":
            answer = mentor_a.get(url)
        elif path.startswith("/api/"):
            answer = mentor_a.request(method, url, json={})
        else:
            answer = mentor_a.post(url, data={"csrf_token": mentor_a.csrf, "version": "1"})
        assert answer.status_code in (403, 404, 422), (method, path, answer.status_code)
        if answer.status_code == 422:
            assert b["id"] not in answer.text, (method, path)  # refused on its form, before the pair was read
    # Valid bodies through the writes: still nothing of B's.
    writes = [(f"/api/v1/pairs/{b['id']}/meetings", {**MEETING, "held_on": _today()}),
              (f"/api/v1/pairs/{b['id']}/plan", {"kind": "trial", "planned_on": _today(), "topic": "x"}),
              (f"/api/v1/pairs/{b['id']}/petition", {"kind": "release_mentor", "filed_on": _today(),
                                                     "reason": "Не моя пара", "version": 0})]
    for url, body in writes:
        assert mentor_a.post(url, json=body).status_code == 404, url
    for page in (f"/school/pairs/{b['id']}", f"/school/pairs/{b['id']}/work", f"/school/pairs/{b['id']}/reports",
                 f"/school/pairs/{b['id']}/plan-document"):
        assert mentor_a.get(page).status_code == 404, page
    work_b = curator.get(f"/api/v1/pairs/{b['id']}/meetings").json()
    assert work_b["meetings"] == [] and work_b["plan"] == []
    assert curator.get(f"/api/v1/pairs/{b['id']}").json()["petition"] is None

    # What the school's staff do is not the mentor's: settings, the half-year, the bases, matching.
    assert mentor_a.put("/api/v1/monitoring/settings", json={"no_meeting_weeks": 3}).status_code == 403
    assert mentor_a.get("/api/v1/monitoring/half-year", params={"year": 2026, "half": 1}).status_code == 403
    assert mentor_a.get("/api/v1/persons").status_code == 403
    assert mentor_a.get("/api/v1/matching/runs").status_code == 403


def test_the_mentor_works_his_own_pair(school, mentor_a) -> None:  # type: ignore[no-untyped-def]
    a = school["a"]
    held = mentor_a.post(f"/api/v1/pairs/{a['id']}/meetings", json={**MEETING, "held_on": _today()})
    assert held.status_code == 201, held.text
    planned = mentor_a.post(f"/api/v1/pairs/{a['id']}/plan", json={"kind": "trial", "planned_on": _today(),
                                                                  "topic": "Пробный урок"})
    assert planned.status_code == 201, planned.text
    seen = school["curator"].get(f"/api/v1/pairs/{a['id']}/meetings").json()
    assert [m["diary"] for m in seen["meetings"]] == [MEETING["diary"]]
    home = mentor_a.get("/")
    assert home.status_code == 200 and 'id="todo-overdue"' in home.text and 'id="todo-reports_due"' in home.text
    assert 'id="nav-my-pairs"' in home.text and 'href="/school/persons"' not in home.text
    page = mentor_a.get("/school/monitoring")
    assert page.status_code == 200 and a["mentee_name"] in page.text and school["b"]["mentee_name"] not in page.text
    work = mentor_a.get(f"/school/pairs/{a['id']}/work")
    assert work.status_code == 200 and "Записать встречу" in work.text
    # The mentor agrees the plan as the mentor only.
    assert mentor_a.post(f"/api/v1/pairs/{a['id']}/plan-document/agreements",
                         json={"party": "curator", "version": 1}).status_code in (403, 422)


def test_the_teacher_mentee_reads_the_meetings_and_asks_for_another_mentor(school, mentee_a) -> None:  # type: ignore[no-untyped-def]
    a, b = school["a"], school["b"]
    assert [p["id"] for p in mentee_a.get("/api/v1/pairs").json()["pairs"]] == [a["id"]]
    work = mentee_a.get(f"/api/v1/pairs/{a['id']}/meetings")
    assert work.status_code == 200
    assert all(m["diary"] == "" for m in work.json()["meetings"])  # the mentor's diary is the mentor's
    assert mentee_a.get(f"/api/v1/pairs/{a['id']}/plan-document").status_code == 200
    assert mentee_a.post(f"/api/v1/pairs/{a['id']}/meetings",
                         json={**MEETING, "held_on": _today()}).status_code == 403
    assert mentee_a.get(f"/api/v1/pairs/{b['id']}/meetings").status_code == 404

    version = mentee_a.get(f"/api/v1/pairs/{a['id']}").json()["version"]
    wrong = mentee_a.post(f"/api/v1/pairs/{a['id']}/petition", json={
        "kind": "release_mentor", "filed_on": _today(), "reason": "Не то", "version": version})
    assert wrong.status_code == 422
    filed = mentee_a.post(f"/api/v1/pairs/{a['id']}/petition", json={
        "kind": "replace_mentor", "filed_on": _today(), "reason": "Не совпадаем по расписанию",
        "version": version})
    assert filed.status_code == 200, filed.text
    assert filed.json()["petition"]["status"] == "filed"
    seen = school["curator"].get(f"/api/v1/pairs/{a['id']}").json()
    assert seen["petition"]["kind"] == "replace_mentor" and seen["petition"]["reason"] == "Не совпадаем по расписанию"
    assert mentee_a.post(f"/api/v1/pairs/{b['id']}/petition", json={
        "kind": "replace_mentor", "filed_on": _today(), "reason": "x", "version": 0}).status_code == 404


def test_the_database_keeps_a_participant_to_its_own_pairs(stack, school) -> None:  # type: ignore[no-untyped-def]
    """Row level: with the mentor of A bound (``app.participant_*``) the app role reads A's rows only, and cannot
    write a meeting on B even if a use case forgot to check; staff bound without a participant read both."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    a, b = school["a"], school["b"]
    bind = ("SELECT set_config('app.scope', 'org', true), set_config('app.org_id', :org, true),"
            " set_config('app.municipality_id', :m, true), set_config('app.region_id', :r, true),"
            " set_config('app.participant_role', :role, true), set_config('app.participant_id', :me, true)")
    tenant = {"org": school["org"]["org_id"], "m": school["org"]["municipality_id"], "r": school["org"]["region_id"]}
    for service, table in (("monitoring", "monitored_pairs"), ("matching", "pairs")):
        app = create_engine(stack.databases[service].app_url)
        try:
            with app.begin() as conn:
                conn.execute(text(bind), {**tenant, "role": "mentor", "me": school["mentor_a"]["id"]})
                seen = {str(r[0]) for r in conn.execute(text(f"SELECT id FROM {table}"))}
                assert seen == {a["id"]}, service
                if service == "monitoring":
                    assert conn.execute(text("SELECT count(*) FROM meetings WHERE pair_id = :b"),
                                        {"b": b["id"]}).scalar_one() == 0
            with app.begin() as conn:
                conn.execute(text(bind), {**tenant, "role": "mentee", "me": school["mentee_b"]["mentee"]["id"]})
                assert {str(r[0]) for r in conn.execute(text(f"SELECT id FROM {table}"))} == {b["id"]}
            with app.begin() as conn:
                conn.execute(text(bind), {**tenant, "role": "", "me": ""})
                assert {str(r[0]) for r in conn.execute(text(f"SELECT id FROM {table}"))} >= {a["id"], b["id"]}
            if service == "monitoring":
                with pytest.raises(DBAPIError, match="row-level security"), app.begin() as conn:
                    conn.execute(text(bind), {**tenant, "role": "mentor", "me": school["mentor_a"]["id"]})
                    conn.execute(text(
                        "INSERT INTO meetings (id, org_id, municipality_id, region_id, pair_id, kind, held_on, format,"
                        " topic, duration_minutes, participants, outcome, next_step, diary, recorded_by, recorded_at)"
                        " VALUES (gen_random_uuid(), :org, :m, :r, :b, 'regular', current_date, 'remote', 't', 30,"
                        " '', '', '', '', 'x', now())"), {**tenant, "b": b["id"]})
        finally:
            app.dispose()


def test_the_demo_has_a_mentor_and_a_teacher_mentee_who_sign_in_with_their_pair(stack, gateway_container) -> None:  # type: ignore[no-untyped-def]
    from gateway.demo import seed

    logins = {login.username: login.role for login in seed(gateway_container)}
    assert logins["mentor-school1"] == "Наставник (педагог)" and logins["mentee-school1"] == "Наставляемый педагог"
    password = gateway_container.settings.demo_password
    mentor = Api(stack.gateway_url).login("mentor-school1", password)
    mentee = Api(stack.gateway_url).login("mentee-school1", password)
    mine = mentor.get("/api/v1/pairs").json()["pairs"]
    theirs = mentee.get("/api/v1/pairs").json()["pairs"]
    assert [p["mentor_name"].split()[0] for p in mine] and all(p["mentor_name"].startswith("Иванова") for p in mine)
    assert [p["id"] for p in theirs] and {p["id"] for p in theirs} <= {p["id"] for p in mine}, \
        "the demo run pairs the teacher mentee with the teacher mentor"
    mentor.close()
    mentee.close()


# Tables a participant's login may read whole within its school: the settings it needs to derive «overdue».
SHARED_WITH_PARTICIPANTS = {"school_settings"}


def test_every_monitoring_table_keeps_a_participant_to_its_own_rows(stack) -> None:  # type: ignore[no-untyped-def]
    """A table added beside the pairs (groups, outcomes, evaluation, ИОМ, questionnaires) gets its restrictive
    policy too: without it only a use case's check would keep a mentor off the school's other rows."""
    from sqlalchemy import create_engine, text

    from monitoring.adapters.tables import metadata

    app = create_engine(stack.databases["monitoring"].app_url)
    try:
        with app.begin() as conn:
            guarded = {r[0] for r in conn.execute(text(
                "SELECT tablename FROM pg_policies WHERE policyname = tablename || '_own'"
                " AND permissive = 'RESTRICTIVE'"))}
    finally:
        app.dispose()
    tenant_tables = {t.name for t in metadata.sorted_tables if "org_id" in t.c}
    assert tenant_tables - SHARED_WITH_PARTICIPANTS <= guarded, tenant_tables - SHARED_WITH_PARTICIPANTS - guarded
